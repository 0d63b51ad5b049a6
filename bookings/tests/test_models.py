"""Rules the models carry themselves (`bookings/models/`), pinned where they live."""

import datetime as dt

import pytest

from bookings.availability import Slot
from bookings.models import PartOfDay, WaitlistEntry
from clinic.hours import CLINIC_TZ

MORNING, AFTERNOON, EVENING = PartOfDay.MORNING, PartOfDay.AFTERNOON, PartOfDay.EVENING


# --- Parts of the day ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "part"),
    [(0, 0, MORNING), (11, 59, MORNING), (12, 0, AFTERNOON), (16, 59, AFTERNOON), (17, 0, EVENING), (23, 59, EVENING)],
)
def test_the_day_turns_afternoon_at_12_and_evening_at_17(hour, minute, part):
    assert PartOfDay.of(dt.time(hour, minute)) == part


def test_each_part_is_headed_by_its_name_without_the_hours():
    assert [part.heading for part in PartOfDay] == ["Morning", "Afternoon", "Evening"]


@pytest.mark.parametrize("day", [dt.date(2026, 11, 30), dt.date(2027, 6, 7)], ids=["winter", "summer"])
def test_the_time_picker_and_the_waitlist_put_every_start_in_the_same_part_of_the_day(day):
    """Every quarter of an hour, in UK time (summer time too: 11:30 UTC in June is an afternoon)."""
    for quarter in range(24 * 4):
        local_start = dt.datetime.combine(day, dt.time(quarter // 4, quarter % 4 * 15), tzinfo=CLINIC_TZ)
        start = local_start.astimezone(dt.UTC)
        part = PartOfDay.of(local_start.time())
        slot = Slot(start, start + dt.timedelta(hours=1), start + dt.timedelta(hours=1))
        assert slot.part_of_day == part, local_start
        for wished in PartOfDay:
            entry = WaitlistEntry(weekdays=list(range(7)), parts_of_day=[wished], earliest=day, latest=day)
            assert entry.suits(start) == (wished == part), (local_start, wished)


def test_the_second_follow_up_comes_after_the_first(db):
    from django.core.exceptions import ValidationError

    from bookings.models import BookingRules

    rules = BookingRules.load()
    assert (rules.first_followup_weeks, rules.second_followup_weeks) == (6, 12)
    rules.first_followup_weeks, rules.second_followup_weeks = 8, 8
    with pytest.raises(ValidationError) as raised:
        rules.full_clean()
    assert "later than the first follow-up (8 weeks)" in str(raised.value)
    rules.second_followup_weeks = 9
    rules.full_clean()


# --- A patient's rows ----------------------------------------------------------------------------------------


def test_a_patients_rows_are_found_by_their_email_address_in_any_case_and_no_address_names_no_one(db):
    from bookings.models import Appointment, OutboundEmail, patient_filter
    from bookings.tests.factories import AppointmentFactory, WaitlistEntryFactory

    ann = AppointmentFactory(email="Ann_Runner@Example.com")
    AppointmentFactory(email="annXrunner@example.com", start=ann.start + dt.timedelta(hours=3))  # "_" no wildcard
    by_phone = AppointmentFactory(email="", phone="07700 900123", start=ann.start + dt.timedelta(hours=6))
    assert list(Appointment.objects.of_patient("ann_runner@example.COM")) == [ann]
    assert list(Appointment.objects.of_patient("")) == []  # not every patient booked by phone without one
    assert by_phone not in Appointment.objects.filter(patient_filter("", "email"))
    entry = WaitlistEntryFactory(email="ann_runner@example.com")
    assert list(WaitlistEntry.objects.of_patient("ANN_RUNNER@example.com")) == [entry]
    assert not OutboundEmail.objects.filter(patient_filter("", "to")).exists()
