"""Status changes: behaviour that mutation testing found unguarded (docs/mutation.md)."""

import datetime as dt
from unittest import mock

import pytest
import time_machine

from bookings import signals, workflow
from bookings.models import Appointment, AppointmentEvent, OutboundEmail, Service
from bookings.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
S = Appointment.Status


@pytest.fixture
def requested():
    return AppointmentFactory(service=Service.objects.get(slug="initial-assessment"), start=MONDAY_9)


@pytest.fixture
def freed():
    receiver = mock.Mock()
    signals.time_freed.connect(receiver)
    yield receiver
    signals.time_freed.disconnect(receiver)


def test_a_change_counts_up_the_sequence_stamps_the_time_and_records_no_note_without_a_message(requested):
    Appointment.objects.filter(pk=requested.pk).update(sequence=3)
    with time_machine.travel(NOW, tick=False):
        workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED)
    row = Appointment.objects.values("status", "sequence", "updated_at").get(pk=requested.pk)
    assert row == {"status": S.CONFIRMED, "sequence": 4, "updated_at": NOW}
    event = AppointmentEvent.objects.get(appointment=requested)
    assert (event.from_status, event.to_status, event.note) == (S.REQUESTED, S.CONFIRMED, "")


def test_a_message_to_the_patient_is_recorded_and_sent(requested):
    workflow.apply("decline", requested.pk, seen_status=S.REQUESTED, message="Fully booked that week, sorry.")
    assert (
        AppointmentEvent.objects.get(appointment=requested).note == "Message to patient: Fully booked that week, sorry."
    )
    email = OutboundEmail.objects.get()
    assert email.kind == "declined" and "Fully booked that week, sorry." in email.body_text


def test_a_patients_cancellation_emails_the_patient_and_the_clinic(requested):
    workflow.apply("patient_cancel", requested.pk, seen_status=S.REQUESTED)
    emails = OutboundEmail.objects.order_by("pk")
    assert [(e.kind, e.to) for e in emails] == [
        ("cancelled_by_patient", requested.email),
        ("patient_cancelled", emails[1].to),
    ]
    assert emails[1].to != requested.email and requested.reference in emails[1].subject + emails[1].body_text


def test_only_a_change_that_lets_go_of_future_time_frees_it(requested, freed):
    with time_machine.travel(NOW, tick=False):
        workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED)
        freed.assert_not_called()
    with time_machine.travel(requested.hold_until, tick=False):  # the held time has just ended
        workflow.apply("cancel", requested.pk, seen_status=S.CONFIRMED)
        freed.assert_not_called()


def test_a_cancellation_frees_the_time_it_held(requested, freed):
    with time_machine.travel(NOW, tick=False):
        workflow.apply("cancel", requested.pk, seen_status=S.REQUESTED)
    freed.assert_called_once_with(
        signal=signals.time_freed, sender=Appointment, start=MONDAY_9, end=requested.hold_until
    )


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (S.REQUESTED, ["confirm", "decline", "cancel"]),
        (S.CONFIRMED, ["cancel", "complete", "no_show"]),
        (S.DECLINED, []),
        (S.COMPLETED, []),
    ],
    ids=["requested", "confirmed", "declined", "completed"],
)
def test_the_clinician_is_offered_only_the_changes_the_status_allows(status, buttons):
    assert workflow.decisions_for(status) == buttons


def test_a_change_to_one_appointment_leaves_every_other_as_it_was(requested):
    other = AppointmentFactory(service=requested.service, start=MONDAY_9 + dt.timedelta(hours=2))
    before = Appointment.objects.values().get(pk=other.pk)
    workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED)
    assert Appointment.objects.values().get(pk=other.pk) == before


@pytest.mark.parametrize(("seen", "called"), [(S.REQUESTED, "booking request"), (S.CONFIRMED, "appointment on")],
                         ids=["request", "appointment"])  # fmt: skip
def test_the_clinics_cancellation_email_calls_a_request_a_request(requested, seen, called):
    """Mutation testing found nothing pinned the `requested` flag the cancellation email reads."""
    Appointment.objects.filter(pk=requested.pk).update(status=seen)
    with time_machine.travel(NOW, tick=False):
        workflow.apply("cancel", requested.pk, seen_status=seen)
    body = OutboundEmail.objects.get(appointment=requested, kind="cancelled").body_text
    assert f"cancel your {called}" in body
    assert ("booking request" in body) == (seen == S.REQUESTED)


def test_a_decline_never_offers_the_time_it_turns_down(requested):
    """The declined time is free again the moment it is declined, and it is the first free time of its day; the
    email offers the next free times without it (mutation testing found `avoid` unpinned)."""
    Appointment.objects.filter(pk=requested.pk).update(start=dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC))
    requested.refresh_from_db()
    with time_machine.travel(NOW, tick=False):
        workflow.apply("decline", requested.pk, seen_status=S.REQUESTED)
    offered = OutboundEmail.objects.get(appointment=requested, kind="declined").body_text.split("The next free times")[
        1
    ]
    assert "Monday 23 November at 07:00" not in offered and "Monday 23 November at 07:15" in offered
