"""Appointments and their history.

The rule that two appointments never hold the same time lives in the database:
on PostgreSQL an exclusion constraint (migration 0002), on SQLite a
check-and-insert inside an IMMEDIATE transaction (`bookings.booking`).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone

from bookings.models.screening import SafetyAdvice
from bookings.models.services import LONGEST_APPOINTMENT, Service
from clinic.concerns import Concern
from clinic.hours import local

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
UNREACHABLE = "Give an email address or a phone number, so the clinic can reach the patient."


phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{6,22}$",
    "Enter a phone number using digits, spaces and an optional + at the start, like 07700 900123.",
)


def new_reference():
    return "RST-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def patient_filter(email, field: str = "email") -> Q:
    """The one rule for "this patient's rows": the email address at `field` ("email", "appointment__email", an
    outbox's "to") is theirs, whatever its case. No address names no patient: it matches nothing (not every
    appointment booked by phone without one). `email` may be an expression (`OuterRef("email")`): compared as
    `Lower() = Lower()`, since on SQLite `iexact` against a column is a LIKE that reads "_" and "%" in an address as
    wildcards (jo_smith@ would match jo.smith@)."""
    if hasattr(email, "resolve_expression"):
        return Q(Exact(Lower(field), Lower(email)))
    if not email:
        return Q(pk__in=[])
    return Q(**{f"{field}__iexact": email})


class AppointmentQuerySet(models.QuerySet):
    def of_patient(self, email: str):
        """The patient's appointments, by their email address (`patient_filter`)."""
        return self.filter(patient_filter(email))

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
    # Online both are required (bookings.forms); a patient who rings may give only one of them, and one booked by
    # phone without an email address is told of changes by phone (`emails.queue` sends them nothing).
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=30, blank=True, validators=[phone_validator])
    concern = models.CharField("area of concern", max_length=20, choices=Concern.choices, blank=True)
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
            models.Index(fields=["created_at"], name="appointment_created_idx"),  # the weekly report's requests
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="appointment_ends_after_start"),
            models.CheckConstraint(condition=Q(hold_until__gte=F("end")), name="appointment_hold_covers_end"),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | Q(anonymised_at__isnull=False),
                name="appointment_patient_reachable",
                violation_error_message=UNREACHABLE,
            ),
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
    def has_safety_note(self) -> bool:
        """A worrying answer that called for no advice (about the past or the background): a note the clinician
        reads before the visit, marked wherever the appointment is listed."""
        from bookings import triage  # triage reads these models

        return not self.safety_advice and bool(triage.flags(self.safety_answers))

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
        """The patient can be reached (the constraint `appointment_patient_reachable`, said on the form: a form
        leaves out `anonymised_at`, so Django would not check it). A requested or confirmed appointment given a
        new time must be at a free one (`booking.check_free`, as the clinician sees it: minimum notice aside). An
        unchanged time is not re-judged."""
        if not self.email and not self.phone and self.anonymised_at is None:
            raise ValidationError(UNREACHABLE)
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
            # On the field that changed: a longer service at the same start clashes through the service (the start
            # is not on the clinician's form once the appointment exists; it moves through "Move to another time").
            changed = "start" if seen is None or seen[0] != self.start else "service"
            raise ValidationError({changed: error.message}) from error


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
        indexes = [models.Index(fields=["at"], name="appointmentevent_at_idx")]  # the weekly report's decisions

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
