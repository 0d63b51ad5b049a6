"""Services, the clinic's booking rules and appointments.

The rule that two appointments never hold the same time lives in the database:
on PostgreSQL an exclusion constraint (migration 0002), on SQLite a
check-and-insert inside an IMMEDIATE transaction (`bookings.booking`).
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from clinic.hours import local
from core.typography import TypographicFields

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
# No appointment is longer than this, so a day's appointments are found by a bounded index range.
LONGEST_APPOINTMENT = dt.timedelta(hours=12)

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{6,22}$",
    "Enter a phone number using digits, spaces and an optional + at the start, like 07700 900123.",
)


def new_calendar_token():
    return secrets.token_urlsafe(32)


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Service(TypographicFields, models.Model):
    typographic_fields = ("name", "description", "suits", "includes")

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True, help_text="One or two sentences: shown at booking.")
    suits = models.TextField(
        "who it suits", blank=True, help_text="A short paragraph for the service’s page. Hidden while empty."
    )
    includes = models.TextField(
        "what it includes", blank=True, help_text="One item per line, shown as a list. Hidden while empty."
    )
    duration_minutes = models.PositiveSmallIntegerField("duration (minutes)", validators=[MinValueValidator(5)])
    buffer_minutes = models.PositiveSmallIntegerField(
        "buffer after (minutes)",
        default=0,
        help_text="Time kept free after the consult, e.g. to write notes.",
    )
    price = models.DecimalField(max_digits=7, decimal_places=2, help_text="Shown to patients; not charged online.")
    is_active = models.BooleanField("bookable online", default=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=720),
                name="service_sensible_duration",
            ),
            models.CheckConstraint(condition=Q(buffer_minutes__lte=240), name="service_sensible_buffer"),
            models.CheckConstraint(condition=Q(price__gte=0), name="service_price_not_negative"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("services:detail", args=[self.slug])

    def get_booking_url(self):
        """Booking step 1 with this service chosen."""
        return reverse("bookings:start") + f"?service={self.slug}"

    @property
    def price_label(self) -> str:
        """The price as patients read it: £65, £47.50."""
        return f"£{self.price:,.2f}".replace(".00", "")

    def included_items(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.includes.splitlines() if line.strip(" -•\t")]

    @property
    def duration(self):
        return dt.timedelta(minutes=self.duration_minutes)

    @property
    def buffer(self):
        return dt.timedelta(minutes=self.buffer_minutes)

    def times_from(self, start):
        """(end, hold_until) of this service starting at `start`: the consult, then the buffer kept free."""
        end = start + self.duration
        return end, end + self.buffer


class BookingRules(models.Model):
    """How patients may book. Exactly one row (id 1), edited in admin."""

    CACHE_KEY = "bookings:rules:v1"

    slot_interval_minutes = models.PositiveSmallIntegerField(
        "slot interval (minutes)",
        default=15,
        help_text="Start times are offered on this grid, e.g. every 15 minutes.",
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        "minimum notice (hours)",
        default=12,
        help_text="The soonest a patient can book ahead of the start time.",
    )
    horizon_weeks = models.PositiveSmallIntegerField(
        "book up to (weeks ahead)", default=8, validators=[MinValueValidator(1)]
    )
    allow_same_day = models.BooleanField("allow same-day requests", default=True)
    max_upcoming_per_email = models.PositiveSmallIntegerField(
        "upcoming requests per email address",
        default=3,
        help_text="How many future appointments one email address can hold at once.",
    )
    cancellation_window_hours = models.PositiveSmallIntegerField(
        "cancellation window (hours)",
        default=24,
        help_text="Patients can cancel or move online until this long before the start.",
    )
    reminder_hours = models.PositiveSmallIntegerField(
        "send reminders (hours before)", default=24, help_text="Confirmed patients get one reminder email."
    )
    retention_unattended_months = models.PositiveSmallIntegerField(
        "keep requests that never became a visit (months)",
        default=12,
        help_text="Declined and cancelled requests are anonymised after this.",
    )
    retention_attended_years = models.PositiveSmallIntegerField(
        "keep attended appointments (years)", default=8, help_text="Clinical records are anonymised after this."
    )
    waitlist_offers_at_once = models.PositiveSmallIntegerField(
        "offer each freed time to (people at once)",
        default=3,
        validators=[MinValueValidator(1)],
        help_text="The waitlist is offered a freed time a few people at a time, in the order they joined.",
    )
    waitlist_offer_hours = models.PositiveSmallIntegerField(
        "a waitlist offer lasts (hours)",
        default=2,
        validators=[MinValueValidator(1)],
        help_text="After this the time is offered to the next people (never past the minimum notice).",
    )
    waitlist_auto_confirm = models.BooleanField(
        "confirm waitlist claims automatically",
        default=False,
        help_text="Off: a claimed time arrives as a request for you to confirm, like any other.",
    )
    calendar_token = models.CharField(
        max_length=64,
        default=new_calendar_token,
        editable=False,
        help_text="The secret in the clinician’s calendar feed address.",
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "booking rules"
        verbose_name_plural = "booking rules"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="booking_rules_single_row"),
            models.CheckConstraint(
                condition=Q(slot_interval_minutes__gte=5, slot_interval_minutes__lte=120),
                name="booking_rules_sensible_interval",
            ),
            models.CheckConstraint(condition=Q(horizon_weeks__gte=1), name="booking_rules_horizon_positive"),
            models.CheckConstraint(
                condition=Q(waitlist_offers_at_once__gte=1, waitlist_offer_hours__gte=1),
                name="booking_rules_waitlist_positive",
            ),
        ]

    def __str__(self):
        return "Booking rules"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)  # the cached copy is dropped by its declaration (BookingsConfig.ready)

    def get_absolute_url(self):
        return reverse("bookings:start")

    @classmethod
    def load(cls):
        return cache.get_or_set(cls.CACHE_KEY, lambda: cls.objects.get_or_create(pk=1)[0], timeout=None)

    @property
    def slot_interval(self):
        return dt.timedelta(minutes=self.slot_interval_minutes)

    @property
    def min_notice(self):
        return dt.timedelta(hours=self.min_notice_hours)

    @property
    def horizon(self):
        return dt.timedelta(weeks=self.horizon_weeks)

    @property
    def waitlist_offer_lifetime(self):
        return dt.timedelta(hours=self.waitlist_offer_hours)

    @property
    def cancellation_policy(self) -> str:
        """The cancellation policy in one sentence, from the rule itself (shown before and after booking)."""
        hours = self.cancellation_window_hours
        return (
            f"You can cancel or move your appointment online until {hours} hour{'s' if hours != 1 else ''} "
            "before it starts, with the link in your email; after that, please contact the clinic."
        )


class Concern(models.TextChoices):
    KNEE = "knee", "Knee"
    HIP = "hip", "Hip"
    ANKLE_FOOT = "ankle-foot", "Ankle or foot"
    BACK = "back", "Back"
    SHOULDER = "shoulder", "Shoulder"
    OTHER = "other", "Something else"


class SafetyQuestion(TypographicFields, models.Model):
    """A yes/no red-flag question asked before booking, for one area of concern (or every area).

    A "yes" to an emergency or urgent question shows the patient that level's advice with the question's
    reason before they may go on; a "yes" to a note question is only for the clinician (`bookings.triage`)."""

    class Level(models.TextChoices):
        EMERGENCY = "emergency", "Emergency: call 999 or go to A&E now"
        URGENT = "urgent", "Urgent: NHS 111 or the GP today"
        NOTE = "note", "Note for the clinician"

    concern = models.CharField(
        "area", max_length=20, choices=Concern.choices, blank=True, help_text="Leave empty to ask it for every area."
    )
    question = models.CharField(max_length=250, help_text="Plain English, answered yes or no.")
    level = models.CharField(max_length=10, choices=Level.choices)
    reason = models.CharField(
        max_length=400,
        blank=True,
        help_text="One sentence shown to a patient who answers yes: why this needs care sooner than a consult. "
        "Needed for emergency and urgent questions.",
    )
    display_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField("asked", default=True)
    typographic_fields = ("question", "reason")

    class Meta:
        ordering = ["concern", "display_order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(level="note") | ~Q(reason=""), name="safety_question_advice_has_reason"),
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("admin:bookings_safetyquestion_change", args=[self.pk])

    def clean(self):
        if self.level != self.Level.NOTE and not self.reason.strip():
            raise ValidationError({"reason": "Say in one sentence why a “yes” needs care sooner than a consult."})


class SafetyAdvice(models.TextChoices):
    """The advice a patient was shown before booking (the most serious level they answered yes to)."""

    NONE = "", "None"
    EMERGENCY = "emergency", "Emergency advice: call 999 or go to A&E"
    URGENT = "urgent", "Urgent advice: NHS 111 or the GP today"


def new_reference():
    return "RST-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


class AppointmentQuerySet(models.QuerySet):
    def holding_time(self):
        """Appointments that keep their time from others (requested or confirmed)."""
        return self.filter(status__in=Appointment.HOLDING)

    def overlapping(self, start, hold_until):
        """Appointments whose held time [start, hold_until) meets the interval given."""
        return self.filter(start__lt=hold_until, start__gt=start - LONGEST_APPOINTMENT, hold_until__gt=start)

    def upcoming(self, now):
        return self.filter(start__gte=now)


class Appointment(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        CANCELLED_BY_PATIENT = "cancelled_patient", "Cancelled by patient"
        CANCELLED_BY_CLINIC = "cancelled_clinic", "Cancelled by clinic"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "No-show"

    HOLDING = (Status.REQUESTED, Status.CONFIRMED)

    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="appointments")
    start = models.DateTimeField()
    end = models.DateTimeField(editable=False)
    hold_until = models.DateTimeField(
        editable=False, help_text="The end plus the service’s buffer: the time no one else can book."
    )
    patient_name = models.CharField("name", max_length=100)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=30, validators=[phone_validator])
    concern = models.CharField("area of concern", max_length=20, choices=Concern.choices)
    notes = models.TextField(blank=True, max_length=2000)
    safety_answers = models.JSONField(
        "answers to the safety questions",
        default=list,
        blank=True,
        editable=False,
        help_text="Each question as it was asked, its level and the patient’s answer.",
    )
    safety_advice = models.CharField(
        "advice shown before booking", max_length=10, choices=SafetyAdvice.choices, blank=True, editable=False
    )

    class ConsentMethod(models.TextChoices):
        ONLINE = "online", "Ticked by the patient online"
        PHONE = "phone", "Given verbally by phone, recorded by the clinic"

    consent_at = models.DateTimeField("consent given at", null=True, blank=True)
    consent_method = models.CharField(
        "how consent was given", max_length=10, choices=ConsentMethod.choices, default=ConsentMethod.ONLINE
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="consent recorded by",
    )
    privacy_notice_version = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="Goes up with each change, so calendar apps replace the old event."
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    request_key = models.CharField(
        max_length=32,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="The patient’s booking draft it came from: a resubmitted draft finds this appointment.",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        permissions = [("export_subject_access", "Can export everything held about one email address")]
        indexes = [
            models.Index(fields=["start"], name="appointment_start_idx"),
            models.Index(fields=["email", "start"], name="appointment_email_idx"),
            models.Index(fields=["status", "start"], name="appointment_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="appointment_ends_after_start"),
            models.CheckConstraint(condition=Q(hold_until__gte=F("end")), name="appointment_hold_covers_end"),
        ]

    def __str__(self):
        return f"{self.reference} — {self.patient_name}, {local(self.start):%a %d %b %Y %H:%M}"

    def save(self, *args, **kwargs):
        self.set_times()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:bookings_appointment_change", args=[self.pk])

    @property
    def holds_time(self):
        return self.status in self.HOLDING

    def questionnaire_open(self, now) -> bool:
        """The pre-visit questionnaire can be filled in and changed once confirmed, until the appointment starts."""
        return self.status == self.Status.CONFIRMED and now < self.start

    @property
    def has_questionnaire(self) -> bool:
        return hasattr(self, "questionnaire")

    @property
    def local_start(self):
        return timezone.localtime(self.start)

    @property
    def local_end(self):
        return timezone.localtime(self.end)

    def set_times(self):
        """Derive end and hold_until from the start and the service."""
        if self.start and self.service_id:
            self.end, self.hold_until = self.service.times_from(self.start)

    def clean(self):
        """A requested or confirmed appointment given a new time must be at a free one (`booking.check_free`,
        as the clinician sees it: minimum notice aside). An unchanged time is not re-judged."""
        if not self.start or not self.service_id or not self.holds_time:
            return
        self.set_times()
        seen = Appointment.objects.filter(pk=self.pk).values_list("start", "service_id", "status").first()
        if seen == (self.start, self.service_id, self.status):
            return
        from bookings.booking import SlotTaken, check_free

        try:
            check_free(self.service, self.start, timezone.now(), enforce_notice=False, exclude_pk=self.pk)
        except SlotTaken as error:
            raise ValidationError({"start": error.message}) from error


class AppointmentEvent(models.Model):
    """One change to an appointment: who, when, and what it was before and after."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=40, help_text="“patient”, “system” or the staff user’s name.")
    from_status = models.CharField(max_length=20, choices=Appointment.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Appointment.Status.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        change = f"{self.from_status or '—'} → {self.to_status or '—'}"
        return f"{timezone.localtime(self.at):%d/%m/%Y %H:%M} {self.actor_label}: {change} {self.note}".strip()

    def get_absolute_url(self):
        return self.appointment.get_absolute_url()

    @classmethod
    def record(cls, appointment, user, from_status, to_status, note="", label=None):
        """Add a history entry; `user` None means the patient did it (or pass `label`, e.g. "system")."""
        if label is None:
            label = "patient" if user is None else user.get_full_name() or user.get_username()
        return cls.objects.create(
            appointment=appointment,
            actor=user,
            actor_label=label,
            from_status=from_status,
            to_status=to_status,
            note=note[:500],
        )


class PartOfDay(models.TextChoices):
    """Parts of the day as patients name them (the same bands as the time picker's groups)."""

    MORNING = "morning", "Morning (before 12:00)"
    AFTERNOON = "afternoon", "Afternoon (12:00–17:00)"
    EVENING = "evening", "Evening (from 17:00)"

    @classmethod
    def of(cls, local_time: dt.time) -> "PartOfDay":
        return cls.MORNING if local_time.hour < 12 else cls.AFTERNOON if local_time.hour < 17 else cls.EVENING


class WaitlistEntryQuerySet(models.QuerySet):
    def waiting(self, today: dt.date):
        return self.filter(status=WaitlistEntry.Status.WAITING, latest__gte=today)


class WaitlistEntry(models.Model):
    """A patient waiting for a time that suits: offered freed times by email (`bookings.waitlist`)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        BOOKED = "booked", "Booked from an offer"
        LEFT = "left", "Left the waitlist"
        EXPIRED = "expired", "Past its latest date"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="waitlist_entries")
    weekdays = models.JSONField(help_text="Days of the week that suit: 0 is Monday.")
    parts_of_day = models.JSONField(help_text="Parts of the day that suit.")
    earliest = models.DateField("from")
    latest = models.DateField("until")
    patient_name = models.CharField("name", max_length=100)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=30, validators=[phone_validator])
    concern = models.CharField("area of concern", max_length=20, choices=Concern.choices)
    consent_at = models.DateTimeField("consent given at")
    privacy_notice_version = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    joined_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    appointment = models.ForeignKey(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = WaitlistEntryQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name_plural = "waitlist"
        indexes = [models.Index(fields=["status", "latest"], name="waitlist_status_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(latest__gte=F("earliest")), name="waitlist_latest_after_earliest"),
        ]

    def __str__(self):
        return f"{self.patient_name}: {self.service}, {self.earliest:%d/%m}–{self.latest:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("admin:bookings_waitlistentry_change", args=[self.pk])

    def weekday_names(self) -> str:
        names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        return ", ".join(names[day] for day in sorted(self.weekdays))

    def parts_of_day_names(self) -> str:
        return ", ".join(PartOfDay(part).label.split(" (")[0] for part in PartOfDay.values if part in self.parts_of_day)

    def suits(self, start: dt.datetime) -> bool:
        """Does a time starting at `start` fit this patient's days, parts of the day and dates?"""
        when = local(start)
        return (
            self.earliest <= when.date() <= self.latest
            and when.weekday() in self.weekdays
            and PartOfDay.of(when.time()) in self.parts_of_day
        )


class WaitlistOffer(models.Model):
    """One freed time offered to one waiting patient, and what became of it."""

    class Outcome(models.TextChoices):
        OPEN = "open", "Offered"
        CLAIMED = "claimed", "Claimed"
        TAKEN = "taken", "Booked by someone else"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn (patient booked or left)"

    entry = models.ForeignKey(WaitlistEntry, on_delete=models.CASCADE, related_name="offers")
    start = models.DateTimeField()
    offered_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    appointment = models.ForeignKey(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "start"], name="waitlist_offer_once_per_time"),
            models.CheckConstraint(condition=Q(expires_at__gt=F("offered_at")), name="waitlist_offer_expires_later"),
        ]
        indexes = [models.Index(fields=["outcome", "expires_at"], name="waitlist_offer_open_idx")]

    def __str__(self):
        return f"{local(self.start):%a %d %b %Y %H:%M} to {self.entry.patient_name} ({self.get_outcome_display()})"

    def get_absolute_url(self):
        return self.entry.get_absolute_url()

    @property
    def local_start(self):
        return timezone.localtime(self.start)

    def is_open(self, now) -> bool:
        return self.outcome == self.Outcome.OPEN and self.expires_at > now


PSFS_ACTIVITIES = 3  # the Patient-Specific Functional Scale: up to three activities, each scored 0-10


class Questionnaire(models.Model):
    """What the patient tells the clinician before the first visit, through the link in their confirmation email
    (`views.questionnaire`): saved and editable until the appointment starts. Health data, like the notes."""

    appointment = models.OneToOneField(Appointment, on_delete=models.CASCADE, related_name="questionnaire")
    started = models.TextField("when and how it started", max_length=1000, blank=True)
    better_worse = models.TextField("what makes it better or worse", max_length=1000, blank=True)
    training = models.TextField("training and activity each week", max_length=1000, blank=True)
    goals = models.TextField("goals", max_length=1000, blank=True)
    previous_injuries = models.TextField("previous injuries or operations", max_length=1000, blank=True)
    medication = models.TextField("medication relevant to exercise", max_length=1000, blank=True)
    gp_practice = models.CharField("GP practice", max_length=200, blank=True)
    insurer = models.CharField(max_length=100, blank=True)
    membership_number = models.CharField(max_length=50, blank=True)
    preauthorisation_number = models.CharField("pre-authorisation number", max_length=50, blank=True)
    activity_1 = models.CharField("activity 1", max_length=120, blank=True)
    score_1 = models.PositiveSmallIntegerField("activity 1 score (0-10)", null=True, blank=True)
    activity_2 = models.CharField("activity 2", max_length=120, blank=True)
    score_2 = models.PositiveSmallIntegerField("activity 2 score (0-10)", null=True, blank=True)
    activity_3 = models.CharField("activity 3", max_length=120, blank=True)
    score_3 = models.PositiveSmallIntegerField("activity 3 score (0-10)", null=True, blank=True)
    completed_at = models.DateTimeField("first sent", default=timezone.now)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    ANSWERS = ["started", "better_worse", "training", "goals", "previous_injuries", "medication", "gp_practice"]
    INSURANCE = ["insurer", "membership_number", "preauthorisation_number"]

    class Meta:
        ordering = ["appointment__start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score_1__lte=10) & Q(score_2__lte=10) & Q(score_3__lte=10),
                name="questionnaire_scores_out_of_ten",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"score_{n}__isnull": True}) | ~Q(**{f"activity_{n}": ""}),
                    name=f"questionnaire_score_{n}_has_activity",
                )
                for n in range(1, PSFS_ACTIVITIES + 1)
            ),
        ]

    def __str__(self):
        return f"Questionnaire for {self.appointment.reference}"

    def get_absolute_url(self):
        return self.appointment.get_absolute_url()

    def written_answers(self) -> list[tuple[str, str]]:
        """(question, answer) for each written answer, insurance last, in the form's order."""
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in self.ANSWERS + self.INSURANCE
        ]

    def activities(self) -> list[tuple[str, int | None]]:
        """The scored activities (Patient-Specific Functional Scale), in the order given."""
        pairs = [(getattr(self, f"activity_{n}"), getattr(self, f"score_{n}")) for n in range(1, PSFS_ACTIVITIES + 1)]
        return [(activity, score) for activity, score in pairs if activity]


class OutboundEmailQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(sent_at__isnull=True, next_attempt_at__lte=now, attempts__lt=OutboundEmail.MAX_ATTEMPTS)

    def failed(self):
        """Unsent emails whose last attempt failed (still being retried, or given up on)."""
        return self.filter(sent_at__isnull=True).exclude(last_error="")


class OutboundEmail(models.Model):
    """The outbox: every email is stored before it is sent, and retried until it goes."""

    MAX_ATTEMPTS = 8

    appointment = models.ForeignKey(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="emails"
    )
    kind = models.CharField(max_length=40)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField()
    ics = models.TextField(blank=True)
    ics_method = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self):
        return f"{self.kind} to {self.to} ({'sent' if self.sent_at else 'pending'})"

    def get_absolute_url(self):
        return reverse("admin:bookings_outboundemail_change", args=[self.pk])


class RateLimitHit(models.Model):
    """One counted submission under a rate-limit key (`bookings.ratelimit`). The key is a keyed hash,
    so no address is stored; rows older than the window are deleted as new ones arrive."""

    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["key", "at"], name="ratelimit_key_at_idx"), models.Index(fields=["at"])]

    def __str__(self):
        return f"{self.key[:8]}… at {self.at:%Y-%m-%d %H:%M:%S}"

    def get_absolute_url(self):
        return reverse("bookings:start")
