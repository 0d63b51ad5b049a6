"""Holding time: behaviour that mutation testing found unguarded (docs/mutation.md)."""

import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth import get_user_model

from bookings import booking
from bookings.booking import BookingError, PatientDetails, SlotTaken, check_free, move, request_appointment
from bookings.models import Appointment, AppointmentEvent, BookingRules, OutboundEmail, Service
from bookings.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # a Friday
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
MINUTES = dt.timedelta(minutes=1)
S = Appointment.Status


@pytest.fixture
def assessment():
    return Service.objects.get(slug="initial-assessment")  # 60 minutes and 10 minutes' buffer


@pytest.fixture
def follow_up():
    return Service.objects.get(slug="follow-up")  # 45 minutes and 10 minutes' buffer


@pytest.fixture
def clinician():
    return get_user_model().objects.create_user("clinician", password="x", is_staff=True)


def patient(email="ann@example.com"):
    return PatientDetails("Ann Runner", email, "07700 900123", "knee", "sore after running", "2026-11-24")


def why_not(service, start, now=NOW, **options):
    with pytest.raises(SlotTaken) as refused:
        check_free(service, start, now, **options)
    return refused.value.message


# --- Why a time is not free -----------------------------------------------------------------


def test_each_reason_a_time_is_not_free_is_said_in_words(assessment):
    taken = AppointmentFactory(service=assessment, start=MONDAY_9)
    assert why_not(assessment, MONDAY_9.replace(hour=18, minute=30)) == (
        "That time isn’t inside the clinic’s opening hours (including the buffer after it)."
    )
    assert (
        why_not(assessment, MONDAY_9 + 15 * MINUTES) == f"That time overlaps another appointment ({taken.reference})."
    )
    assert why_not(assessment, dt.datetime(2027, 1, 18, 9, 0, tzinfo=UTC)) == (
        "That day is beyond the booking horizon (8 weeks ahead)."
    )
    eleven = MONDAY_9 + dt.timedelta(hours=2)
    assert why_not(assessment, eleven, now=eleven - 60 * MINUTES) == "That time is too soon to book online."
    assert why_not(assessment, MONDAY_9 + 75 * MINUTES + 5 * MINUTES) == (
        "That time isn’t one of the clinic’s start times (every 15 minutes)."
    )


def test_off_the_grid_is_the_reason_when_nothing_else_is_wrong(assessment):
    off_grid = "That time isn’t one of the clinic’s start times (every 15 minutes)."
    # The clinician's override sets the notice and horizon aside, so they are never the reason.
    assert why_not(assessment, MONDAY_9 + 5 * MINUTES, now=MONDAY_9, enforce_notice=False) == off_grid
    # On the last day of the horizon, and at exactly the earliest start the notice allows.
    assert why_not(assessment, dt.datetime(2027, 1, 15, 9, 5, tzinfo=UTC)) == off_grid
    assert why_not(assessment, MONDAY_9 + 7 * MINUTES, now=MONDAY_9 + 7 * MINUTES - dt.timedelta(hours=12)) == off_grid


def test_an_appointments_own_time_is_never_the_clash_when_it_moves(assessment):
    own = AppointmentFactory(service=assessment, start=MONDAY_9)
    assert check_free(assessment, MONDAY_9 + 15 * MINUTES, NOW, exclude_pk=own.pk).start == MONDAY_9 + 15 * MINUTES
    assert why_not(assessment, MONDAY_9 + 20 * MINUTES, exclude_pk=own.pk) == (
        "That time isn’t one of the clinic’s start times (every 15 minutes)."
    )


def test_the_notice_applies_unless_the_clinician_overrides_it(assessment):
    soon = MONDAY_9 - 60 * MINUTES
    with pytest.raises(SlotTaken):
        check_free(assessment, MONDAY_9, soon)
    assert check_free(assessment, MONDAY_9, soon, enforce_notice=False).start == MONDAY_9


# --- A patient's request -------------------------------------------------------------------


def test_a_request_stores_what_the_patient_gave(assessment):
    appointment = request_appointment(assessment, MONDAY_9, patient(), NOW)
    stored = Appointment.objects.values("patient_name", "email", "phone", "concern", "notes").get(pk=appointment.pk)
    assert stored == {
        "patient_name": "Ann Runner",
        "email": "ann@example.com",
        "phone": "07700 900123",
        "concern": "knee",
        "notes": "sore after running",
    }


def test_an_inactive_service_says_it_cannot_be_booked_online(assessment):
    assessment.is_active = False
    with pytest.raises(BookingError) as refused:
        request_appointment(assessment, MONDAY_9, patient(), NOW)
    assert refused.value.message == "This service can’t be booked online at the moment."


def test_the_same_draft_submitted_again_returns_the_appointment_it_made(assessment):
    first = request_appointment(assessment, MONDAY_9, patient(), NOW, request_key="draft-1")
    again = request_appointment(assessment, MONDAY_9 + dt.timedelta(hours=2), patient(), NOW, request_key="draft-1")
    assert again == first
    assert Appointment.objects.count() == 1


def test_the_cap_on_upcoming_requests_says_how_to_book_another(assessment):
    rules = BookingRules.load()
    rules.max_upcoming_per_email = 1
    rules.save()
    request_appointment(assessment, MONDAY_9, patient(), NOW)
    with pytest.raises(BookingError) as refused:
        request_appointment(assessment, MONDAY_9 + dt.timedelta(hours=2), patient(), NOW)
    assert refused.value.message == (
        "This email address already has 1 upcoming appointments or requests, which is the most the clinic "
        "accepts online. Please email the clinic to arrange another."
    )


# --- The clinician adds one -----------------------------------------------------------------


def new_appointment(service, start, status):
    return Appointment(
        service=service, start=start, status=status, patient_name="Bob Walker", email="bob@example.com", phone="0"
    )


@pytest.mark.parametrize(("status", "email"), [(S.CONFIRMED, "confirmed"), (S.REQUESTED, "request_received")])
def test_the_clinician_can_add_an_appointment_inside_the_notice_and_the_patient_gets_its_email(
    assessment, clinician, status, email
):
    from bookings.models import OutboundEmail

    soon = MONDAY_9 - 60 * MINUTES
    added = booking.add_by_clinic(new_appointment(assessment, MONDAY_9, status), soon, user=clinician)
    assert Appointment.objects.get().pk == added.pk
    event = AppointmentEvent.objects.get(appointment=added)
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        clinician,
        "",
        status,
        "Added by the clinic",
    )
    assert list(OutboundEmail.objects.values_list("kind", flat=True)) == [email]
    with pytest.raises(SlotTaken):
        booking.add_by_clinic(
            new_appointment(assessment, MONDAY_9 + dt.timedelta(hours=2), status),
            soon,
            user=clinician,
            enforce_notice=True,
        )


def test_a_reference_that_clashes_three_times_gives_up_with_a_message(assessment, clinician):
    existing = AppointmentFactory(service=assessment, start=MONDAY_9)
    clashing = new_appointment(assessment, MONDAY_9 + dt.timedelta(hours=2), S.CONFIRMED)
    clashing.reference = existing.reference
    with (
        mock.patch("bookings.booking.new_reference", return_value=existing.reference) as drawn,
        pytest.raises(BookingError) as refused,
    ):
        booking.add_by_clinic(clashing, NOW, user=clinician)
    assert refused.value.message == "We couldn’t save your request. Please try again."
    assert drawn.call_count == 3


# --- Moves -----------------------------------------------------------------------------------


def test_a_move_changes_the_time_and_service_and_records_who_moved_it(assessment, follow_up, clinician):
    appointment = AppointmentFactory(service=assessment, start=MONDAY_9, status=S.CONFIRMED)
    Appointment.objects.filter(pk=appointment.pk).update(reminded_at=NOW, sequence=3)
    appointment.refresh_from_db()
    soon = MONDAY_9 - 60 * MINUTES
    # Inside the notice (the clinician's override) and overlapping its own old time.
    move(appointment, MONDAY_9 + 15 * MINUTES, now=soon, user=clinician, enforce_notice=False, service=follow_up)
    row = Appointment.objects.values("start", "end", "hold_until", "service", "sequence", "reminded_at", "updated_at")
    assert row.get(pk=appointment.pk) == {
        "start": MONDAY_9 + 15 * MINUTES,
        "end": MONDAY_9 + 60 * MINUTES,
        "hold_until": MONDAY_9 + 70 * MINUTES,
        "service": follow_up.pk,
        "sequence": 4,
        "reminded_at": None,
        "updated_at": soon,
    }
    event = AppointmentEvent.objects.filter(appointment=appointment).latest("pk")
    assert event.actor == clinician
    assert event.note == (
        f"Moved from Mon 30 Nov 2026 09:00 to Mon 30 Nov 2026 09:15; service changed from {assessment} to {follow_up}"
    )


def test_a_patients_move_keeps_to_the_notice(assessment):
    appointment = AppointmentFactory(service=assessment, start=MONDAY_9)
    with pytest.raises(SlotTaken):
        move(appointment, MONDAY_9 + dt.timedelta(hours=2), now=MONDAY_9 - 60 * MINUTES)


def test_only_requested_or_confirmed_appointments_move(assessment):
    appointment = AppointmentFactory(service=assessment, start=MONDAY_9, status=S.DECLINED)
    with pytest.raises(SlotTaken) as refused:
        move(appointment, MONDAY_9 + dt.timedelta(hours=2), now=NOW)
    assert refused.value.message == "Only requested or confirmed appointments can be moved."


@pytest.mark.parametrize("meanwhile", [{"status": S.CONFIRMED}, {"service_id": "follow-up"}], ids=["status", "service"])
def test_a_move_from_a_stale_view_moves_nothing_and_says_so(assessment, meanwhile):
    appointment = AppointmentFactory(service=assessment, start=MONDAY_9)
    if "service_id" in meanwhile:
        meanwhile = {"service_id": Service.objects.get(slug=meanwhile["service_id"]).pk}
    Appointment.objects.filter(pk=appointment.pk).update(**meanwhile)
    before = Appointment.objects.values().get(pk=appointment.pk)
    with pytest.raises(SlotTaken) as refused:
        move(appointment, MONDAY_9 + dt.timedelta(hours=2), now=NOW)
    assert refused.value.message == "This appointment changed meanwhile. Reload it and try again."
    assert Appointment.objects.values().get(pk=appointment.pk) == before


def test_a_move_to_the_time_and_service_it_already_has_changes_nothing_and_says_so(assessment):
    appointment = AppointmentFactory(service=assessment, start=MONDAY_9)
    before = Appointment.objects.values().get(pk=appointment.pk)
    events_before = AppointmentEvent.objects.filter(appointment=appointment).count()
    with pytest.raises(booking.Unchanged) as refused:
        move(appointment, MONDAY_9, now=NOW, service=assessment)
    assert refused.value.message == (
        "That is the time and service it already has, so nothing was changed and nobody was emailed."
    )
    assert Appointment.objects.values().get(pk=appointment.pk) == before
    assert AppointmentEvent.objects.filter(appointment=appointment).count() == events_before
    assert not OutboundEmail.objects.exists()


def test_the_clinicians_message_with_a_move_is_in_the_history_and_only_the_patients_email(assessment, clinician):
    appointment = AppointmentFactory(service=assessment, start=MONDAY_9, status=S.CONFIRMED, email="ann@example.com")
    message = "Sorry, I’m at a course that morning."
    move(appointment, MONDAY_9 + dt.timedelta(hours=2), now=NOW, user=clinician, message=message)
    event = AppointmentEvent.objects.filter(appointment=appointment).latest("pk")
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        clinician,
        S.CONFIRMED,
        S.CONFIRMED,
        "Moved from Mon 30 Nov 2026 09:00 to Mon 30 Nov 2026 11:00. Message to patient: "
        "Sorry, I’m at a course that morning.",
    )
    (email,) = OutboundEmail.objects.all()
    assert (email.kind, email.to) == ("rescheduled", "ann@example.com")
    assert message in email.body_text and "It was Monday 30 November 2026 at 09:00" in email.body_text


def test_a_patients_move_tells_the_patient_and_the_clinician_the_old_time_and_the_new(assessment):
    appointment = AppointmentFactory(service=assessment, start=MONDAY_9, status=S.CONFIRMED, email="ann@example.com")
    move(appointment, MONDAY_9 + dt.timedelta(hours=2), now=NOW, by_patient=True)
    to_patient, to_clinic = OutboundEmail.objects.order_by("pk")
    assert (to_patient.kind, to_patient.to) == ("rescheduled", "ann@example.com")
    assert "It was Monday 30 November 2026 at 09:00. It is now:" in to_patient.body_text
    assert (to_clinic.kind, to_clinic.to) == ("patient_moved", "stephen.lunt@restoresportsinjury.co.uk")
    assert to_clinic.subject == f"{appointment.patient_name} has moved their appointment to Monday 30 November, 11:00"
    assert "From: Monday 30 November 2026 at 09:00\nTo: Monday 30 November 2026 at 11:00" in to_clinic.body_text


def test_a_confirmed_claim_from_the_waitlist_is_stored_confirmed(assessment):
    claimed = request_appointment(assessment, MONDAY_9, patient(), NOW, source=booking.WAITLIST_CONFIRMED)
    assert Appointment.objects.values_list("status", flat=True).get(pk=claimed.pk) == S.CONFIRMED
    event = AppointmentEvent.objects.get(appointment=claimed)
    assert (event.from_status, event.to_status, event.note) == (
        "",
        S.CONFIRMED,
        "Claimed from the waitlist; confirmed automatically (booking rules)",
    )
    assert list(OutboundEmail.objects.order_by("pk").values_list("kind", flat=True)) == [
        "confirmed",
        "new_from_waitlist",
    ]
