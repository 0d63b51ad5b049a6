"""clinic/admin.py as the clinician uses it: one profile (never a second, never deleted), opening hours typed as
24-hour times, closures by the day or by the hour, and the FAQ reordered from its list."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.urls import reverse

from clinic.models import ClinicProfile, Closure, OpeningHours

pytestmark = pytest.mark.django_db


def test_the_profile_is_one_row_that_cannot_be_added_twice_or_deleted(admin_client):
    profile = ClinicProfile.load()
    assert admin_client.get(reverse("admin:clinic_clinicprofile_add")).status_code == HTTPStatus.FORBIDDEN
    delete = admin_client.get(reverse("admin:clinic_clinicprofile_delete", args=[profile.pk]))
    assert delete.status_code == HTTPStatus.FORBIDDEN
    page = admin_client.get(reverse("admin:clinic_clinicprofile_change", args=[profile.pk])).content.decode()
    assert "About the clinician (the about page)" in page and "drawn card with your initials" in page


def test_opening_hours_are_typed_as_24_hour_times_without_seconds(admin_client):
    hours = OpeningHours.objects.order_by("weekday", "opens").first()
    page = admin_client.get(reverse("admin:clinic_openinghours_change", args=[hours.pk])).content.decode()
    assert 'type="time"' in page and 'step="300"' in page
    assert f'value="{hours.opens:%H:%M}"' in page


def test_a_closure_by_the_hour_is_saved_from_the_admin_form(admin_client):
    form = {"start_date": "2026-12-09", "end_date": "2026-12-09", "reason": "Dentist",
            "start_time": "14:00", "end_time": "15:30"}  # fmt: skip
    response = admin_client.post(reverse("admin:clinic_closure_add"), form)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    closure = Closure.objects.get(reason="Dentist")
    assert (closure.start_time, closure.end_time) == (dt.time(14), dt.time(15, 30))


def test_a_closure_that_ends_before_it_starts_is_refused_with_a_message(admin_client):
    form = {"start_date": "2026-12-09", "end_date": "2026-12-08", "reason": "Backwards"}
    response = admin_client.post(reverse("admin:clinic_closure_add"), form)
    assert response.status_code == HTTPStatus.OK
    assert not Closure.objects.filter(reason="Backwards").exists()
    assert "errornote" in response.content.decode()
