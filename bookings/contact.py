"""The contact form, for patients without an email client: a name, an email address and a message, stored and
emailed to the clinic through the outbox (the reply goes straight to the patient). No health details are asked
for; submissions are rate-limited like the booking forms, and a honeypot turns away bots."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.db import transaction

from bookings import emails
from bookings.forms import PatientForm, VisibleTextField
from bookings.models import ContactMessage


class ContactForm(PatientForm):
    name = VisibleTextField(
        label="Your name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name.", "max_length": "Your name must be 100 characters or fewer."},
    )
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="The reply comes here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address, so the clinic can reply.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
    )
    message = VisibleTextField(
        label="Your message",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Please leave out health details: they are asked for, and kept safely, when you book. "
        "3,000 characters at most.",
        error_messages={
            "required": "Write your message.",
            "max_length": "Keep your message to 3,000 characters or fewer.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "name", "email", "message", Div("website", css_class="honeypot", aria_hidden="true")
        )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


def receive(data: dict, now) -> ContactMessage:
    """Store the message and queue its email to the clinic, together or not at all."""
    with transaction.atomic():
        message = ContactMessage.objects.create(
            name=data["name"], email=data["email"], message=data["message"], received_at=now
        )
        emails.queue_contact_message(message)
    return message
