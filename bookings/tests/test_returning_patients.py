"""Returning patients in the phone booking: found by part of a name, phone or email, once each, latest first,
never once anonymised; their contact details (never health details) fill the form."""

import datetime as dt
from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings import patients
from bookings.models import Service
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import MONDAY_9

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def history():
    week = dt.timedelta(days=7)
    old = AppointmentFactory(patient_name="Ann Runner", email="ann@example.com", phone="07700 900123",
                             start=MONDAY_9 - 3 * week, notes="SECRET knee story")  # fmt: skip
    latest = AppointmentFactory(patient_name="Ann Runner", email="ann@example.com", phone="07700 900123",
                                start=MONDAY_9 - week)  # fmt: skip
    other = AppointmentFactory(patient_name="Bob Annesley", email="bob@example.com", phone="01565 123456",
                               start=MONDAY_9 - 2 * week)  # fmt: skip
    gone = AppointmentFactory(patient_name="Anna Gone", email="", phone="", anonymised_at=timezone.now(),
                              start=MONDAY_9 - 4 * week)  # fmt: skip
    return {"old": old, "latest": latest, "other": other, "gone": gone}


def test_a_part_of_a_name_finds_each_patient_once_latest_first_and_never_an_anonymised_one(history):
    found = patients.find("ann")
    assert [(p.name, p.appointment_id) for p in found] == [
        ("Ann Runner", history["latest"].pk), ("Bob Annesley", history["other"].pk)
    ]  # fmt: skip


@pytest.mark.parametrize("text", ["07700900123", "0770 0900 123", "900123", "ann@EXAMPLE"])
def test_a_phone_number_however_spaced_or_an_email_finds_the_patient(history, text):
    assert [p.name for p in patients.find(text)] == ["Ann Runner"]


@pytest.mark.parametrize("text", ["", "an", "  a ", "zzz"])
def test_a_short_or_unmatched_search_finds_no_one(history, text):
    assert patients.find(text) == []


def test_at_most_a_handful_are_shown(db):
    for n in range(patients.MOST_SHOWN + 3):
        AppointmentFactory(patient_name=f"Sam Smith {n}", start=MONDAY_9 + dt.timedelta(days=n))
    assert len(patients.find("smith")) == patients.MOST_SHOWN


def book_url(**query):
    service = Service.objects.get(slug="follow-up")
    return (
        reverse("admin:bookings_appointment_book")
        + "?"
        + urlencode({"service": service.pk, "date": "2026-11-30", **query})
    )


def test_the_phone_booking_finds_a_returning_patient_and_fills_their_contact_details(admin_client, history):
    page = admin_client.get(book_url(patient_search="runner")).content.decode()
    assert "Ann Runner" in page and f"returning={history['latest'].pk}" in page and "Bob Annesley" not in page
    assert "SECRET" not in page
    filled = admin_client.get(book_url(returning=history["latest"].pk)).content.decode()
    assert 'value="Ann Runner"' in filled and 'value="ann@example.com"' in filled and 'value="07700 900123"' in filled
    assert "SECRET" not in filled  # the notes are asked afresh


@pytest.mark.parametrize("returning", ["abc", "999999", "-1", ""])
def test_a_bad_returning_patient_fills_nothing_and_is_no_error(admin_client, history, returning):
    response = admin_client.get(book_url(returning=returning))
    assert response.status_code == HTTPStatus.OK and 'value="Ann Runner"' not in response.content.decode()


def test_an_anonymised_appointment_fills_nothing(admin_client, history):
    page = admin_client.get(book_url(returning=history["gone"].pk)).content.decode()
    assert "Anna Gone" not in page


def test_the_search_says_when_nothing_matches_or_it_is_too_short(admin_client, history):
    assert "No earlier patient matches" in admin_client.get(book_url(patient_search="zzzz")).content.decode()
    assert "Type at least 3 characters" in admin_client.get(book_url(patient_search="an")).content.decode()
