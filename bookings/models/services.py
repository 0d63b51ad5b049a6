"""What can be booked and the rules a booking obeys: services and the clinic's booking rules."""

import datetime as dt
import secrets

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from bookings.availability import consult_times
from core.typography import TypographicFields

# No appointment is longer than this, so a day's appointments are found by a bounded index range.
LONGEST_APPOINTMENT = dt.timedelta(hours=12)


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
    price_confirmed = models.BooleanField(
        "price confirmed",
        default=True,
        help_text="Patients see the price only once this is ticked. The prices the site started with are examples, "
        "not the clinic’s: check each and tick it.",
    )
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
        """The price as patients read it: £65, £47.50; nothing until the clinician has confirmed it."""
        return f"£{self.price:,.2f}".replace(".00", "") if self.price_confirmed else ""

    @property
    def facts(self) -> str:
        """ "60 minutes · £65", or "60 minutes" while the price is unconfirmed."""
        return " · ".join(filter(None, [f"{self.duration_minutes} minutes", self.price_label]))

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
        return consult_times(start, self.duration, self.buffer)


class BookingRules(models.Model):
    """How patients may book. Exactly one row (id 1), edited in admin."""

    CACHE_KEY = "bookings:rules:v4"  # v2: compact_first; v3: pain_alert_threshold; v4: follow-up weeks

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
    patient_moves_need_approval = models.BooleanField(
        "moves by patients need my approval",
        default=False,
        help_text="When a patient moves a confirmed appointment from their link, it becomes a request again, for "
        "you to confirm or decline (you are emailed either way).",
    )
    compact_first = models.BooleanField(
        "offer times that keep my diary compact first",
        default=True,
        help_text="Patients first see a few times for each part of the day: those next to your other appointments "
        "and at the start and end of your opening hours, so your day has fewer gaps. “Show all times” lists the "
        "rest. Off: every free time is listed at once.",
    )
    reminder_hours = models.PositiveSmallIntegerField(
        "send reminders (hours before)",
        default=48,
        help_text="Confirmed patients get one reminder email. It must go before the cancellation window closes, "
        "so the patient can still move or cancel online.",
    )
    pain_alert_threshold = models.PositiveSmallIntegerField(
        "pain that alerts me (0–10)",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="A patient logging exercise pain at or above this is told to stop that exercise and contact the "
        "clinic, and you are emailed that their log needs your attention.",
    )
    first_followup_weeks = models.PositiveSmallIntegerField(
        "first follow-up (weeks after the last visit)",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="Patients who agreed are asked how their activities are going this long after their last visit "
        "(when no later visit is booked).",
    )
    second_followup_weeks = models.PositiveSmallIntegerField(
        "second follow-up (weeks after the last visit)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
        help_text="And again this long after it. It must be later than the first.",
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
            models.CheckConstraint(
                condition=Q(reminder_hours__gt=F("cancellation_window_hours")),
                name="booking_rules_reminder_before_window",
            ),
        ]

    def __str__(self):
        return "Booking rules"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)  # the cached copy is dropped by its declaration (BookingsConfig.ready)

    def get_absolute_url(self):
        return reverse("bookings:start")

    def clean(self):
        super().clean()
        if (
            self.reminder_hours is not None
            and self.cancellation_window_hours is not None
            and self.reminder_hours <= self.cancellation_window_hours
        ):
            raise ValidationError(
                {
                    "reminder_hours": f"Send reminders earlier than the cancellation window "
                    f"({self.cancellation_window_hours} hours), so patients can still move or cancel online "
                    "when the reminder arrives."
                }
            )
        if (
            self.first_followup_weeks is not None
            and self.second_followup_weeks is not None
            and self.second_followup_weeks <= self.first_followup_weeks
        ):
            first = self.first_followup_weeks
            raise ValidationError({"second_followup_weeks": f"Make it later than the first follow-up ({first} weeks)."})

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
    def cancellation_window(self):
        return dt.timedelta(hours=self.cancellation_window_hours)

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

    def policy_for(self, start, now) -> str:
        """The policy as it applies to an appointment at `start`: the general rule, or, once the window has begun
        (a booking made at short notice), that it can no longer be changed online."""
        if now < start - self.cancellation_window:
            return self.cancellation_policy
        hours = self.cancellation_window_hours
        return (
            f"This appointment is less than {hours} hour{'s' if hours != 1 else ''} away, so it can’t be moved or "
            "cancelled online: to change it, please contact the clinic."
        )
