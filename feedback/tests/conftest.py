"""Fixtures for the feedback tests: a patient seen on Monday 30 November 2026, the visit marked completed at noon,
and asked for feedback at 10:00 the next morning (UK time, GMT in winter)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from bookings import workflow
from bookings.models import Appointment
from bookings.tests.factories import AppointmentFactory
from clinic.hours import at, local
from feedback import asking
from feedback.models import FeedbackRequest

VISIT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
COMPLETED = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
DUE = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)  # 10:00 UK time the next day
S = Appointment.Status


@pytest.fixture
def clock():
    with time_machine.travel(COMPLETED, tick=False) as traveller:
        yield traveller


def completed(clock, at=COMPLETED, **fields):
    """An appointment at `at` - 3 hours, marked completed at `at` through the workflow (its event records when)."""
    fields = {"patient_name": "Ann Runner", "email": "ann@example.com", **fields}
    appointment = AppointmentFactory(start=at - dt.timedelta(hours=3), status=S.CONFIRMED, **fields)
    clock.move_to(at)
    assert workflow.apply("complete", appointment.pk, seen_status=S.CONFIRMED) is not None
    return appointment


def asked(clock, appointment=None, due=DUE, **fields):
    """The patient of a completed visit asked for feedback at `due`; returns the request."""
    appointment = appointment or completed(clock, **fields)
    clock.move_to(due)
    assert asking.send_feedback_requests(timezone.now()) == 1
    return FeedbackRequest.objects.get(appointment=appointment)


def ask_after_completing(clock, appointment):
    """Mark a confirmed appointment completed an hour after it starts, then ask its patient for feedback at 10:00 UK
    time the next day (bookings' email tests render the email this way)."""
    clock.move_to(appointment.start + dt.timedelta(hours=1))
    assert workflow.apply("complete", appointment.pk, seen_status=S.CONFIRMED) is not None
    clock.move_to(at(local(appointment.start).date() + dt.timedelta(days=1), asking.SEND_FROM))
    assert asking.send_feedback_requests(timezone.now()) == 1
    return FeedbackRequest.objects.get(appointment=appointment)


@pytest.fixture
def feedback_request(db, clock):
    return asked(clock)
