"""The patient's session log: what was done, the pain, a note."""

from django import forms

from care.models import MAX_PAIN, SessionLog
from care.reminders import WEEKDAYS

PAIN_CHOICES = [(n, str(n)) for n in range(MAX_PAIN + 1)]


class SessionLogForm(forms.Form):
    done = forms.TypedMultipleChoiceField(
        label="What did you do today?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the pain that stopped every exercise is the log that matters most
        help_text="Tick none if you couldn’t do them: your pain score still reaches the clinic.",
    )
    pain = forms.TypedChoiceField(
        label="Your worst pain, 0 (none) to 10 (the worst imaginable)",
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose your pain score, from 0 (none) to 10.",
            "invalid_choice": "Choose a pain score from 0 to 10.",
        },  # noqa: E501
    )
    pain_when = forms.ChoiceField(
        label="Was that during or after the exercises?",
        choices=SessionLog.PainWhen.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the pain was during or after the exercises."},
    )
    note = forms.CharField(
        label="Anything to tell the clinic? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["done"].choices = [(item.pk, item.exercise.name) for item in self.items]

    def done_names(self) -> list[str]:
        chosen = set(self.cleaned_data["done"])
        return [item.exercise.name for item in self.items if item.pk in chosen]

    @staticmethod
    def initial_from(log, items) -> dict:
        """Today's log as the form's starting values (ticks matched by the exercise's name)."""
        if log is None:
            return {}
        names = set(log.done)
        return {
            "done": [item.pk for item in items if item.exercise.name in names],
            "pain": log.pain,
            "pain_when": log.pain_when,
            "note": log.note,
        }


class ReminderForm(forms.Form):
    """The patient's choice of reminder days: none ticked until they tick them."""

    days = forms.TypedMultipleChoiceField(
        label="Email me a reminder on",
        choices=[(n, name) for n, name in enumerate(WEEKDAYS)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose days from Monday to Sunday."},
    )
    action = forms.ChoiceField(  # the button pressed: "Save reminder days" (Enter as well), or "Stop reminders"
        choices=[("save", "Save"), ("stop", "Stop")],
        required=False,
        error_messages={"invalid_choice": "Save your reminder days, or stop reminders."},
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["action"] = cleaned.get("action") or "save"
        if cleaned["action"] == "save" and not cleaned.get("days") and "days" not in self.errors:
            self.add_error("days", "Tick the days you’d like a reminder on (or leave reminders off).")
        return cleaned
