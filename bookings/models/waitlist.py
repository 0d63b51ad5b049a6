"""The waitlist: who waits for which times, and the times offered to them."""

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from bookings.models.appointments import Appointment, patient_filter, phone_validator
from bookings.models.services import Service
from clinic.concerns import Concern
from clinic.hours import local


class PartOfDay(models.TextChoices):
    """Parts of the day as patients name them: the one rule for them, which the waitlist matches wishes by and the
    time picker groups its times by (`availability.Slot.part_of_day`)."""

    MORNING = "morning", "Morning (before 12:00)"
    AFTERNOON = "afternoon", "Afternoon (12:00–17:00)"
    EVENING = "evening", "Evening (from 17:00)"

    @classmethod
    def of(cls, local_time: dt.time) -> "PartOfDay":
        """The part of the day a UK wall-clock time falls in."""
        return cls.MORNING if local_time.hour < 12 else cls.AFTERNOON if local_time.hour < 17 else cls.EVENING

    @property
    def heading(self) -> str:
        """Its name alone, without the hours: "Morning"."""
        return self.label.split(" (")[0]


class WaitlistEntryQuerySet(models.QuerySet):
    def of_patient(self, email: str):
        """The patient's waitlist entries, by their email address (`patient_filter`)."""
        return self.filter(patient_filter(email))

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
        return ", ".join(part.heading for part in PartOfDay if part in self.parts_of_day)

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
