"""Fixtures for the outcomes tests: a patient last seen on Thursday 1 October 2026 (summer time), who agreed to
follow-ups in the questionnaire they filled in before it; the first is due on 12 November (winter time)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from bookings import workflow
from bookings.models import Appointment, BookingRules, Questionnaire, Service
from bookings.tests.factories import AppointmentFactory
from outcomes import scheduling
from outcomes.models import FollowUp

S = Appointment.Status
VISIT = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)  # 10:00 in the UK
SEEN = VISIT + dt.timedelta(hours=3)  # marked completed, and the sweep runs
FIRST_DUE = dt.date(2026, 11, 12)
SECOND_DUE = dt.date(2026, 12, 24)
EMAIL = "ann@example.com"
ACTIVITIES = [("Running downhill", 3), ("Kneeling", 5)]


def uk(day: dt.date, hour=9):
    """A moment on a UK day (in November and December, UK time is UTC)."""
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)


def visit(start=VISIT, email=EMAIL, status=S.COMPLETED, questionnaire=True, consent=True, activities=ACTIVITIES, **kw):
    """An appointment (completed by default) and, unless told not to, its questionnaire naming `activities`."""
    kw.setdefault("service", Service.objects.get(slug="initial-assessment"))
    appointment = AppointmentFactory(start=start, email=email, status=status, patient_name="Ann Runner", **kw)
    if questionnaire:
        fields = {}
        for n, (activity, score) in enumerate(activities, start=1):
            fields |= {f"activity_{n}": activity, f"score_{n}": score}
        Questionnaire.objects.create(appointment=appointment, followup_consent=consent, goals="Run again", **fields)
    return appointment


def send_first_after_completing(clock, appointment):
    """For bookings' all-kinds email test: the patient of this confirmed appointment agrees to follow-ups in its
    questionnaire, the visit is marked completed and, the first follow-up's weeks later, the first is sent."""
    Questionnaire.objects.filter(appointment=appointment).update(followup_consent=True)
    seen = appointment.start + dt.timedelta(hours=2)
    clock.move_to(seen)
    assert workflow.apply("complete", appointment.pk, seen_status=S.CONFIRMED) is not None
    assert scheduling.sweep(seen) == (2, 0)
    due = appointment.start + dt.timedelta(weeks=BookingRules.load().first_followup_weeks)
    clock.move_to(due)
    assert scheduling.sweep(due) == (0, 1)
    return appointment


@pytest.fixture
def clock():
    with time_machine.travel(SEEN, tick=False) as traveller:
        yield traveller


@pytest.fixture
def last_visit(db, clock):
    """The completed visit, with its two follow-ups scheduled by the sweep."""
    appointment = visit()
    scheduling.sweep(SEEN)
    return appointment


@pytest.fixture
def sent(last_visit, clock, django_capture_on_commit_callbacks):
    """The first follow-up, sent on its day."""
    clock.move_to(uk(FIRST_DUE))
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduling.sweep(uk(FIRST_DUE)) == (0, 1)
    return FollowUp.objects.get(appointment=last_visit, number=1)


@pytest.fixture
def sent_email(sent):
    (message,) = mail.outbox
    return message
