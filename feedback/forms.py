"""The patient's answer: a rating from 1 to 5, an optional comment, and a separate, unticked permission to publish
the comment with their first name and initial."""

from django import forms
from django.template.defaultfilters import floatformat

from feedback.models import COMMENT_MAX_LENGTH, RATINGS

RATING_CHOICES = [(str(value), f"{value} – {words}") for value, words in RATINGS.items()]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Your rating, from 1 (very poor) to 5 (excellent)",
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a rating from 1 to 5.",
            "invalid_choice": "Choose a rating from 1 to 5.",
        },
    )
    comment = forms.CharField(
        label="Anything you’d like to tell the clinic? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),  # no maxlength: a browser cuts a pasted comment silently, mid-word
        help_text=f"Up to {floatformat(COMMENT_MAX_LENGTH, 'g')} characters.",
    )
    may_publish = forms.BooleanField(
        required=False,
        help_text="Only your words are shown, with your first name, initial and the month: nothing about your visit "
        "or your health that you haven’t written here. Leave it unticked and only the clinic reads it.",
    )

    def __init__(self, *args, shown_name, **kwargs):
        super().__init__(*args, **kwargs)
        shown = f"as “{shown_name}”" if shown_name else "without your name"
        self.fields["may_publish"].label = f"You may show my comment on the website, {shown}"

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if len(comment) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(
                f"Keep your comment to {floatformat(COMMENT_MAX_LENGTH, 'g')} characters or fewer "
                f"(it has {floatformat(len(comment), 'g')})."
            )
        return comment

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("may_publish") and not cleaned.get("comment") and "comment" not in self.errors:
            self.add_error("may_publish", "Write a comment to show on the website, or untick this box.")
        return cleaned
