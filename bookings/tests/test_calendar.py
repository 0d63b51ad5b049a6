"""Calendar files and the clinician's private feed."""

import datetime as dt
from http import HTTPStatus

from django.urls import reverse
from icalendar import Calendar

from bookings.models import BookingRules
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import MONDAY_9, SECRET_NOTE, S


class TestCalendarFeed:
    def test_feed_lists_held_appointments_without_notes(self, requested, client):
        AppointmentFactory(start=MONDAY_9 + dt.timedelta(hours=5), status=S.DECLINED, patient_name="Declined Dan")
        token = BookingRules.load().calendar_token
        response = client.get(reverse("bookings:clinic_calendar", args=[token]))
        assert response["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.content)
        summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
        assert summaries == ["Requested: Initial assessment — Ann Runner"]
        assert SECRET_NOTE.encode() not in response.content

    def test_wrong_token_is_404_and_regenerating_retires_the_old_one(self, requested, client, admin_client):
        assert client.get(reverse("bookings:clinic_calendar", args=["guess"])).status_code == HTTPStatus.NOT_FOUND
        old = BookingRules.load().calendar_token
        admin_client.post(
            reverse("admin:bookings_bookingrules_changelist"),
            {"action": "regenerate_calendar_token", "_selected_action": [1]},
        )
        assert client.get(reverse("bookings:clinic_calendar", args=[old])).status_code == HTTPStatus.NOT_FOUND
        new = BookingRules.objects.get().calendar_token
        assert client.get(reverse("bookings:clinic_calendar", args=[new])).status_code == HTTPStatus.OK
