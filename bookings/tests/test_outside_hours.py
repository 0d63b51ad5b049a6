"""Bookings left outside the opening hours (kept through a closure, or a move not yet made after the clash page's
"move it") are marked wherever the clinician sees them: the diary's week and day, the phone's agenda, today and
tomorrow on the admin home, which counts them and links to the list filtered to them."""

import datetime as dt
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from bookings import clashes
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import MONDAY_9, S
from clinic.hours import current_schedule
from clinic.models import Closure

pytestmark = pytest.mark.django_db

SUNDAY_NOON = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)  # the day before MONDAY_9
MARK = "Outside opening hours"


@pytest.fixture
def clinician(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("stephen", "stephen@example.com", "x"))
    with time_machine.travel(SUNDAY_NOON, tick=False):
        yield client


@pytest.fixture
def kept():
    """A confirmed appointment on Monday at 09:00, then Monday closed (saved straight, as after "keep")."""
    appointment = AppointmentFactory(start=MONDAY_9, status=S.CONFIRMED, patient_name="Kept Patient")
    Closure.objects.create(start_date=MONDAY_9.date(), end_date=MONDAY_9.date(), reason="Course")
    return appointment


def home(client):
    return client.get(reverse("admin:index")).content.decode()


def test_outside_hours_finds_upcoming_bookings_the_hours_do_not_cover(kept):
    inside = AppointmentFactory(start=MONDAY_9 + dt.timedelta(days=1), status=S.CONFIRMED)
    AppointmentFactory(start=MONDAY_9 + dt.timedelta(hours=2), status=S.DECLINED)  # holds no time
    with time_machine.travel(SUNDAY_NOON, tick=False):
        found = clashes.outside_hours(current_schedule(), SUNDAY_NOON)
    assert found == [kept] and inside not in found
    assert clashes.count_outside_hours(current_schedule(), SUNDAY_NOON) == 1
    with time_machine.travel(MONDAY_9 + dt.timedelta(days=1), tick=False):  # once over, no longer to see to
        assert clashes.outside_hours(current_schedule(), MONDAY_9 + dt.timedelta(days=1)) == []


def test_the_home_counts_them_and_links_to_the_list_of_them(clinician, kept):
    AppointmentFactory(start=MONDAY_9 + dt.timedelta(days=1), status=S.CONFIRMED, patient_name="Inside Patient")
    page = home(clinician)
    assert "<strong>1</strong> booking outside opening hours" in page
    listed = clinician.get(reverse("admin:bookings_appointment_changelist"), {"when": "outside-hours"})
    assert listed.status_code == HTTPStatus.OK
    assert [a.reference for a in listed.context["cl"].result_list] == [kept.reference]


def test_the_home_says_nothing_when_every_booking_is_inside_the_hours(clinician):
    AppointmentFactory(start=MONDAY_9, status=S.CONFIRMED)
    assert "outside opening hours" not in home(clinician)


def test_tomorrow_on_the_home_marks_it(clinician, kept):
    page = home(clinician)
    tomorrow = page[page.index('id="home-tomorrow"') :]
    assert "Kept Patient" in tomorrow and MARK in tomorrow


@pytest.mark.parametrize("view", ["day", "week"])
def test_the_diary_marks_it_by_day_and_week(clinician, kept, view):
    AppointmentFactory(start=MONDAY_9 - dt.timedelta(days=3), status=S.CONFIRMED)  # Friday, open: not marked
    page = clinician.get(reverse("admin:bookings_appointment_diary"), {view: "2026-11-30"}).content.decode()
    assert page.count(MARK) == 2  # the grid, and the agenda a phone shows instead


def test_an_appointment_inside_the_hours_is_not_marked(clinician):
    AppointmentFactory(start=MONDAY_9, status=S.CONFIRMED)
    page = clinician.get(reverse("admin:bookings_appointment_diary"), {"day": "2026-11-30"}).content.decode()
    assert MARK not in page


def test_a_request_outside_the_hours_is_marked_where_it_waits_beside_its_confirm_button(clinician):
    """Confirming is one tap from the requests waiting: a request the hours no longer cover says so there."""
    AppointmentFactory(start=MONDAY_9, status=S.REQUESTED, patient_name="Waiting Outside")
    Closure.objects.create(start_date=MONDAY_9.date(), end_date=MONDAY_9.date(), reason="Course")
    AppointmentFactory(start=MONDAY_9 + dt.timedelta(days=1), status=S.REQUESTED, patient_name="Waiting Inside")
    page = clinician.get(reverse("admin:bookings_appointment_diary"), {"day": "2026-12-01"}).content.decode()
    waiting = page[page.index('id="waiting"') : page.index("</aside>")]
    outside, inside = waiting.index("Waiting Outside"), waiting.index("Waiting Inside")
    assert "Outside opening hours:" in waiting[outside:inside] and "Outside opening hours" not in waiting[inside:]
