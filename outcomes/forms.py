"""The follow-up's questions: today's score for each of the patient's own activities, and the global rating of
change. Every question needs an answer; a score is a whole number from 0 to 10."""

from django import forms

from outcomes.models import MAX_SCORE, Change

SCORE_CHOICES = [(n, str(n)) for n in range(MAX_SCORE + 1)]


class FollowUpForm(forms.Form):
    change = forms.TypedChoiceField(
        label="Compared with before your first visit, how are you now?",
        choices=[(value, label) for value, label in reversed(Change.choices)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how you are now, compared with before your first visit.",
            "invalid_choice": "Choose one of the answers listed.",
        },
    )

    def __init__(self, *args, followup, **kwargs):
        super().__init__(*args, **kwargs)
        scored = {}
        for n, item in enumerate(followup.activities):
            before = item.get("baseline")
            hint = f"Before your visit: {before}. " if before is not None else ""
            scored[f"score_{n}"] = forms.TypedChoiceField(
                label=f"{item['activity']}: how well can you do it today?",
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=f"{hint}From 0 (not at all) to 10 (as well as before the problem).",
                error_messages={
                    "required": f"Choose a score from 0 to 10 for “{item['activity']}”.",
                    "invalid_choice": f"Choose a score from 0 to 10 for “{item['activity']}”.",
                },
            )
        self.fields = {**scored, "change": self.fields["change"]}  # the activities first, as the page asks them

    def scores(self) -> list[int]:
        return [value for name, value in self.cleaned_data.items() if name.startswith("score_")]
