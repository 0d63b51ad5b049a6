"""bookings/picker.py: the day grid and the times for one service, as a patient and the clinician see them."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.test import RequestFactory

from bookings.models import Service
from bookings.picker import TimePicker
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import NOW
from clinic.models import Closure

pytestmark = pytest.mark.django_db


def picker(query=None, *, post=None, **kwargs):
    factory = RequestFactory()
    request = factory.post("/", post) if post is not None else factory.get("/", query or {})
    return TimePicker(request, Service.objects.get(slug="follow-up"), NOW, **kwargs)


def test_without_a_date_it_opens_on_the_first_day_with_free_times_grouped_by_part_of_day():
    shown = picker()
    assert shown.day == dt.date(2026, 11, 21)  # Friday noon: the notice (12 hours) rules out the rest of today
    assert shown.status == HTTPStatus.OK
    assert list(shown.groups) == ["Morning"]  # Saturday opens 07:00–12:00
    weekdays = [cell["date"].weekday() for week in shown.weeks for cell in week if cell]
    assert weekdays[0] == 5 and shown.weeks[0][:5] == [None] * 5  # the grid's columns are weekdays


def test_a_date_that_cannot_be_booked_is_a_400_with_a_message_and_the_first_free_day_instead():
    for bad in ["2027-06-01", "not-a-date", "1999-01-01"]:  # past the horizon, nonsense, long ago
        shown = picker({"date": bad})
        assert shown.status == HTTPStatus.BAD_REQUEST and "can’t be booked" in shown.date_error
        assert shown.day == dt.date(2026, 11, 21)


def test_a_closed_day_is_shown_with_its_reason_and_offers_no_time():
    Closure.objects.create(start_date=dt.date(2026, 11, 23), end_date=dt.date(2026, 11, 23), reason="Training")
    shown = picker({"date": "2026-11-23"})
    assert shown.status == HTTPStatus.OK and shown.day == dt.date(2026, 11, 23) and shown.groups == {}
    assert "Training" in [c.reason for c in shown.closed_days]  # with the bank holidays in the grid
    monday = next(cell for week in shown.weeks for cell in week if cell and cell["date"] == dt.date(2026, 11, 23))
    assert monday["count"] == 0 and monday["closure"].reason == "Training"


def test_a_posted_time_that_was_not_offered_is_a_422():
    shown = picker(post={"date": "2026-11-23", "slot": "2026-11-23T03:00:00Z"})
    assert shown.status == HTTPStatus.UNPROCESSABLE_ENTITY and not shown.form.is_valid()


def test_a_moved_appointment_does_not_block_its_own_time_and_its_day_is_preselected():
    appointment = AppointmentFactory(service=Service.objects.get(slug="follow-up"),
                                     start=dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC))  # fmt: skip
    shown = picker(preferred=appointment.start, exclude_pk=appointment.pk)
    assert shown.day == dt.date(2026, 11, 24)
    assert "2026-11-24T09:00:00Z" in [slot.value for group in shown.groups.values() for _, slot in group]


def test_the_clinicians_override_offers_today_inside_the_notice():
    assert picker(enforce_notice=False).day == dt.date(2026, 11, 20)
