"""Turning a request into an appointment: every rule re-checked at submit time."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from bookings import booking
from bookings.booking import BookingError, PatientDetails, SlotTaken, request_appointment
from bookings.models import Appointment, AppointmentEvent, BookingRules, Service
from bookings.tests.factories import AppointmentFactory
from clinic.models import Closure

pytestmark = pytest.mark.django_db
UTC = dt.UTC
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def patient(email="ann@example.com"):
    return PatientDetails("Ann Runner", email, "07700 900123", "knee", "", "2026-11-24")


@pytest.fixture
def assessment():
    return Service.objects.get(slug="initial-assessment")  # 60 min + 10 min buffer, seeded


def test_a_free_slot_becomes_a_requested_appointment(assessment):
    appointment = request_appointment(assessment, MONDAY_9, patient(), NOW)
    assert appointment.status == Appointment.Status.REQUESTED
    assert appointment.end == MONDAY_9 + dt.timedelta(minutes=60)
    assert appointment.hold_until == MONDAY_9 + dt.timedelta(minutes=70)
    assert appointment.reference.startswith("RST-") and len(appointment.reference) == 10
    assert appointment.consent_at == NOW and appointment.privacy_notice_version == "2026-11-24"


def test_the_same_slot_cannot_be_requested_twice(assessment):
    request_appointment(assessment, MONDAY_9, patient(), NOW)
    with pytest.raises(SlotTaken):
        request_appointment(assessment, MONDAY_9, patient("bob@example.com"), NOW)
    assert Appointment.objects.count() == 1


def test_a_slot_inside_anothers_buffer_is_refused(assessment):
    request_appointment(assessment, MONDAY_9, patient(), NOW)
    with pytest.raises(SlotTaken):
        request_appointment(assessment, MONDAY_9 + dt.timedelta(minutes=60), patient("bob@example.com"), NOW)
    request_appointment(assessment, MONDAY_9 + dt.timedelta(minutes=75), patient("bob@example.com"), NOW)


def test_a_declined_appointment_frees_its_time(assessment):
    AppointmentFactory(service=assessment, start=MONDAY_9, status=Appointment.Status.DECLINED)
    assert request_appointment(assessment, MONDAY_9, patient(), NOW)


@pytest.mark.parametrize(
    "start",
    [
        dt.datetime(2026, 11, 19, 9, 0, tzinfo=UTC),  # in the past
        dt.datetime(2026, 11, 20, 15, 0, tzinfo=UTC),  # too soon (12 hours' notice)
        dt.datetime(2026, 11, 30, 9, 5, tzinfo=UTC),  # off the 15-minute grid
        dt.datetime(2026, 11, 30, 6, 0, tzinfo=UTC),  # before opening
        dt.datetime(2026, 11, 27, 13, 0, tzinfo=UTC),  # Friday: hold runs past 14:00
        dt.datetime(2026, 11, 29, 10, 0, tzinfo=UTC),  # Sunday
        dt.datetime(2027, 3, 1, 9, 0, tzinfo=UTC),  # beyond 8 weeks
    ],
)
def test_a_time_that_breaks_a_rule_is_refused_and_nothing_is_stored(assessment, start):
    with pytest.raises(SlotTaken):
        request_appointment(assessment, start, patient(), NOW)
    assert not Appointment.objects.exists()


def test_a_closure_day_is_refused(assessment):
    Closure.objects.create(start_date=dt.date(2026, 11, 30), reason="Course")
    with pytest.raises(SlotTaken):
        request_appointment(assessment, MONDAY_9, patient(), NOW)


def test_an_inactive_service_cannot_be_booked(assessment):
    assessment.is_active = False
    assessment.save()
    with pytest.raises(BookingError, match="can’t be booked online"):
        request_appointment(assessment, MONDAY_9, patient(), NOW)


def test_one_email_address_can_hold_only_so_many_upcoming_requests(assessment):
    rules = BookingRules.load()
    rules.max_upcoming_per_email = 2
    rules.save()
    request_appointment(assessment, MONDAY_9, patient(), NOW)
    request_appointment(assessment, MONDAY_9 + dt.timedelta(hours=2), patient("ANN@example.com"), NOW)
    with pytest.raises(BookingError, match="already has 2 upcoming"):
        request_appointment(assessment, MONDAY_9 + dt.timedelta(hours=4), patient(), NOW)
    assert Appointment.objects.count() == 2


def test_model_validation_refuses_overlap_with_a_clear_message(assessment):
    AppointmentFactory(service=assessment, start=MONDAY_9)
    clash = Appointment(
        service=assessment, start=MONDAY_9 + dt.timedelta(minutes=30), patient_name="B", email="b@example.com",
        phone="07700 900124", concern="hip",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="overlaps"):
        clash.full_clean()


def test_model_validation_refuses_times_outside_opening_hours(assessment):
    late = Appointment(
        service=assessment, start=dt.datetime(2026, 11, 28, 11, 30, tzinfo=UTC), patient_name="B",
        email="b@example.com", phone="07700 900124", concern="hip",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="opening hours"):
        late.full_clean()


def _row(appointment):
    return Appointment.objects.filter(pk=appointment.pk).values().get()


def test_a_move_onto_a_held_time_is_refused_and_changes_nothing(assessment):
    kept = AppointmentFactory(service=assessment, start=MONDAY_9)
    mover = AppointmentFactory(service=assessment, start=MONDAY_9 + dt.timedelta(hours=3))
    before = _row(mover)
    # Straight onto it, and onto its buffer (the last 10 minutes it holds).
    for start in (MONDAY_9, MONDAY_9 + dt.timedelta(minutes=60)):
        with pytest.raises(SlotTaken, match="overlaps another appointment"):
            booking.move(mover, start, now=NOW)
    assert _row(mover) == before and _row(kept)["start"] == MONDAY_9


def test_model_validation_counts_the_new_appointments_buffer(assessment):
    AppointmentFactory(service=assessment, start=MONDAY_9 + dt.timedelta(hours=1, minutes=15))  # from 10:15
    # 09:15 ends at 10:15, just as the other starts, but holds until 10:25 with its buffer.
    early = Appointment(
        service=assessment, start=MONDAY_9 + dt.timedelta(minutes=15), patient_name="B", email="b@example.com",
        phone="07700 900124", concern="hip",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="overlaps"):
        early.full_clean()


def test_model_validation_counts_the_held_appointments_buffer(assessment):
    AppointmentFactory(service=assessment, start=MONDAY_9)  # holds 09:00–10:10
    inside_buffer = Appointment(
        service=assessment, start=MONDAY_9 + dt.timedelta(minutes=60), patient_name="B", email="b@example.com",
        phone="07700 900124", concern="hip",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="overlaps"):
        inside_buffer.full_clean()


class DriverError(Exception):
    def __init__(self, sqlstate):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def integrity_error(sqlstate):
    error = IntegrityError("refused")
    error.__cause__ = DriverError(sqlstate)  # as Django wraps psycopg's error
    return error


def test_the_databases_overlap_refusal_becomes_slot_taken():
    with pytest.raises(SlotTaken, match="just been taken"), booking.overlap_is_slot_taken():
        raise integrity_error(booking.EXCLUSION_VIOLATION)


@pytest.mark.parametrize("sqlstate", ["23505", None])  # unique_violation; SQLite's errors carry none
def test_any_other_integrity_error_is_not_mistaken_for_an_overlap(sqlstate):
    with pytest.raises(IntegrityError), booking.overlap_is_slot_taken():
        raise integrity_error(sqlstate)


def draw_references(monkeypatch, *references):
    """The references a new appointment draws, in turn: its field's default first (Django keeps the default
    it looked up, so that is what is replaced), then `booking`'s draws after a clash."""
    drawn = iter(references)
    monkeypatch.setattr(Appointment._meta.get_field("reference"), "_get_default", lambda: next(drawn))
    monkeypatch.setattr(booking, "new_reference", lambda: next(drawn))


def test_a_clash_of_the_random_reference_is_drawn_again(assessment, monkeypatch):
    other = AppointmentFactory(service=assessment, start=MONDAY_9 + dt.timedelta(hours=3))
    draw_references(monkeypatch, other.reference, "RST-SECOND")
    appointment = request_appointment(assessment, MONDAY_9, patient(), NOW)
    assert Appointment.objects.get(reference="RST-SECOND") == appointment and appointment.start == MONDAY_9
    assert appointment.events.count() == 1


def test_three_clashes_of_the_reference_give_up_and_store_nothing(assessment, monkeypatch):
    other = AppointmentFactory(service=assessment, start=MONDAY_9 + dt.timedelta(hours=3))
    draw_references(monkeypatch, *[other.reference] * 4)  # the default, then one after each of three clashes
    with pytest.raises(BookingError, match="couldn’t save your request"):
        request_appointment(assessment, MONDAY_9, patient(), NOW)
    assert list(Appointment.objects.values_list("pk", flat=True)) == [other.pk]


def test_another_integrity_error_while_writing_is_raised_and_stores_nothing(assessment, monkeypatch):
    def refuse(*args, **kwargs):
        raise IntegrityError("NOT NULL constraint failed: bookings_appointmentevent.note")

    monkeypatch.setattr(AppointmentEvent, "record", refuse)
    with pytest.raises(IntegrityError, match="NOT NULL"):
        request_appointment(assessment, MONDAY_9, patient(), NOW)
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("status", sorted(set(Appointment.Status) - set(Appointment.HOLDING)))
def test_only_a_requested_or_confirmed_appointment_can_be_moved(assessment, status):
    appointment = AppointmentFactory(service=assessment, start=MONDAY_9, status=status)
    before = _row(appointment)
    with pytest.raises(SlotTaken, match="Only requested or confirmed"):
        booking.move(appointment, MONDAY_9 + dt.timedelta(hours=3), now=NOW)
    assert _row(appointment) == before and not appointment.events.exists()


def test_a_move_from_a_stale_copy_is_refused_and_changes_nothing(assessment):
    appointment = AppointmentFactory(service=assessment, start=MONDAY_9)
    stale = Appointment.objects.get(pk=appointment.pk)
    booking.move(appointment, MONDAY_9 + dt.timedelta(hours=2), now=NOW)
    after_first_move = _row(appointment)
    with pytest.raises(SlotTaken, match="changed meanwhile"):
        booking.move(stale, MONDAY_9 + dt.timedelta(hours=4), now=NOW)
    assert _row(appointment) == after_first_move and appointment.events.count() == 1


def test_a_move_to_another_service_takes_its_length_and_says_so_in_the_history(assessment):
    follow_up = Service.objects.get(slug="follow-up")  # 45 min + 10 min buffer, seeded
    appointment = AppointmentFactory(service=assessment, start=MONDAY_9)
    booking.move(appointment, MONDAY_9 + dt.timedelta(hours=2), now=NOW, service=follow_up)
    appointment.refresh_from_db()
    assert appointment.service == follow_up
    assert appointment.end == MONDAY_9 + dt.timedelta(hours=2, minutes=45)
    assert appointment.hold_until == MONDAY_9 + dt.timedelta(hours=2, minutes=55)
    (event,) = appointment.events.all()
    assert event.note.endswith("; service changed from Initial assessment to Follow-up")
