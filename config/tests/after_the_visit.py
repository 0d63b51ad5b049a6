"""Objects of the apps that come after the visit (care, feedback, outcomes) in each state they can be in, for
`test_admin_pages`' walk of every admin page."""

import datetime as dt

from bookings.models import Appointment
from bookings.tests.helpers import NOW
from care.models import Exercise, Programme


def programme_for(state, builder=None):
    """A template; a programme given (a version kept); one with a session logged at the alert; one for a patient
    without an email address."""
    from bookings.tests.factories import AppointmentFactory
    from care import programmes, sessions

    if state == "template":
        programme = Programme.objects.create(is_template=True, title="Knee: early strength")
    else:
        appointment = AppointmentFactory(email="" if state == "no-email" else "ann@example.com")
        day = dt.date(2026, 11, 30)
        programme = Programme.objects.create(appointment=appointment, start_date=day, review_date=day)
    programme.items.create(exercise=Exercise.objects.first(), reps=10, note="Slowly")
    programmes.keep_version(programme)
    if state == "logged":
        sessions.record(programme, dt.date(2026, 11, 30), done=["Glute bridge"], pain=8, pain_when="after", note="Ow")
    return programme


def feedback_for(state, builder=None):
    """A patient's feedback: a rating alone, kept private; a comment allowed to be shown (waiting for the clinician);
    one shown on the site; one the clinician kept off it."""
    from bookings.tests.factories import AppointmentFactory
    from feedback import answers
    from feedback.models import FeedbackRequest

    appointment = AppointmentFactory(status=Appointment.Status.COMPLETED, email=f"{state}@example.com")
    request = FeedbackRequest.objects.create(appointment=appointment, email=appointment.email, sent_at=NOW)
    comment = "" if state == "private" else "Clear advice, and a plan I could follow."
    feedback = answers.record(request, rating=4, comment=comment, may_publish=state != "private", now=NOW)
    if state == "shown":
        answers.approve([feedback.pk], None, NOW)
    if state == "kept-off":
        answers.keep_off([feedback.pk], NOW)
    return feedback


def followup_for(state, builder=None):
    """A follow-up in each state it can be in: scheduled, sent, answered (better; worse, to see to; worse, marked as
    seen), stopped by the patient, or cancelled by a later visit."""
    from bookings.tests.factories import AppointmentFactory
    from outcomes.models import FollowUp

    visit = AppointmentFactory(status=Appointment.Status.COMPLETED, email=f"{state}@example.com")
    sent = {"sent_at": NOW} if state in ("sent", "answered", "worse", "worse-seen", "stopped") else {}
    done = {
        "answered": {"answered_at": NOW, "scores": [7, 9], "change": 2},
        "worse": {"answered_at": NOW, "scores": [2, 3], "change": -2},
        "worse-seen": {"answered_at": NOW, "scores": [2, 3], "change": -3, "seen_at": NOW},
        "stopped": {"stopped_at": NOW},
        "cancelled": {"cancelled_at": NOW},
    }.get(state, {})
    activities = [{"activity": "Running downhill", "baseline": 3}, {"activity": "Stairs", "baseline": 5}]
    return FollowUp.objects.create(
        appointment=visit, baseline_appointment=visit, number=1, due_on=NOW.date(), activities=activities,
        **sent, **done,
    )  # fmt: skip


def exercise_for(state, builder=None):
    """A library exercise as seeded, and one with a video and its captions."""
    from django.core.files.base import ContentFile

    exercise = Exercise.objects.order_by("name").first()
    if state == "with-video":
        exercise.video.save("squat.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32), save=False)
        exercise.captions.save("squat.vtt", ContentFile(b"WEBVTT\n\n00:00.000 --> 00:02.000\nSlowly\n"), save=True)
    return exercise
