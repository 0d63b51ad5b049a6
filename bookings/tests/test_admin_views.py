"""The clinician's extra admin pages: diary, weekly report, CSV export, subject access export."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.urls import reverse

from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import MONDAY_9, SECRET_NOTE


class TestAdminPages:
    def test_diary_report_and_csv(self, requested, admin_client):
        diary = admin_client.get(reverse("admin:bookings_appointment_diary"), {"week": "2026-11-30"})
        html = diary.content.decode()
        assert "Monday 30 November" in html and "Ann Runner" in html and "09:00–10:00" in html
        assert "Open 07:00–19:00" in html
        assert admin_client.get(reverse("admin:bookings_appointment_diary"), {"day": "2026-11-29"}).status_code == 200
        report = admin_client.get(reverse("admin:bookings_appointment_report")).content.decode()
        assert "Diary fill" in report
        response = admin_client.post(
            reverse("admin:bookings_appointment_changelist"),
            {"action": "export_csv", "_selected_action": [requested.pk]},
        )
        assert response["Content-Type"].startswith("text/csv")
        assert requested.reference in response.content.decode() and "Ann Runner" in response.content.decode()

    def test_subject_access_export_has_everything_for_one_email(self, requested, admin_client):
        AppointmentFactory(email="someone.else@example.com", start=MONDAY_9 + dt.timedelta(hours=3))
        response = admin_client.post(reverse("admin:bookings_appointment_subject_access"), {"email": "ANN@example.com"})
        data = response.json()
        assert [a["reference"] for a in data["appointments"]] == [requested.reference]
        assert data["appointments"][0]["notes"] == SECRET_NOTE
        assert {e["kind"] for e in data["emails"]} == {"request_received"}


@pytest.mark.parametrize("query", ["week=0001-01-01", "week=9999-12-31", "day=9999-12-31", "day=nonsense"])
def test_diary_with_an_odd_date_falls_back_to_this_week(admin_client, query):
    response = admin_client.get(reverse("admin:bookings_appointment_diary") + "?" + query)
    assert response.status_code == HTTPStatus.OK
