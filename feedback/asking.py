"""Asking for feedback: a plain function of `now`, run by cron (`send_feedback_requests`).

A patient is asked once, ever (one request per email address, whatever its case: the database's unique constraint
is the compare-and-set, so a second or concurrent run, or the patient's second visit in the same run, sends
nothing). They are asked about a visit the clinician marked completed (`bookings.workflow`'s "complete", recorded
as an AppointmentEvent to "completed"), from `SEND_FROM` UK time on the day after it was marked, if the appointment
has an email address and is not anonymised, and only within the hours a patient may be emailed
(`clinic.hours.may_email_patient`: a run in the night sends none). A visit marked completed more than `CATCH_UP`
before that is never asked about: not when the feature is first deployed over years of visits, nor after cron was
down for a month. Never a reminder.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from bookings import emails
from bookings.models import Appointment, AppointmentEvent, patient_filter
from clinic.hours import at, may_email_patient
from feedback.links import answer_path, valid_until
from feedback.models import FeedbackRequest

S = Appointment.Status
SEND_FROM = dt.time(10, 0)  # UK time: a morning email, not one at midnight
CATCH_UP = dt.timedelta(days=7)


def completed_before(now) -> dt.datetime:
    """Visits marked completed before this moment are due at `now`: midnight starting today (UK) from `SEND_FROM`
    on, midnight starting yesterday before it."""
    local_now = timezone.localtime(now)
    day = local_now.date() if local_now.time() >= SEND_FROM else local_now.date() - dt.timedelta(days=1)
    return at(day, dt.time(0))


def due(now):
    """Completed appointments whose patient is due to be asked at `now`, the earliest visit first."""
    before = completed_before(now)
    # From the events (indexed by time: a week's worth), not from every completed appointment there ever was.
    marked_completed = AppointmentEvent.objects.filter(
        to_status=S.COMPLETED, at__lt=before, at__gte=before - CATCH_UP
    ).values("appointment_id")
    asked = FeedbackRequest.objects.filter(patient_filter(OuterRef("email")))  # Lower() = Lower(), as its constraint
    return (
        Appointment.objects.filter(status=S.COMPLETED, anonymised_at__isnull=True)
        .exclude(email="")  # booked by phone without an address: nothing to send
        .filter(pk__in=marked_completed)
        .exclude(Exists(asked))
        .select_related("service")
        .order_by("start", "pk")
    )


def send_feedback_requests(now) -> int:
    """Queue one feedback request for each patient due (`due`); returns how many were queued (none in the night)."""
    if not may_email_patient(now):
        return 0
    sent = 0
    for appointment in due(now):
        try:
            with transaction.atomic():
                request = FeedbackRequest.objects.create(appointment=appointment, email=appointment.email, sent_at=now)
                emails.queue(
                    "feedback_request",
                    appointment,
                    feedback_url=f"{settings.SITE_URL}{answer_path(request)}",
                    valid_until=valid_until(request),
                )
        except IntegrityError:
            continue  # this patient was asked meanwhile: at an earlier visit in this run, or by a concurrent run
        sent += 1
    return sent
