"""The exercise library and the programmes given to patients, with the sessions they log.

A programme is health data, like an appointment's notes: shown to the clinician in admin and to the patient through
their signed link (`care.links`), never put in an email or a log line.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from bookings.models import Appointment, patient_filter
from care import videos
from core import images

MAX_PAIN = 10
GIVEN_AT = (Appointment.Status.CONFIRMED, Appointment.Status.COMPLETED)  # where a new programme may be given
TOO_MANY_EXERCISES = 8  # above this, adherence falls: admin warns, never refuses


class BodyRegion(models.Model):
    """A region an exercise works (knee, hip, …): a small fixed set, seeded by the first migration."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=40)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name


class Exercise(models.Model):
    name = models.CharField(max_length=80, unique=True)
    cues = models.TextField(help_text="Short, plain cues, one a line: what the patient should feel and watch for.")
    description = models.TextField(
        "description for screen readers",
        help_text="The movement in words, from start to finish, for someone who can’t see the pictures.",
    )
    regions = models.ManyToManyField(BodyRegion, related_name="exercises", blank=True, verbose_name="body regions")
    video = models.FileField(
        upload_to="care/videos/",
        blank=True,
        validators=[videos.validate_video],
        help_text=f"Optional: a short MP4 or WebM clip (at most {videos.MAX_VIDEO_MB} MB). The patient's page shows "
        "it with the first picture as its poster; nothing loads until they press play.",
    )
    captions = models.FileField(
        "captions (WebVTT)",
        upload_to="care/captions/",
        blank=True,
        validators=[videos.validate_captions],
        help_text="Optional: captions for what is said in the video, as a .vtt file.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:care_exercise_change", args=[self.pk])

    def clean(self):
        if self.captions and not self.video:
            raise ValidationError({"captions": "Captions go with a video: upload the video too, or clear these."})

    @property
    def video_type(self) -> str:
        return videos.content_type(self.video) if self.video else ""

    def cue_lines(self) -> list[str]:
        return [line.strip() for line in self.cues.splitlines() if line.strip()]


class ExerciseImage(models.Model):
    """A picture of the exercise, served as WebP renditions made at upload (`core.images`)."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="care/exercises/", validators=[images.validate_image_upload])
    alt = models.CharField("description", max_length=200, help_text="What this picture shows, in a sentence.")
    display_order = models.PositiveSmallIntegerField(default=0)
    renditions = models.JSONField(editable=False, default=list, blank=True)

    class Meta:
        ordering = ["display_order", "pk"]

    def __str__(self):
        return self.alt

    def save(self, *args, **kwargs):
        self.renditions = images.current_renditions(self.image, self.renditions, "care/renditions")
        super().save(*args, **kwargs)

    @property
    def picture(self):
        return images.Picture(self.renditions, self.alt)


class ProgrammeQuerySet(models.QuerySet):
    def templates(self):
        return self.filter(is_template=True)

    def given(self):
        return self.filter(is_template=False)

    def for_email(self, email):
        """The programmes given to a patient, by the email address on their appointments (`patient_filter`)."""
        return self.given().filter(patient_filter(email, "appointment__email"))

    def for_emails(self, emails):
        """The programmes given to any of these patients (`for_email` for many addresses, in one query)."""
        wanted = [patient_filter(email, "appointment__email") for email in set(emails) if email]
        return self.given().filter(functools.reduce(operator.or_, wanted)) if wanted else self.none()

    def in_use_between(self, first, last):
        """Programmes the patient could log on some day from `first` to `last`: started by `last`, and their link
        (`care.links.valid_until`) still valid on `first`."""
        from care.links import LINK_DAYS_AFTER_REVIEW  # care.links builds on this module

        lapsed_before = first - dt.timedelta(days=LINK_DAYS_AFTER_REVIEW)
        return self.given().filter(start_date__lte=last, review_date__gte=lapsed_before)


class Programme(models.Model):
    """Exercises for one patient, linked to their appointment; or a template the clinician starts others from."""

    title = models.CharField(max_length=120, blank=True, help_text="For example “Knee: early strength”.")
    is_template = models.BooleanField(
        "saved as a template", default=False, help_text="A template belongs to no patient: start programmes from it."
    )
    appointment = models.ForeignKey(
        "bookings.Appointment", on_delete=models.CASCADE, null=True, blank=True, related_name="programmes"
    )
    start_date = models.DateField(null=True, blank=True)
    review_date = models.DateField(
        null=True, blank=True, help_text="The patient’s link works until 30 days after this date."
    )
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_weekdays = models.PositiveSmallIntegerField(
        "reminder days",
        default=0,
        editable=False,
        help_text="The weekdays the patient chose for a reminder email, Monday the lowest bit (`care.reminders`).",
    )
    reminded_on = models.DateField(null=True, blank=True, editable=False)  # the UK day the last reminder was queued
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        # The programmes in use on a day (`in_use_between`: the diary's day view, the daily reminders) are found
        # by their review date, not by reading every programme ever given.
        indexes = [models.Index(fields=["review_date"], name="programme_review_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_template=True, appointment__isnull=True)
                | Q(
                    is_template=False,
                    appointment__isnull=False,
                    start_date__isnull=False,
                    review_date__isnull=False,
                ),
                name="programme_template_or_for_an_appointment",
            ),
            models.CheckConstraint(
                condition=Q(review_date__isnull=True) | Q(review_date__gte=F("start_date")),
                name="programme_review_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(reminder_weekdays__lte=0b1111111), name="programme_reminder_weekdays_are_7_bits"
            ),
            models.CheckConstraint(
                condition=Q(reminder_weekdays=0) | Q(is_template=False), name="programme_reminders_not_on_a_template"
            ),
        ]

    def __str__(self):
        if self.is_template:
            return f"Template: {self.title or 'untitled'}"
        return f"{self.title or 'Exercise programme'} for {self.appointment.patient_name}" if self.appointment else ""

    def get_absolute_url(self):
        return reverse("admin:care_programme_change", args=[self.pk])

    def clean(self):
        given = Programme.objects.filter(pk=self.pk, is_template=False).values_list("appointment_id", flat=True)
        if self.pk and given and self.is_template:
            # Its logs, versions and history are the patient's health data: a template is offered to everyone.
            raise ValidationError({"is_template": "A programme given to a patient stays theirs: to reuse it, start a "
                                   "new template from it."})  # fmt: skip
        if self.pk and given and self.appointment_id != given[0]:
            # Its emailed link, logs and history belong to the patient it was given to.
            raise ValidationError({"appointment": "A programme stays with the patient it was given to: give the other "
                                   "patient a programme of their own (start it from this one)."})  # fmt: skip
        if self.is_template:
            if self.appointment_id:
                raise ValidationError({"appointment": "A template belongs to no patient: clear the appointment."})
            if not self.title.strip():
                raise ValidationError({"title": "Give the template a title, so you can find it again."})
            return
        errors = {}
        if not self.appointment_id:
            errors["appointment"] = "Choose the patient’s appointment (or tick “saved as a template”)."
        elif not given and self.appointment.status not in GIVEN_AT:
            errors["appointment"] = (
                f"This appointment is {self.appointment.get_status_display().lower()}: exercises are given at a "
                "confirmed or completed one."
            )
        if not self.start_date:
            errors["start_date"] = "When should the patient start?"
        if not self.review_date:
            errors["review_date"] = "When will you review it? The patient’s link lasts until 30 days after."
        if self.start_date and self.review_date and self.review_date < self.start_date:
            errors["review_date"] = "The review can’t be before the start."
        if errors:
            raise ValidationError(errors)


class ProgrammeExercise(models.Model):
    """One exercise in a programme, with its dose."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="prescribed")
    order = models.PositiveSmallIntegerField(default=0)
    sets = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1), MaxValueValidator(20)])
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    hold_seconds = models.PositiveSmallIntegerField("hold (seconds)", null=True, blank=True)
    rest_seconds = models.PositiveSmallIntegerField("rest (seconds)", null=True, blank=True)
    load = models.CharField(max_length=60, blank=True, help_text="For example “bodyweight” or “5 kg”.")
    times_per_day = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    days_per_week = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1), MaxValueValidator(7)])
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(days_per_week__gte=1, days_per_week__lte=7), name="programme_days_1_7"),
            models.CheckConstraint(condition=Q(sets__gte=1), name="programme_sets_at_least_1"),
        ]

    def __str__(self):
        return f"{self.exercise.name}: {self.dose()}"

    def dose(self) -> str:
        """The dose in words: “3 sets of 10 · hold 5 s · rest 60 s · 5 kg · twice a day, 3 days a week”."""
        parts = [f"{self.sets} set{'s' if self.sets != 1 else ''}" + (f" of {self.reps}" if self.reps else "")]
        if self.hold_seconds:
            parts.append(f"hold {self.hold_seconds} s")
        if self.rest_seconds:
            parts.append(f"rest {self.rest_seconds} s")
        if self.load:
            parts.append(self.load)
        times = {1: "once a day", 2: "twice a day"}.get(self.times_per_day, f"{self.times_per_day} times a day")
        days = (
            "every day"
            if self.days_per_week == 7
            else f"{self.days_per_week} day{'s' if self.days_per_week != 1 else ''} a week"
        )  # noqa: E501
        parts.append(f"{times}, {days}")
        return " · ".join(parts)

    def snapshot(self) -> dict:
        return {"exercise": self.exercise.name, "dose": self.dose(), "note": self.note}


class ProgrammeVersion(models.Model):
    """The programme as it was after one save in admin: what the patient saw then."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    saved_at = models.DateTimeField(auto_now_add=True)
    content = models.JSONField()

    class Meta:
        ordering = ["programme", "-number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="programme_version_unique")]

    def __str__(self):
        return f"Version {self.number}"


class SessionLog(models.Model):
    """One day's exercise session as the patient logged it: one a day per programme, editable that day."""

    class PainWhen(models.TextChoices):
        DURING = "during", "During the exercises"
        AFTER = "after", "After the exercises"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="logs")
    day = models.DateField()
    done = models.JSONField(default=list, help_text="The exercises ticked: their names as the programme had them.")
    pain = models.PositiveSmallIntegerField(validators=[MaxValueValidator(MAX_PAIN)])
    highest_pain = models.PositiveSmallIntegerField(
        "highest pain that day",
        default=0,
        validators=[MaxValueValidator(MAX_PAIN)],
        help_text="The highest score saved that day: a later save with less pain never hides it from you.",
    )
    pain_when = models.CharField(max_length=10, choices=PainWhen.choices)
    note = models.TextField(max_length=1000, blank=True)
    needs_attention = models.BooleanField(
        "needs your attention", default=False, help_text="Untick it once you have looked at the log."
    )
    alerted_at = models.DateTimeField(null=True, blank=True)
    logged_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "day"], name="session_log_one_a_day"),
            models.CheckConstraint(condition=Q(pain__lte=MAX_PAIN), name="session_log_pain_0_10"),
        ]

    def __str__(self):
        return f"Session on {self.day:%-d %B %Y}"

    def save(self, *args, **kwargs):
        # The one home of the day's highest pain: never below a score saved that day (`sessions.record` saves each).
        self.highest_pain = max(self.highest_pain, self.pain)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:care_programme_change", args=[self.programme_id])
