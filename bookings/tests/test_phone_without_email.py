"""A patient who rings without an email address: booked with a name and a phone number, told of everything by
phone, and never emailed (no confirmation, reminder or cancellation)."""

import datetime as dt
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bookings import reminders
from bookings.models import Appointment, OutboundEmail, Service
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import S
from bookings.tests.test_admin import PATIENT, TestPhoneBooking

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


book = TestPhoneBooking.book


def test_a_patient_who_rings_without_an_email_is_booked_and_emailed_nothing_ever(
    admin_client, django_capture_on_commit_callbacks
):
    follow_up = Service.objects.get(slug="follow-up")
    with django_capture_on_commit_callbacks(execute=True):
        response = book(None, admin_client, follow_up, "2026-11-30T09:30:00Z", email="", concern="")
    appointment = Appointment.objects.get()
    assert (appointment.email, appointment.concern, appointment.phone) == ("", "", PATIENT["phone"])
    page = admin_client.get(response["Location"]).content.decode()
    assert "No email was sent: there is no address." in page
    assert "No email address:" in page and f'href="tel:{PATIENT["phone"].replace(" ", "")}"' in page
    decide = reverse("admin:bookings_appointment_decide", args=[appointment.pk])
    step = admin_client.post(decide, {"decision": "cancel", "seen_status": S.CONFIRMED}).content.decode()
    assert "Cancel? The patient has no email address" in step and "decision-message" not in step
    with time_machine.travel(appointment.start - dt.timedelta(hours=20)):
        assert reminders.send_reminders(timezone.now()) == 0
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(decide, {"decision": "cancel", "seen_status": S.CONFIRMED, "sure": "1"})
    assert "email to the patient" not in admin_client.get(done["Location"]).content.decode()
    assert Appointment.objects.get().status == S.CANCELLED_BY_CLINIC
    assert not mail.outbox and not OutboundEmail.objects.exists()


def test_a_phone_booking_needs_an_email_or_a_phone_number(admin_client):
    follow_up = Service.objects.get(slug="follow-up")
    response = book(None, admin_client, follow_up, "2026-11-30T09:30:00Z", email="", phone="")
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "Give an email address or a phone number" in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_appointment_page_will_not_save_a_patient_it_cannot_reach(admin_client):
    appointment = AppointmentFactory(status=S.CONFIRMED)
    url = reverse("admin:bookings_appointment_change", args=[appointment.pk])
    form = {
        "service": appointment.service_id, "patient_name": appointment.patient_name, "email": "", "phone": "",
        "concern": "", "notes": "", "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = admin_client.post(url, form)
    assert response.status_code == HTTPStatus.OK
    assert "Give an email address or a phone number" in response.content.decode()
    assert Appointment.objects.get(pk=appointment.pk).email == appointment.email
