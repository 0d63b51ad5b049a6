import datetime as dt
import re
from http import HTTPStatus
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from bookings.models import Appointment, AppointmentEvent, Service
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import S, calendar_of, event_of

pytestmark = pytest.mark.django_db


def add_form(service, date="30/11/2026", time="09:30"):
    return {
        "status": "confirmed",
        "service": service.pk,
        "start_0": date,
        "start_1": time,
        "patient_name": "Phoned In",
        "email": "phone@example.com",
        "phone": "07700 900555",
        "concern": "back",
        "notes": "",
    }


def test_appointment_list_shows_uk_time_and_searches(admin_client):
    AppointmentFactory(patient_name="Zoe Search", start=dt.datetime(2026, 7, 6, 8, 0, tzinfo=dt.UTC))
    response = admin_client.get(reverse("admin:bookings_appointment_changelist"), {"q": "Zoe"})
    assert response.status_code == HTTPStatus.OK
    assert "Mon 06 Jul 2026, 09:00" in response.content.decode()  # 08:00 UTC is 09:00 BST


def test_clinician_can_add_an_appointment_that_obeys_the_rules(admin_client):
    service = Service.objects.get(slug="follow-up")
    response = admin_client.post(reverse("admin:bookings_appointment_add"), add_form(service))
    assert response.status_code == HTTPStatus.FOUND
    appointment = Appointment.objects.get()
    assert appointment.start == dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC)
    assert appointment.hold_until == appointment.start + dt.timedelta(minutes=55)


def test_admin_refuses_an_overlapping_appointment_with_a_form_error(admin_client):
    service = Service.objects.get(slug="follow-up")
    AppointmentFactory(service=service, start=dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC))
    response = admin_client.post(reverse("admin:bookings_appointment_add"), add_form(service))
    assert response.status_code == HTTPStatus.OK
    assert "That time overlaps another appointment" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_changing_the_service_of_a_declined_appointment_rederives_its_times(admin_client):
    follow_up, assessment = Service.objects.get(slug="follow-up"), Service.objects.get(slug="initial-assessment")
    declined = AppointmentFactory(service=follow_up, status=Appointment.Status.DECLINED)
    form = add_form(assessment)
    form |= {"service": assessment.pk, "start_0": f"{declined.local_start:%d/%m/%Y}",
             "start_1": f"{declined.local_start:%H:%M}", "patient_name": declined.patient_name}  # fmt: skip
    del form["status"]  # read-only once the appointment exists
    form |= {"events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"}
    response = admin_client.post(reverse("admin:bookings_appointment_change", args=[declined.pk]), form, follow=True)
    page = response.content.decode()
    assert response.redirect_chain and "Not moved" not in page and "Nothing was saved" not in page
    declined.refresh_from_db()
    assert declined.service == assessment
    assert (declined.end, declined.hold_until) == assessment.times_from(declined.start)


def test_admin_refuses_a_time_outside_opening_hours(admin_client):
    service = Service.objects.get(slug="follow-up")
    response = admin_client.post(reverse("admin:bookings_appointment_add"), add_form(service, "29/11/2026"))
    assert response.status_code == HTTPStatus.OK
    assert "opening hours" in response.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("name", ["service", "bookingrules"])
def test_service_and_rules_admin_pages_load(admin_client, name):
    assert admin_client.get(reverse(f"admin:bookings_{name}_changelist")).status_code == HTTPStatus.OK


def test_admin_login_is_throttled_after_repeated_failures(client, django_user_model):
    django_user_model.objects.create_superuser("clinician", "c@example.com", "right-password-123")
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "clinician", "password": "wrong"})
    response = client.post(url, {"username": "clinician", "password": "right-password-123"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_url_is_configurable(settings):
    from importlib import reload

    from django.urls import clear_url_caches

    import config.urls

    settings.ADMIN_URL = "clinic-office/"
    try:
        clear_url_caches()
        reload(config.urls)
        assert any(str(p.pattern) == "clinic-office/" for p in config.urls.urlpatterns)
    finally:
        settings.ADMIN_URL = "admin/"
        reload(config.urls)
        clear_url_caches()


def test_a_slot_taken_between_form_check_and_save_gives_a_message_not_a_500(admin_client):
    from django.db import IntegrityError

    class ExclusionViolation(Exception):
        sqlstate = "23P01"

    def clash(*args, **kwargs):
        raise IntegrityError("conflicting key value violates exclusion constraint") from ExclusionViolation()

    service = Service.objects.get(slug="follow-up")
    with mock.patch("bookings.models.Appointment.save", side_effect=clash):
        response = admin_client.post(reverse("admin:bookings_appointment_add"), add_form(service), follow=True)
    assert response.status_code == HTTPStatus.OK
    assert "Nothing was saved: That time has just been taken." in response.content.decode()
    assert not Appointment.objects.exists()


class TestAdminWorkflow:
    def test_clinician_confirms_from_the_list_and_the_patient_is_emailed(
        self, requested, admin_client, django_capture_on_commit_callbacks
    ):
        url = reverse("admin:bookings_appointment_changelist")
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, {"action": "confirm", "_selected_action": [requested.pk]}, follow=True)
        assert "Done: confirm for 1 appointment(s)." in response.content.decode()
        assert mail.outbox[0].to == ["ann@example.com"] and "confirmed" in mail.outbox[0].subject

    def test_an_action_on_an_appointment_that_changed_says_so(self, requested, admin_client):
        Appointment.objects.filter(pk=requested.pk).update(status=S.CANCELLED_BY_PATIENT)
        url = reverse("admin:bookings_appointment_changelist")
        response = admin_client.post(url, {"action": "confirm", "_selected_action": [requested.pk]}, follow=True)
        assert f"Nothing done for {requested.reference}" in response.content.decode()
        assert Appointment.objects.get(pk=requested.pk).status == S.CANCELLED_BY_PATIENT

    def test_declining_asks_for_an_optional_message_and_sends_it(
        self, requested, admin_client, django_capture_on_commit_callbacks
    ):
        url = reverse("admin:bookings_appointment_changelist")
        page = admin_client.post(url, {"action": "decline", "_selected_action": [requested.pk]})
        assert "Message to the patient" in page.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(
                url,
                {"action": "decline", "apply": "1", "_selected_action": [requested.pk], "message": "Try Tuesday?"},
            )
        assert Appointment.objects.get(pk=requested.pk).status == S.DECLINED
        assert "Try Tuesday?" in mail.outbox[0].body

    def test_moving_in_admin_emails_a_rescheduled_calendar_file(
        self, requested, admin_client, django_capture_on_commit_callbacks
    ):
        url = reverse("admin:bookings_appointment_change", args=[requested.pk])
        data = {
            "service": requested.service.pk,
            "start_0": "01/12/2026",
            "start_1": "10:00",
            "patient_name": requested.patient_name,
            "email": requested.email,
            "phone": requested.phone,
            "concern": requested.concern,
            "notes": requested.notes,
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "1",
            "events-MIN_NUM_FORMS": "0",
            "events-MAX_NUM_FORMS": "1000",
            "events-0-id": AppointmentEvent.objects.get(appointment=requested).pk,
            "events-0-appointment": requested.pk,
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, data)
        assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
        moved = Appointment.objects.get(pk=requested.pk)
        assert moved.start == dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC) and moved.sequence == 1
        assert "has moved" in mail.outbox[0].subject
        assert event_of(calendar_of(mail.outbox[0]))["SEQUENCE"] == 1


def test_a_name_typed_in_admin_loses_direction_changing_characters(admin_client):
    service = Service.objects.get(slug="follow-up")
    form = add_form(service) | {"patient_name": "Phoned\u202e nI\u202c", "notes": "call\u200b back"}
    admin_client.post(reverse("admin:bookings_appointment_add"), form)
    assert Appointment.objects.values_list("patient_name", "notes").get() == ("Phoned nI", "call back")


class TestOneClickDecisions:
    def decide(self, admin_client, appointment, decision, **extra):
        url = reverse("admin:bookings_appointment_decide", args=[appointment.pk])
        return admin_client.post(url, {"decision": decision, "seen_status": appointment.status, **extra})

    def test_the_appointment_page_offers_every_decision_its_status_allows(self, admin_client):
        requested = AppointmentFactory(status=S.REQUESTED)
        confirmed = AppointmentFactory(status=S.CONFIRMED, start=requested.start + dt.timedelta(hours=2))
        page = admin_client.get(reverse("admin:bookings_appointment_change", args=[requested.pk])).content.decode()
        assert [b in page for b in (">Confirm<", ">Decline<", ">Cancel appointment<", ">Mark completed<")] == [
            True, True, True, False
        ]  # fmt: skip
        page = admin_client.get(reverse("admin:bookings_appointment_change", args=[confirmed.pk])).content.decode()
        assert ">Confirm<" not in page and ">Mark completed<" in page and ">Mark no-show<" in page

    def test_confirming_is_one_post_with_the_email_and_history(self, admin_client, django_capture_on_commit_callbacks):
        appointment = AppointmentFactory(status=S.REQUESTED)
        with django_capture_on_commit_callbacks(execute=True):
            response = self.decide(admin_client, appointment, "confirm")
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == reverse("admin:bookings_appointment_change", args=[appointment.pk])
        appointment.refresh_from_db()
        assert appointment.status == S.CONFIRMED and appointment.sequence == 1
        assert "confirmed" in mail.outbox[0].subject
        assert AppointmentEvent.objects.get(appointment=appointment).to_status == S.CONFIRMED

    def test_declining_with_a_message_sends_it_and_returns_to_the_diary(
        self, admin_client, django_capture_on_commit_callbacks
    ):
        appointment = AppointmentFactory(status=S.REQUESTED)
        diary = reverse("admin:bookings_appointment_diary")
        with django_capture_on_commit_callbacks(execute=True):
            response = self.decide(admin_client, appointment, "decline", message="Could Thursday suit?", next=diary)
        assert response["Location"] == diary
        assert "Could Thursday suit?" in mail.outbox[0].body

    def test_a_decision_on_an_appointment_that_changed_meanwhile_changes_nothing(self, admin_client):
        appointment = AppointmentFactory(status=S.REQUESTED)
        Appointment.objects.filter(pk=appointment.pk).update(status=S.CANCELLED_BY_PATIENT)
        response = self.decide(admin_client, appointment, "confirm", next="https://evil.example/")
        assert response["Location"] == reverse("admin:bookings_appointment_change", args=[appointment.pk])
        assert Appointment.objects.get(pk=appointment.pk).status == S.CANCELLED_BY_PATIENT
        assert not AppointmentEvent.objects.exists()

    @pytest.mark.parametrize("data", [{}, {"decision": "teleport", "seen_status": "requested"}])
    def test_a_malformed_decision_is_refused_with_a_message(self, admin_client, data):
        appointment = AppointmentFactory(status=S.REQUESTED)
        url = reverse("admin:bookings_appointment_decide", args=[appointment.pk])
        response = admin_client.post(url, data, follow=True)
        assert "Nothing was changed" in response.content.decode()
        assert Appointment.objects.get(pk=appointment.pk).status == S.REQUESTED

    def test_appointments_cannot_be_deleted_from_admin(self, admin_client):
        appointment = AppointmentFactory()
        delete = admin_client.post(reverse("admin:bookings_appointment_delete", args=[appointment.pk]), {"post": "yes"})
        assert delete.status_code == HTTPStatus.FORBIDDEN
        listing = admin_client.get(reverse("admin:bookings_appointment_changelist")).content.decode()
        assert "delete_selected" not in listing
        assert Appointment.objects.filter(pk=appointment.pk).exists()


def test_the_appointment_list_and_form_use_24_hour_times_and_show_status_early(admin_client):
    appointment = AppointmentFactory(start=dt.datetime(2026, 11, 30, 14, 30, tzinfo=dt.UTC))
    listing = admin_client.get(reverse("admin:bookings_appointment_changelist")).content.decode()
    columns = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', listing)
    assert columns.index("coloured_status") < columns.index("patient_name") < columns.index("service"), columns
    form = admin_client.get(reverse("admin:bookings_appointment_change", args=[appointment.pk])).content.decode()
    assert 'value="14:30"' in form and "14:30:00" not in form and "p.m." not in form
