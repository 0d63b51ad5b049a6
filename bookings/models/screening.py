"""What a patient tells the clinic before a visit: the red-flag safety questions and the advice they call for,
and the pre-visit questionnaire. Health data: never emailed or logged."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from clinic.concerns import Concern
from core.typography import TypographicFields


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


PSFS_ACTIVITIES = 3  # the Patient-Specific Functional Scale: up to three activities, each scored 0-10


class Questionnaire(models.Model):
    """What the patient tells the clinician before the first visit, through the link in their confirmation email
    (`views.questionnaire`): saved and editable until the appointment starts. Health data, like the notes."""

    appointment = models.OneToOneField("bookings.Appointment", on_delete=models.CASCADE, related_name="questionnaire")
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
