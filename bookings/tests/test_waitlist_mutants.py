"""The waitlist: behaviour that mutation testing found unguarded (docs/mutation.md)."""

import datetime as dt

import pytest

from bookings import waitlist
from bookings.models import WaitlistEntry, WaitlistOffer
from bookings.tests.factories import WaitlistEntryFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def test_the_waiting_count_leaves_out_people_whose_dates_have_passed_or_who_left():
    WaitlistEntryFactory(earliest=dt.date(2026, 11, 16), latest=dt.date(2026, 11, 20))  # still waiting today
    WaitlistEntryFactory(earliest=dt.date(2026, 11, 16), latest=dt.date(2026, 11, 19))
    WaitlistEntryFactory(status=WaitlistEntry.Status.LEFT)
    assert waitlist.waiting_count(NOW) == 1


# --- Joining and leaving --------------------------------------------------------------------


def wishes():
    return waitlist.Wishes(
        weekdays=[0], parts_of_day=["morning"], earliest=dt.date(2026, 11, 23), latest=dt.date(2026, 12, 6)
    )


def test_joining_stores_the_patients_name_phone_and_when_they_joined():
    from bookings.booking import PatientDetails
    from bookings.models import Service

    patient = PatientDetails("Ann Runner", "ann@example.com", "07700 900123", "knee", "", "2026-11-24")
    entry, is_new = waitlist.join(Service.objects.get(slug="initial-assessment"), wishes(), patient, NOW)
    stored = WaitlistEntry.objects.values("patient_name", "phone", "joined_at").get(pk=entry.pk)
    assert is_new and stored == {"patient_name": "Ann Runner", "phone": "07700 900123", "joined_at": NOW}


def test_the_cap_on_waitlist_places_says_to_email_the_clinic():
    from bookings.booking import BookingError, PatientDetails
    from bookings.models import BookingRules, Service

    rules = BookingRules.load()
    rules.max_upcoming_per_email = 1
    rules.save()
    patient = PatientDetails("Ann Runner", "ann@example.com", "07700 900123", "knee", "", "2026-11-24")
    waitlist.join(Service.objects.get(slug="initial-assessment"), wishes(), patient, NOW)
    with pytest.raises(BookingError) as refused:
        waitlist.join(Service.objects.get(slug="follow-up"), wishes(), patient, NOW)
    assert refused.value.message == (
        "This email address is already on the waitlist for 1 services, the most the clinic accepts online. "
        "Please email the clinic instead."
    )


def offer(entry, hours_left=24, outcome=WaitlistOffer.Outcome.OPEN, start=MONDAY_9):
    return WaitlistOffer.objects.create(
        entry=entry, start=start, offered_at=NOW, expires_at=NOW + dt.timedelta(hours=hours_left), outcome=outcome
    )


def test_leaving_withdraws_only_the_leavers_open_offers():
    O = WaitlistOffer.Outcome  # noqa: E741 - as bookings.waitlist reads it
    leaver, other = WaitlistEntryFactory(), WaitlistEntryFactory()
    open_offer, lapsed = offer(leaver), offer(leaver, outcome=O.EXPIRED, start=MONDAY_9 + dt.timedelta(hours=2))
    others = offer(other)
    assert waitlist.leave(leaver, NOW)
    outcomes = {o.pk: o.outcome for o in WaitlistOffer.objects.all()}
    assert outcomes == {open_offer.pk: O.WITHDRAWN, lapsed.pk: O.EXPIRED, others.pk: O.OPEN}


# --- An offer that can't be claimed -----------------------------------------------------------


LAPSED = "This offer has lapsed, so the time was offered to the next person on the waitlist."


@pytest.mark.parametrize(
    ("entry_status", "outcome", "hours_later", "reason"),
    [
        ("booked", "open", 0, "You have already booked a time from the waitlist."),
        ("left", "open", 0, "You are no longer on the waitlist."),
        ("waiting", "taken", 0, "Someone else booked this time first."),
        ("waiting", "open", 24, LAPSED),  # asked at the very moment the offer lapses
        ("waiting", "expired", 0, LAPSED),
    ],
    ids=["booked", "left", "taken", "lapsing-this-moment", "expired"],
)
def test_an_offer_that_cannot_be_claimed_says_why(entry_status, outcome, hours_later, reason):
    lapses_in_a_day = offer(WaitlistEntryFactory(status=entry_status), outcome=outcome)
    assert waitlist.closed_reason(lapses_in_a_day, NOW + dt.timedelta(hours=hours_later)) == reason


def test_the_other_open_offers_leave_out_the_one_shown_and_any_lapsed_or_closed():
    O = WaitlistOffer.Outcome  # noqa: E741
    entry = WaitlistEntryFactory()
    shown = offer(entry)
    other = offer(entry, start=MONDAY_9 + dt.timedelta(hours=2))
    offer(entry, hours_left=1, start=MONDAY_9 + dt.timedelta(hours=4))  # lapses before the time asked about
    offer(entry, outcome=O.WITHDRAWN, start=MONDAY_9 + dt.timedelta(hours=6))
    later = NOW + dt.timedelta(hours=2)
    assert waitlist.open_offers(entry, later, exclude=shown) == [other]
    assert waitlist.open_offers(entry, later) == [shown, other]
