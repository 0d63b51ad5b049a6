"""`GET /book/availability/`: a day's free times as JSON, for the time picker's script and anyone else, with a
clear 4xx for each bad query."""

import datetime as dt
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from bookings.models import Service
from bookings.tests.factories import AppointmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]  # Friday 20 November, noon
MONDAY_9 = "2026-11-30T09:00:00Z"


class TestAvailabilityJson:
    def test_free_slots_for_a_day_with_uk_offsets(self, client):
        data = client.get(reverse("bookings:availability"), {"service": "follow-up", "date": "2026-11-27"}).json()
        assert data["service"] == "follow-up" and data["timezone"] == "Europe/London"
        assert data["label"] == "Friday 27 November"
        assert data["slots"][0] == {
            "start": "2026-11-27T07:00:00+00:00",
            "end": "2026-11-27T07:45:00+00:00",
            "value": "2026-11-27T07:00:00Z",  # what step 3's form posts (the script builds its radios from it)
            "part": "Morning",
            "time": "07:00",
            "to": "07:45",
            "suggested": True,  # the first start of the day's opening hours keeps the diary compact
        }
        assert data["slots"][-1]["start"] == "2026-11-27T13:00:00+00:00"  # 45 min + 10 min buffer before 14:00
        suggested = [slot["time"] for slot in data["slots"] if slot["suggested"]]
        assert suggested == ["07:00", "13:00"] and len(data["slots"]) == 25  # the rest after "Show all times"

    def test_summer_times_carry_the_bst_offset(self, client):
        with time_machine.travel(dt.datetime(2027, 6, 1, tzinfo=dt.UTC), tick=False):
            data = client.get(reverse("bookings:availability"), {"service": "follow-up", "date": "2027-06-07"}).json()
        assert data["slots"][0]["start"] == "2027-06-07T07:00:00+01:00"
        assert data["slots"][0]["time"] == "07:00" and data["slots"][0]["value"] == "2027-06-07T06:00:00Z"

    @pytest.mark.parametrize(
        "params", [{}, {"service": "follow-up"}, {"date": "2026-11-27"}, {"service": "follow-up", "date": "27/11/2026"}]
    )
    def test_missing_or_malformed_parameters_give_400_with_a_message(self, client, params):
        response = client.get(reverse("bookings:availability"), params)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "error" in response.json()

    def test_unknown_service_gives_404(self, client):
        response = client.get(reverse("bookings:availability"), {"service": "nope", "date": "2026-11-27"})
        assert response.status_code == HTTPStatus.NOT_FOUND

    def test_availability_costs_a_bounded_number_of_queries(self, client, django_assert_max_num_queries):
        service = Service.objects.get(slug="follow-up")
        for hour in range(7, 13):
            AppointmentFactory(service=service, start=dt.datetime(2026, 11, 30, hour, 0, tzinfo=dt.UTC))
        client.get(reverse("bookings:availability"), {"service": "follow-up", "date": "2026-11-30"})  # warm caches
        with django_assert_max_num_queries(2):
            client.get(reverse("bookings:availability"), {"service": "follow-up", "date": "2026-11-30"})

    def test_cached_availability_is_refreshed_when_a_slot_is_taken(self, client):
        params = {"service": "follow-up", "date": "2026-11-30"}
        first = client.get(reverse("bookings:availability"), params).json()["slots"][0]["start"]
        assert first == "2026-11-30T07:00:00+00:00"
        AppointmentFactory(
            service=Service.objects.get(slug="follow-up"), start=dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.UTC)
        )
        assert client.get(reverse("bookings:availability"), params).json()["slots"][0]["start"] != first

    def test_cached_availability_is_refreshed_when_an_appointment_is_declined(self, client):
        from bookings import workflow

        appointment = AppointmentFactory(
            service=Service.objects.get(slug="follow-up"), start=dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.UTC)
        )
        params = {"service": "follow-up", "date": "2026-11-30"}
        assert (
            client.get(reverse("bookings:availability"), params).json()["slots"][0]["start"]
            != "2026-11-30T07:00:00+00:00"
        )
        with self.captured_commits():
            workflow.apply("decline", appointment.pk, seen_status="requested")
        assert (
            client.get(reverse("bookings:availability"), params).json()["slots"][0]["start"]
            == "2026-11-30T07:00:00+00:00"
        )

    @pytest.fixture(autouse=True)
    def _commits(self, django_capture_on_commit_callbacks):
        self.captured_commits = lambda: django_capture_on_commit_callbacks(execute=True)

    @pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "1999-12-31"])
    def test_dates_far_out_of_range_give_400_not_500(self, client, date):
        response = client.get(reverse("bookings:availability"), {"service": "follow-up", "date": date})
        assert response.status_code == HTTPStatus.BAD_REQUEST

    def test_a_past_or_too_distant_day_has_no_slots_and_costs_no_appointment_query(
        self, client, django_assert_max_num_queries
    ):
        client.get(reverse("bookings:availability"), {"service": "follow-up", "date": "2026-11-19"})
        for date in ["2026-11-18", "2027-06-01"]:
            with django_assert_max_num_queries(1):
                data = client.get(reverse("bookings:availability"), {"service": "follow-up", "date": date}).json()
            assert data["slots"] == []
