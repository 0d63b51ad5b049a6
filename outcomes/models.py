"""Follow-ups after the last visit: the patient's own activities (Patient-Specific Functional Scale, from their
pre-visit questionnaire) scored again some weeks later, and how they are compared with before.

A follow-up's answers are health data, like the questionnaire: shown to the patient through their signed link
(`outcomes.links`) and to the clinician in admin, never put in an email or a log line, in the subject-access export
and deleted with the appointment they follow (`outcomes.privacy`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from bookings.models import Appointment, patient_filter

MAX_SCORE = 10


class Change(models.IntegerChoices):
    """Global rating of change, a 7-point worded scale (higher is better)."""

    MUCH_WORSE = -3, "Much worse"
    WORSE = -2, "Worse"
    A_LITTLE_WORSE = -1, "A little worse"
    ABOUT_THE_SAME = 0, "About the same"
    A_LITTLE_BETTER = 1, "A little better"
    BETTER = 2, "Better"
    MUCH_BETTER = 3, "Much better"

    @classmethod
    def tells_clinician(cls, change) -> bool:
        """ "Worse" or "Much worse" than before the first visit: the clinician is emailed that the answer needs them,
        and the patient is told so."""
        return change is not None and change <= cls.WORSE


class FollowUpQuerySet(models.QuerySet):
    def for_email(self, email):
        """A patient's follow-ups, by the email address on the appointments they follow (`patient_filter`)."""
        return self.filter(patient_filter(email, "appointment__email"))

    def pending(self):
        """Not sent yet, and neither stopped nor cancelled: what the sweep may still send."""
        return self.open().filter(sent_at__isnull=True)

    def open(self):
        """Neither answered, stopped nor cancelled: what may still be sent or answered, and what a stop stops."""
        return self.filter(answered_at__isnull=True, stopped_at__isnull=True, cancelled_at__isnull=True)

    def due(self, today):
        return self.pending().filter(due_on__lte=today)

    def sent(self):
        return self.filter(sent_at__isnull=False)

    def answered(self):
        return self.filter(answered_at__isnull=False)

    def to_see(self):
        """Answers that told the clinician (`Change.tells_clinician`: worse than before) and they have not marked as
        seen: on the admin home's "To see to"."""
        return self.answered().filter(change__lte=Change.WORSE, seen_at__isnull=True)


class FollowUp(models.Model):
    """One follow-up (the first or the second) of a patient's last visit."""

    class Number(models.IntegerChoices):
        FIRST = 1, "First"
        SECOND = 2, "Second"

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="followups", help_text="The last visit it follows."
    )
    baseline_appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The appointment whose pre-visit questionnaire gave the activities and their first scores.",
    )
    number = models.PositiveSmallIntegerField(choices=Number.choices)
    due_on = models.DateField("due on", help_text="Sent on this day (UK), or as soon after as the sweep runs.")
    activities = models.JSONField(
        default=list,
        editable=False,
        help_text="The patient's activities and their scores before the visit, as the questionnaire had them.",
    )
    scores = models.JSONField("scores now", default=list, blank=True, editable=False)
    change = models.SmallIntegerField(
        "compared with before the visit", choices=Change.choices, null=True, blank=True, editable=False
    )
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    stopped_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="The patient asked for no more follow-ups."
    )
    cancelled_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="A later visit took its place (it has follow-ups of its own)."
    )
    seen_at = models.DateTimeField(
        "marked as seen",
        null=True,
        blank=True,
        editable=False,
        help_text="An answer of worse than before, marked as seen by the clinician: off the admin home's list.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "-number"]
        verbose_name = "follow-up"
        constraints = [
            models.UniqueConstraint(fields=["appointment", "number"], name="followup_once_per_visit_and_number"),
            models.CheckConstraint(condition=Q(number__in=[1, 2]), name="followup_first_or_second"),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(sent_at__isnull=False), name="followup_answered_once_sent"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(change__isnull=False), name="followup_answer_has_change"
            ),
            models.CheckConstraint(condition=Q(change__gte=-3, change__lte=3), name="followup_change_on_the_scale"),
            models.CheckConstraint(
                condition=Q(seen_at__isnull=True) | Q(answered_at__isnull=False), name="followup_seen_once_answered"
            ),
        ]

    def __str__(self):
        return f"{self.get_number_display()} follow-up of {self.appointment.reference}"

    def get_absolute_url(self):
        return reverse("admin:outcomes_followup_change", args=[self.pk])

    @property
    def tells_clinician(self) -> bool:
        return Change.tells_clinician(self.change)

    @property
    def to_see(self) -> bool:
        """The one-row form of `FollowUpQuerySet.to_see`."""
        return self.answered_at is not None and self.tells_clinician and self.seen_at is None

    def clean(self):
        if self.answered_at is not None and self.sent_at is None:
            raise ValidationError("A follow-up can only be answered once it has been sent.")
        if self.scores and len(self.scores) != len(self.activities):
            raise ValidationError("Give a score for each activity.")
        if any(not 0 <= score <= MAX_SCORE for score in self.scores):
            raise ValidationError(f"Each score is from 0 to {MAX_SCORE}.")

    @property
    def state(self) -> str:
        """In words, for admin and the page: answered, stopped, cancelled, sent (waiting for an answer) or due."""
        if self.answered_at:
            return "answered"
        if self.stopped_at:
            return "stopped"
        if self.cancelled_at:
            return "cancelled"
        return "sent" if self.sent_at else "scheduled"

    def activity_names(self) -> list[str]:
        return [item["activity"] for item in self.activities]

    def rows(self) -> list[dict]:
        """Each activity with its score before the visit and, once answered, now."""
        now = self.scores if self.scores else [None] * len(self.activities)
        return [{**item, "now": score} for item, score in zip(self.activities, now, strict=True)]
