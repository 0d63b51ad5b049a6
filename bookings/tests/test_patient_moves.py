"""A patient moves their appointment from the manage link: a review step ("from … to …, Confirm move") before
anything moves, and the booking rule that makes a moved confirmed appointment a request again."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from bookings import booking, links
from bookings.models import Appointment, AppointmentEvent, BookingRules, OutboundEmail
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import MONDAY_9, NOW, S

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

ELEVEN = "2026-11-30T11:00:00Z"


@pytest.fixture
def confirmed():
    return AppointmentFactory(status=S.CONFIRMED, start=MONDAY_9, email="pat@example.com")


def needing_approval(on=True):
    rules = BookingRules.load()
    rules.patient_moves_need_approval = on
    rules.save()


def move_url(appointment):
    return reverse("bookings:manage_move", args=[links.manage_token(appointment)])


@pytest.mark.parametrize("approval", [False, True], ids=["moves-free", "moves-need-approval"])
def test_choosing_a_time_shows_from_and_to_and_moves_nothing(client, confirmed, approval):
    needing_approval(approval)
    before = Appointment.objects.values().get(pk=confirmed.pk)
    page = client.post(move_url(confirmed), {"slot": ELEVEN})
    assert page.status_code == HTTPStatus.OK
    text = page.content.decode()
    assert "Move your appointment?" in text and "Monday 30 November at 09:00" in text
    assert "Monday 30 November at 11:00" in text and "Confirm move" in text
    assert f'name="slot" value="{ELEVEN}"' in text and 'name="confirm"' in text
    assert ("confirms each move" in text) == approval
    assert Appointment.objects.values().get(pk=confirmed.pk) == before
    assert not OutboundEmail.objects.exists() and not AppointmentEvent.objects.exists()


def test_confirming_the_move_moves_it_and_keeps_it_confirmed_by_default(
    client, confirmed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(move_url(confirmed), {"slot": ELEVEN, "confirm": "1"}, follow=True)
    confirmed.refresh_from_db()
    assert confirmed.status == S.CONFIRMED and confirmed.local_start.hour == 11
    assert "Your appointment has moved. We’ve emailed you the new time." in response.content.decode()


def test_with_approval_on_a_patients_move_makes_a_confirmed_appointment_a_request_again(
    client, confirmed, django_capture_on_commit_callbacks
):
    needing_approval()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(move_url(confirmed), {"slot": ELEVEN, "confirm": "1"}, follow=True)
    confirmed.refresh_from_db()
    assert confirmed.status == S.REQUESTED and confirmed.local_start.hour == 11
    assert "The clinic confirms each move, so it is awaiting confirmation." in response.content.decode()
    event = AppointmentEvent.objects.get(appointment=confirmed)
    assert (event.from_status, event.to_status) == (S.CONFIRMED, S.REQUESTED)
    assert "moves by patients need your approval" in event.note
    patient = next(m for m in mail.outbox if m.to == ["pat@example.com"])
    clinic = next(m for m in mail.outbox if m.to != ["pat@example.com"])
    assert "confirms each move" in patient.body and "STATUS:TENTATIVE" in patient.attachments[0][1]
    assert "need your approval" in clinic.body and "moved their appointment" in clinic.body


def test_approval_applies_only_to_patients_moving_confirmed_appointments(confirmed):
    needing_approval()
    moved = booking.move(confirmed, MONDAY_9 + dt.timedelta(hours=2), now=NOW)  # the clinician moves it
    assert moved.status == S.CONFIRMED
    request = AppointmentFactory(status=S.REQUESTED, start=MONDAY_9 + dt.timedelta(days=1))
    assert booking.move(request, request.start + dt.timedelta(hours=2), now=NOW, by_patient=True).status == S.REQUESTED


def test_a_service_change_alone_is_not_written_as_a_move(confirmed):
    from bookings.models import Service

    other = Service.objects.exclude(pk=confirmed.service_id).filter(duration_minutes__lte=45).first()
    before = str(confirmed.service)
    booking.move(confirmed, MONDAY_9, now=NOW, service=other, enforce_notice=False)
    note = AppointmentEvent.objects.get(appointment=confirmed).note
    assert note == f"Service changed from {before} to {other}"


def test_declining_a_move_waiting_for_approval_warns_that_it_was_confirmed(client, admin_client, confirmed):
    needing_approval()
    client.post(move_url(confirmed), {"slot": ELEVEN, "confirm": "1"})
    decide = reverse("admin:bookings_appointment_decide", args=[confirmed.pk])
    step = admin_client.post(decide, {"decision": "decline", "seen_status": S.REQUESTED}).content.decode()
    assert "This was a confirmed appointment" in step and "declining leaves them with no appointment" in step
    assert admin_client.get(decide)["Location"] == reverse("admin:bookings_appointment_change", args=[confirmed.pk])
