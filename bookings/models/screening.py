"""What a patient tells the clinic before a visit: the red-flag safety questions and the advice they call for,
and the pre-visit questionnaire. Health data: never emailed or logged."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from clinic.concerns import Concern
from core.typography import TypographicFields


class Level(models.TextChoices):
    """What a worrying answer to a safety question calls for."""

    EMERGENCY = "emergency", "Emergency: call 999 or go to A&E now"
    URGENT = "urgent", "Urgent: NHS 111 or the GP today"
    NOTE = "note", "Note for the clinician"


class Timeframe(models.TextChoices):
    """The time a safety question asks about, shown to the patient above it."""

    NOW = "now", "Right now"
    RECENT = "recent", "In the last 48 hours"
    SINCE = "since", "Since this problem started"
    BACKGROUND = "background", "Your health in general"


# The advice follows the time the answer is about: what is happening now is an emergency, what happened in the last
# 48 hours needs a doctor today, and the past and the patient's background are for the clinician to weigh.
LEVELS = {
    Timeframe.NOW: Level.EMERGENCY,
    Timeframe.RECENT: Level.URGENT,
    Timeframe.SINCE: Level.NOTE,
    Timeframe.BACKGROUND: Level.NOTE,
}
NOTE_TIMEFRAMES = [timeframe for timeframe, level in LEVELS.items() if level == Level.NOTE]


class SafetyQuestionQuerySet(models.QuerySet):
    def unreviewed(self):
        """Asked, but not read by the clinician since it was written: never reviewed, or rewritten by a site
        update (a data migration sets `revised_at`) after they last reviewed it."""
        return self.filter(is_active=True).filter(Q(reviewed_at__isnull=True) | Q(revised_at__gt=F("reviewed_at")))


class SafetyQuestion(TypographicFields, models.Model):
    """A yes/no red-flag question asked before booking, for one area of concern (or every area), about one
    timeframe.

    The timeframe sets the level (`LEVELS`): a worrying answer about right now shows emergency advice, about the
    last 48 hours urgent advice, each with the question's reason, before the patient may go on; about the time
    since the problem started, or the patient's health in general, it is only for the clinician (`bookings.triage`).
    So a racing heartbeat years ago is a note, not a call to 999."""

    Level = Level
    Timeframe = Timeframe
    LEVELS = LEVELS

    concern = models.CharField(
        "area", max_length=20, choices=Concern.choices, blank=True, help_text="Leave empty to ask it for every area."
    )
    question = models.CharField(
        max_length=250,
        help_text="Plain English, answered yes or no, without its timeframe (shown above it). Word it positively "
        "where a negative would confuse (“Can you put weight on the leg?”) and set the worrying answer to No.",
    )
    timeframe = models.CharField(
        max_length=10,
        choices=Timeframe.choices,
        help_text="What the question is about, shown above it. It sets the advice for a worrying answer: right now, "
        "call 999 or go to A&E; in the last 48 hours, NHS 111 or the GP today; since the problem started or "
        "health in general, a note for you only.",
    )
    level = models.GeneratedField(
        verbose_name="advice",
        expression=models.Case(
            *(models.When(timeframe=timeframe, then=models.Value(level)) for timeframe, level in LEVELS.items()),
            default=models.Value(Level.NOTE),
        ),
        output_field=models.CharField(max_length=10, choices=Level.choices),
        db_persist=True,
    )
    worrying_answer = models.BooleanField(
        default=True,
        choices=[(True, "Yes"), (False, "No")],
        help_text="The answer that calls for the advice (or the note): No for a question worded positively.",
    )
    reason = models.CharField(
        max_length=400,
        blank=True,
        help_text="One sentence shown to a patient who gives the worrying answer: why this needs care sooner than "
        "a consult. Needed for questions about right now and the last 48 hours.",
    )
    why_asked = models.CharField(
        "why it is asked",
        max_length=250,
        blank=True,
        help_text="For a sensitive question (“Have you ever had cancer?”): one sentence shown beside it, saying "
        "why the clinic asks.",
    )
    display_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField("asked", default=True)
    reviewed_at = models.DateTimeField(
        "last reviewed",
        null=True,
        blank=True,
        editable=False,
        help_text="When the clinician last saved the question or marked it as reviewed.",
    )
    revised_at = models.DateTimeField(
        "rewritten by a site update",
        null=True,
        blank=True,
        editable=False,
        help_text="When an update of the site last rewrote the question: it needs reviewing again after that.",
    )
    typographic_fields = ("question", "reason", "why_asked")

    objects = SafetyQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["concern", "display_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(timeframe__in=Timeframe.values),
                name="safety_question_timeframe_known",
            ),
            models.CheckConstraint(
                condition=Q(timeframe__in=NOTE_TIMEFRAMES) | ~Q(reason=""),
                name="safety_question_advice_has_reason",
            ),
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("admin:bookings_safetyquestion_change", args=[self.pk])

    @property
    def advice_level(self) -> str | None:
        """The level its timeframe calls for (`LEVELS`), saved or not (`level` is the database's copy)."""
        return self.LEVELS.get(self.timeframe)

    @property
    def rewritten_since_review(self) -> bool:
        """A site update rewrote it after the clinician last reviewed it (`unreviewed`, one question)."""
        return bool(self.revised_at and self.reviewed_at and self.revised_at > self.reviewed_at)

    def clean(self):
        if self.advice_level not in (None, self.Level.NOTE) and not self.reason.strip():
            raise ValidationError(
                {
                    "reason": "Say in one sentence why this answer, about right now or the last 48 hours, needs care "
                    "sooner than a consult."
                }
            )


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
    followup_consent = models.BooleanField(
        "agreed to follow-up emails",
        default=False,
        help_text="The patient ticked (it is never ticked for them) to be asked about their activities after their "
        "last visit; they can stop at any time from the email.",
    )
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
