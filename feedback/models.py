"""Patients' feedback: the one request a patient is sent after a completed visit, and their answer to it.

A patient is asked once at most (`FeedbackRequest`: one per email address, whatever its case, in the database) and
answers once (`Feedback`: one per request; answering again through the same link changes that answer). A comment
is shown on the site only if the patient ticked that it may be AND the clinician approved it; the database refuses
an approval without the patient's permission or without words to show. A publishable comment waits for the
clinician's decision until it is shown or kept off the site (`kept_off_at`), never both.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from bookings.models import Appointment

COMMENT_MAX_LENGTH = 1000
RATINGS = {1: "Very poor", 2: "Poor", 3: "OK", 4: "Good", 5: "Excellent"}
NOT_PUBLISHABLE = "Only a comment the patient allowed to be published can be shown on the site."


class FeedbackRequest(models.Model):
    """The email asking one patient for feedback, after one completed visit (`asking.send_feedback_requests`)."""

    appointment = models.OneToOneField(Appointment, on_delete=models.CASCADE, related_name="feedback_request")
    email = models.EmailField(max_length=254, help_text="The address asked: never asked again, in any case.")
    sent_at = models.DateTimeField("asked at")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="feedback_request_once_per_patient")]

    def __str__(self):
        return f"Feedback asked for {self.appointment.reference}, {timezone.localtime(self.sent_at):%d %b %Y}"

    def get_absolute_url(self):
        return reverse("admin:bookings_appointment_change", args=[self.appointment_id])


class FeedbackQuerySet(models.QuerySet):
    def shown(self):
        """What the public pages show: approved by the clinician (the database allows that only for words the
        patient allowed to be shown: `feedback_approved_only_if_allowed`)."""
        return self.filter(approved_at__isnull=False)

    def publishable(self):
        """Comments the patient wrote and allowed to be published: the only ones the clinician may show."""
        return self.filter(may_publish=True).exclude(comment="")

    def waiting_for_approval(self):
        """Publishable comments the clinician has neither shown nor chosen to keep off the site."""
        return self.publishable().filter(approved_at__isnull=True, kept_off_at__isnull=True)

    def kept_off(self):
        return self.filter(kept_off_at__isnull=False)

    def since(self, moment):
        return self.filter(submitted_at__gte=moment)


class Feedback(models.Model):
    """A patient's answer: a rating, an optional comment, and whether the comment may be published."""

    request = models.OneToOneField(FeedbackRequest, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        choices=list(RATINGS.items()), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    may_publish = models.BooleanField(
        "allowed to publish",
        default=False,
        help_text="Whether the patient ticked that the comment may be shown on the site.",
    )
    shown_name = models.CharField(
        "shown as", max_length=60, help_text="First name and initial, as the patient saw it when allowing publishing."
    )
    submitted_at = models.DateTimeField("given at")
    updated_at = models.DateTimeField("last changed by the patient")
    approved_at = models.DateTimeField("shown on the site since", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kept_off_at = models.DateTimeField(
        "kept off the site since",
        null=True,
        blank=True,
        help_text="The clinician chose not to show it (or stopped showing it): no longer waiting for a decision.",
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name_plural = "feedback"
        indexes = [models.Index(fields=["submitted_at"], name="feedback_submitted_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | (Q(may_publish=True) & ~Q(comment="")),
                name="feedback_approved_only_if_allowed",
                violation_error_message=NOT_PUBLISHABLE,
            ),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(kept_off_at__isnull=True), name="feedback_shown_or_kept_off"
            ),
        ]

    def __str__(self):
        return f"{self.rating}/5, {timezone.localtime(self.submitted_at):%d %b %Y}"

    def get_absolute_url(self):
        return reverse("admin:feedback_feedback_change", args=[self.pk])

    @property
    def is_shown(self) -> bool:
        """Approved: the constraint `feedback_approved_only_if_allowed` makes it allowed and with words."""
        return self.approved_at is not None

    @property
    def publishable(self) -> bool:
        return self.may_publish and bool(self.comment)

    def clean(self):
        if self.approved_at is not None and not self.publishable:
            raise ValidationError(NOT_PUBLISHABLE)
