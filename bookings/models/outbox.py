"""The email outbox (sent by the background worker) and the rate limits' counted submissions."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from bookings.models.appointments import Appointment
from bookings.models.contact import ContactMessage


class OutboundEmailQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(sent_at__isnull=True, next_attempt_at__lte=now, attempts__lt=OutboundEmail.MAX_ATTEMPTS)

    def waiting(self):
        """Still to be sent: not sent, and not given up on after MAX_ATTEMPTS."""
        return self.filter(sent_at__isnull=True, attempts__lt=OutboundEmail.MAX_ATTEMPTS)

    def gave_up(self):
        return self.filter(sent_at__isnull=True, attempts__gte=OutboundEmail.MAX_ATTEMPTS)

    def failed(self):
        """Unsent emails whose last attempt failed (still being retried, or given up on)."""
        return self.filter(sent_at__isnull=True).exclude(last_error="")


class OutboundEmail(models.Model):
    """The outbox: every email is stored before it is sent, and retried until it goes."""

    MAX_ATTEMPTS = 8

    appointment = models.ForeignKey(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="emails"
    )
    contact_message = models.ForeignKey(
        ContactMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="emails"
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
        return f"“{self.subject}” to {self.to}"

    def get_absolute_url(self):
        return reverse("admin:bookings_outboundemail_change", args=[self.pk])

    @property
    def is_waiting(self) -> bool:
        """As `OutboundEmailQuerySet.waiting`, for one email in hand."""
        return self.sent_at is None and self.attempts < self.MAX_ATTEMPTS


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
