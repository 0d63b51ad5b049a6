"""The pre-visit questionnaire's form (`views.questionnaire`): the patient's answers, their activities scored 0-10
(the Patient-Specific Functional Scale) and their agreement to follow-ups after their last visit."""

from django import forms

from bookings.forms import VisibleTextField
from bookings.models import PSFS_ACTIVITIES, BookingRules, Questionnaire

SCORES = [("", "Choose a score"), *((str(n), str(n)) for n in range(11))]


class QuestionnaireForm(forms.ModelForm):
    """The pre-visit questionnaire: every answer optional, at least one given; each scored activity
    (Patient-Specific Functional Scale) has a name and a score from 0 to 10."""

    class Meta:
        model = Questionnaire
        fields = [*Questionnaire.ANSWERS, *Questionnaire.INSURANCE]
        for n in range(1, PSFS_ACTIVITIES + 1):
            fields += [f"activity_{n}", f"score_{n}"]
        fields += ["followup_consent"]  # optional, never ticked for the patient
        field_classes = dict.fromkeys(Questionnaire.ANSWERS, VisibleTextField)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in Questionnaire.ANSWERS if name != "gp_practice"}
        labels = {
            "started": "When did it start, and how?",
            "better_worse": "What makes it better, and what makes it worse?",
            "training": "What training or activity do you do in a normal week?",
            "goals": "What would you like to get back to, or achieve?",
            "previous_injuries": "Any previous injuries or operations?",
            "medication": "Any medication that affects exercise?",
            "gp_practice": "Your GP practice",
            "insurer": "Insurer",
            "membership_number": "Membership number",
            "preauthorisation_number": "Pre-authorisation number",
            "followup_consent": "Yes, email me to ask how my activities are going (optional)",
        }
        help_texts = {
            "started": "For example: “three weeks ago, after a long downhill run”.",
            "training": "For example: “running 3 times, 25 km in all, and one gym session”.",
            "medication": "For example blood thinners, blood pressure tablets, inhalers or insulin.",
            "gp_practice": "The name and town, in case the clinic should write to your GP (only if you agree).",
            "preauthorisation_number": "Your insurer gives you this when you call them before your first visit.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, PSFS_ACTIVITIES + 1):
            self.fields[f"activity_{n}"] = VisibleTextField(
                label=f"Activity {n}",
                max_length=120,
                required=False,
                error_messages={"max_length": "Keep each activity to 120 characters or fewer."},
            )
            self.fields[f"score_{n}"] = forms.TypedChoiceField(
                label=f"How well can you do activity {n} now?",
                choices=SCORES,
                coerce=int,
                empty_value=None,
                required=False,
                help_text="0: not at all. 10: as well as before the problem.",
                error_messages={"invalid_choice": "Choose a score from 0 to 10."},
            )
        rules = BookingRules.load()
        self.fields["followup_consent"].help_text = (
            f"Two short emails, {rules.first_followup_weeks} and {rules.second_followup_weeks} weeks after your last "
            "visit, each with a link to score the activities above again and say how you are. They say nothing about "
            "your health, and each has a link to stop them at any time."
        )
        for name in self.Meta.fields:
            if isinstance(self.fields[name], forms.CharField) and self.fields[name].max_length:
                limit = self.fields[name].max_length
                self.fields[name].error_messages["max_length"] = f"Keep this answer to {limit:,} characters or fewer."

    def clean(self):
        cleaned = super().clean()
        for n in range(1, PSFS_ACTIVITIES + 1):
            activity, score = cleaned.get(f"activity_{n}"), cleaned.get(f"score_{n}")
            if activity and score is None and f"score_{n}" not in self.errors:
                self.add_error(f"score_{n}", "Choose a score from 0 to 10 for this activity.")
            if score is not None and not activity:
                self.add_error(f"activity_{n}", "Name the activity you scored.")
        answers = [value for name, value in cleaned.items() if name != "followup_consent"]  # agreeing isn't an answer
        if not self.errors and not any(value not in ("", None) for value in answers):
            raise forms.ValidationError(
                "Answer at least one question before saving (agreeing to follow-up emails on its own isn’t an "
                "answer: every question is optional, but the clinic needs one to read)."
            )
        return cleaned
