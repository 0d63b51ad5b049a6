"""Fixtures for the care tests: a patient seen on Monday 30 November 2026, and a programme given then."""

import datetime as dt

import pytest
import time_machine

from bookings.models import Appointment
from bookings.tests.factories import AppointmentFactory
from care.models import Exercise, Programme, ProgrammeExercise

SEEN = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
START = dt.date(2026, 11, 30)
REVIEW = dt.date(2027, 1, 11)


@pytest.fixture
def clock():
    with time_machine.travel(SEEN, tick=False) as traveller:
        yield traveller


def give(appointment, exercises=2, **fields):
    """A programme for `appointment` with the first `exercises` of the seeded library."""
    programme = Programme.objects.create(
        appointment=appointment, title="Knee: early strength", start_date=START, review_date=REVIEW, **fields
    )
    for order, exercise in enumerate(Exercise.objects.order_by("name")[:exercises]):
        ProgrammeExercise.objects.create(
            programme=programme, exercise=exercise, order=order, sets=3, reps=10, load="bodyweight", note="Go slowly"
        )
    return programme


@pytest.fixture
def appointment(db):
    return AppointmentFactory(patient_name="Ann Runner", email="ann@example.com", status=Appointment.Status.CONFIRMED)


@pytest.fixture
def programme(appointment, clock):
    return give(appointment)
