"""Fixtures shared by the bookings tests."""

import pytest
import time_machine
from django.core import mail

from bookings.booking import PatientDetails, request_appointment
from bookings.models import Service
from bookings.tests.helpers import MONDAY_9, NOW, SECRET_NOTE


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def requested(db, clock, django_capture_on_commit_callbacks):
    service = Service.objects.get(slug="initial-assessment")
    with django_capture_on_commit_callbacks(execute=True):
        appointment = request_appointment(
            service,
            MONDAY_9,
            PatientDetails("Ann Runner", "ann@example.com", "07700 900123", "knee", SECRET_NOTE, "2026-11-24"),
            NOW,
        )
    mail.outbox.clear()
    return appointment
