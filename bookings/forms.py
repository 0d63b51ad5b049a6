import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils.html import format_html

from bookings.models import Concern, PartOfDay, Service, phone_validator

# Characters that change how text displays without being seen: bidirectional overrides, embeddings and
# isolates (U+202A–202E, U+2066–2069), direction marks, zero-width space, word joiner, byte-order mark, and
# control characters other than tab and newline. A name carrying U+202E would read backwards in admin, the
# diary and the CSV. (Zero-width joiners stay: some scripts need them.)
INVISIBLE = dict.fromkeys(
    [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x061C, 0x200B, 0x200E, 0x200F,
     *range(0x202A, 0x202F), *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF]
)  # fmt: skip


def without_invisible(text: str) -> str:
    return text.replace("\r\n", "\n").translate(INVISIBLE)


class VisibleTextField(forms.CharField):
    """Text as a person sees it: invisible and direction-changing characters removed at the form boundary."""

    def to_python(self, value):
        visible = without_invisible(super().to_python(value))
        return visible.strip() if self.strip else visible  # spaces an invisible character kept from the strip


class ServiceChoiceField(forms.ModelChoiceField):
    """The bookable services as radios: name, duration and price, with the short description beneath."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Service.objects.active(),
            to_field_name="slug",
            widget=forms.RadioSelect,
            empty_label=None,
            error_messages={
                "required": "Choose the service you’d like to book.",
                "invalid_choice": "Choose one of the services listed.",
            },
            **kwargs,
        )

    def label_from_instance(self, service):
        label = f"{service.name} — {service.facts}"
        if not service.description:
            return label
        return format_html('{}<span class="choice-hint">{}</span>', label, service.description)


AREA_FIELD = {
    "label": "Which area is bothering you?",
    "choices": Concern.choices,
    "widget": forms.RadioSelect,
    "error_messages": {
        "required": "Choose the area of concern, or “Something else”.",
        "invalid_choice": "Choose one of the areas listed.",
    },
}


class ServiceForm(forms.Form):
    """Step 1: the service and the area of concern (which decides the safety questions of step 2)."""

    service = ServiceChoiceField(label="What would you like to book?")
    concern = forms.ChoiceField(
        **AREA_FIELD, help_text="It decides a few safety questions on the next step, and helps the clinic prepare."
    )


class SafetyForm(forms.Form):
    """Step 2: a yes or no for each of the area's safety questions (`triage.questions_for`), each shown with its
    timeframe above it and, for a sensitive one, why it is asked; an unanswered question's error names it, so the
    error summary says which questions are left."""

    YES, NO = "yes", "no"

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=format_html(
                    '<span class="choice-hint">{}</span> {}', question.get_timeframe_display(), question.question
                ),
                help_text=f"Why we ask: {question.why_asked}" if question.why_asked else "",
                choices=[(self.YES, "Yes"), (self.NO, "No")],
                widget=forms.RadioSelect,
                error_messages=dict.fromkeys(
                    ["required", "invalid_choice"], f"Answer yes or no to “{question.question}”"
                ),
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*(Field(name, wrapper_class="yes-no") for name in self.fields))

    def yes_ids(self) -> set[int]:
        return {q.pk for q in self.questions if self.cleaned_data[f"q{q.pk}"] == self.YES}


class OfferSafetyForm(SafetyForm):
    """Booking a time offered from the waitlist: the area's safety questions, and consent to store the answers
    (joining the waitlist agreed to the details needed to offer times, not to health answers)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.questions:
            self.fields["consent"] = forms.BooleanField(
                label="I agree that the clinic may store my answers with my appointment, as health information, "
                "to arrange my care.",
                error_messages={"required": "Tick the box to agree, so the clinic can store your answers."},
            )
            self.helper.layout.append("consent")


class SlotForm(forms.Form):
    """A start time, offered as radios; the value is the start in UTC (ISO 8601)."""

    slot = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Choose a time",
        error_messages={
            "required": "Choose a time for your consult.",
            "invalid_choice": "That time isn’t available. Choose one of the times shown.",
        },
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = list(slots)
        self.fields["slot"].choices = [(slot.value, f"{slot.local_start:%H:%M}") for slot in self.slots]

    def clean_slot(self):
        value = self.cleaned_data["slot"]
        return next(slot for slot in self.slots if slot.value == value)


def parse_day(value: str | None) -> dt.date | None:
    """A YYYY-MM-DD date within the years the clinic can mean (2000-2100), else None."""
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return day if 2000 <= day.year <= 2100 else None


class PatientForm(forms.Form):
    """What every form a patient sends shares: a honeypot (`website`, hidden from people, filled in by bots, laid
    out with `honeypot()`) and an email address compared as lower case."""

    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @staticmethod
    def honeypot():
        return Div("website", css_class="honeypot", aria_hidden="true")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError("This form could not be accepted.")
        return ""


class DetailsForm(PatientForm):
    name = VisibleTextField(
        label="Full name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": "Enter your full name.",
            "max_length": "Your name must be 100 characters or fewer.",
        },
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The clinic confirms your appointment by email.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=30,
        validators=[phone_validator],
        help_text="In case the clinic needs to reach you on the day.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        error_messages={"required": "Enter a phone number."},
    )
    notes = VisibleTextField(
        label="Anything you’d like the clinic to know (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example how long it has hurt, and what makes it better or worse. 2,000 characters at most.",
        error_messages={"max_length": "Keep your notes to 2,000 characters or fewer."},
    )
    consent = forms.BooleanField(
        label="I agree that the clinic may store these details, including health information (the area of concern, "
        "my answers to the safety questions and any notes), to arrange my care.",
        error_messages={"required": "Tick the box to agree, so the clinic can store your details."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "name",
            "email",
            "phone",
            "notes",
            "consent",
            self.honeypot(),
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter your full name.")
        return name


WEEKDAYS = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday"), (5, "Saturday"),
            (6, "Sunday")]  # fmt: skip


class WaitlistForm(DetailsForm):
    """Joining the waitlist: the service, what suits (days, parts of the day, dates) and the patient's details.

    `open_weekdays` are the days the clinic opens (only those are offered); `last_day` is the booking
    horizon's last day, the latest date anyone can wait for."""

    notes = None  # the waitlist keeps no notes: they go with the booking
    concern = forms.ChoiceField(**AREA_FIELD)
    service = ServiceChoiceField(label="Which service are you waiting for?")
    weekdays = forms.TypedMultipleChoiceField(
        label="Which days suit you?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day.", "invalid_choice": "Choose from the days listed."},
    )
    parts_of_day = forms.MultipleChoiceField(
        label="Which parts of the day suit you?",
        choices=PartOfDay.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one part of the day.",
            "invalid_choice": "Choose from the parts listed.",
        },
    )
    earliest = forms.DateField(
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the first date you could come.",
            "invalid": "Enter the first date as a real date, like 2026-12-01.",
        },
    )
    latest = forms.DateField(
        label="Until",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the last date that would still help.",
            "invalid": "Enter the last date as a real date, like 2027-01-15.",
        },
    )

    def __init__(self, *args, open_weekdays=range(7), today, last_day, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.last_day = today, last_day
        self.fields["weekdays"].choices = [(n, name) for n, name in WEEKDAYS if n in open_weekdays]
        self.fields["email"].help_text = "The clinic emails you here when a time that suits comes free."
        self.fields["consent"].label = (
            "I agree that the clinic may store these details, including the area that bothers me, to offer me "
            "appointments."
        )
        for name, day in (("earliest", today), ("latest", last_day)):
            self.fields[name].widget.attrs.update(min=f"{today:%Y-%m-%d}", max=f"{last_day:%Y-%m-%d}")
            self.fields[name].help_text = f"Between {today:%-d %B} and {last_day:%-d %B %Y}."
            self.fields[name].initial = day
        self.helper.layout = Layout(
            "service",
            "weekdays",
            "parts_of_day",
            Div("earliest", "latest", css_class="date-range"),
            "name",
            "email",
            "phone",
            "concern",
            "consent",
            self.honeypot(),
        )

    def clean_earliest(self):
        earliest = self.cleaned_data["earliest"]
        if earliest < self.today:
            raise forms.ValidationError("The first date can’t be in the past.")
        if earliest > self.last_day:
            raise forms.ValidationError(f"The first date must be on or before {self.last_day:%-d %B %Y}.")
        return earliest

    def clean_latest(self):
        latest = self.cleaned_data["latest"]
        if latest > self.last_day:
            raise forms.ValidationError(
                f"The clinic books up to {self.last_day:%-d %B %Y}: choose that date or an earlier one."
            )
        if latest < self.today:
            raise forms.ValidationError("The last date can’t be in the past.")
        return latest

    def clean(self):
        cleaned = super().clean()
        earliest, latest = cleaned.get("earliest"), cleaned.get("latest")
        if earliest and latest and latest < earliest:
            self.add_error("latest", "The last date must be on or after the first date.")
        return cleaned
