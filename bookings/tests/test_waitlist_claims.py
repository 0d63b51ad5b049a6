"""Joining, leaving and claiming from the waitlist, and what is kept of it (offers: test_waitlist.py)."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail

from bookings import booking, waitlist
from bookings.models import (
    Appointment,
    BookingRules,
    OutboundEmail,
    Service,
    WaitlistEntry,
    WaitlistOffer,
)
from bookings.retention import purge_waitlist
from bookings.tests.factories import WaitlistEntryFactory
from bookings.tests.helpers import NOW, S
from bookings.tests.waitlist_setup import O, at, cancel, fill_monday_morning, offers_of, tables
from core import locks


@pytest.fixture
def full_morning(db, clock):
    return fill_monday_morning()


# --- Joining, leaving --------------------------------------------------------------------------------


def patient(email="wait@example.com"):
    return booking.PatientDetails("Wanda Wait", email, "07700 900789", "knee", "", "2026-11-25.2")


def wishes():
    return waitlist.Wishes([0], ["morning"], dt.date(2026, 11, 23), dt.date(2026, 12, 6))


def test_joining_twice_for_a_service_updates_the_one_entry_and_keeps_its_place(full_morning):
    service = Service.objects.get(slug="initial-assessment")
    entry, is_new = waitlist.join(service, wishes(), patient(), NOW)
    again, again_new = waitlist.join(
        service, waitlist.Wishes([0, 3], ["morning"], dt.date(2026, 11, 23), dt.date(2026, 12, 6)), patient(), NOW
    )
    assert is_new and not again_new and again.pk == entry.pk
    assert WaitlistEntry.objects.get().weekdays == [0, 3]


def test_the_per_email_cap_applies_to_waitlist_places(full_morning):
    cap = BookingRules.load().max_upcoming_per_email
    services = list(Service.objects.all())
    for service in services[:cap]:
        waitlist.join(service, wishes(), patient(), NOW)
    with pytest.raises(booking.BookingError, match="already on the waitlist"):
        waitlist.join(services[cap], wishes(), patient(), NOW)
    assert WaitlistEntry.objects.count() == cap


def test_leaving_withdraws_open_offers(full_morning, django_capture_on_commit_callbacks):
    entry = WaitlistEntryFactory()
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)
    assert waitlist.leave(entry, NOW) and not waitlist.leave(entry, NOW)
    assert offers_of(entry) == [(at(9, 30), O.WITHDRAWN)]


# --- Claiming ----------------------------------------------------------------------------------------


def test_claiming_books_the_time_as_a_request_and_takes_the_entry_off(full_morning, django_capture_on_commit_callbacks):
    first, second = WaitlistEntryFactory.create_batch(2)
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appointment = waitlist.claim(first.offers.get(), NOW)
    assert (appointment.start, appointment.status, appointment.email) == (at(9, 30), S.REQUESTED, first.email)
    assert appointment.events.get().note == "Claimed from the waitlist"
    first.refresh_from_db()
    assert (first.status, first.appointment) == (WaitlistEntry.Status.BOOKED, appointment)
    assert offers_of(first) == [(at(9, 30), O.CLAIMED)]
    assert offers_of(second) == [(at(9, 30), O.TAKEN)]
    assert sorted(m.subject for m in mail.outbox) == [
        f"{first.patient_name} has booked Monday 30 November, 09:30 from the waitlist",
        "We’ve received your booking request for Monday 30 November, 09:30",
    ]
    assert waitlist.claim(first.offers.get(), NOW) == appointment  # a second click: the same appointment
    with pytest.raises(booking.SlotTaken, match="Someone else booked this time first"):
        waitlist.claim(second.offers.get(), NOW)
    second.refresh_from_db()
    assert second.status == WaitlistEntry.Status.WAITING


@pytest.mark.parametrize(
    "lands",
    ["before the second claim starts", "while the second claim waits for the lock"],
    ids=["before-the-second-claim-starts", "while-the-second-claim-waits-for-the-lock"],
)
def test_a_second_click_racing_the_first_claim_gets_the_same_appointment_and_writes_nothing(
    full_morning, django_capture_on_commit_callbacks, lands
):
    first, second = WaitlistEntryFactory.create_batch(2)
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)
    # Both clicks (and the other patient's) read their offer before the first claim was written:
    second_click, other_patient = first.offers.get(), second.offers.get()
    serialize, landed = locks.serialize, {}

    def first_claim():
        landed["running"] = True
        landed["appointment"] = waitlist.claim(first.offers.get(), NOW)
        landed["tables"] = tables()

    def first_claim_lands_meanwhile(key):
        if not landed:
            first_claim()
        serialize(key)

    if lands == "before the second claim starts":
        first_claim()
    with mock.patch("core.locks.serialize", side_effect=first_claim_lands_meanwhile):
        assert waitlist.claim(second_click, NOW) == landed["appointment"]
    assert tables() == landed["tables"]
    with pytest.raises(booking.SlotTaken) as taken:
        waitlist.claim(other_patient, NOW)
    assert taken.value.message == "Someone else booked this time first."  # not the other booking's reference
    assert not Appointment.objects.filter(email=second.email).exists()


def test_a_claim_is_confirmed_at_once_when_the_clinician_chose_so(full_morning, django_capture_on_commit_callbacks):
    rules = BookingRules.load()
    rules.waitlist_auto_confirm = True
    rules.save()
    entry = WaitlistEntryFactory()
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appointment = waitlist.claim(entry.offers.get(), NOW)
    assert appointment.status == S.CONFIRMED
    confirmed = next(m for m in mail.outbox if m.to == [entry.email])
    assert confirmed.subject == "Your appointment on Monday 30 November, 09:30 is confirmed"
    assert any(name.endswith(".ics") for name, *_ in confirmed.attachments)


def test_a_lapsed_offer_cannot_be_claimed(full_morning, django_capture_on_commit_callbacks):
    entry = WaitlistEntryFactory()
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)
    with pytest.raises(booking.SlotTaken, match="lapsed"):
        waitlist.claim(entry.offers.get(), NOW + dt.timedelta(hours=3))
    assert not Appointment.objects.filter(email=entry.email).exists()


def test_no_waitlist_email_carries_health_details(full_morning, django_capture_on_commit_callbacks):
    WaitlistEntryFactory(concern="back")
    with django_capture_on_commit_callbacks(execute=True):
        waitlist.join(Service.objects.get(slug="initial-assessment"), wishes(), patient(), NOW)
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)
    waitlist_mail = [m for m in mail.outbox if "waitlist" in m.body.lower()]
    assert waitlist_mail
    for message in waitlist_mail:
        assert "knee" not in message.body.lower() and "back" not in message.subject.lower()


# --- Keeping and giving back data -----------------------------------------------------------------------


def test_places_are_deleted_with_their_offers_and_emails_after_the_retention_period(
    full_morning, django_capture_on_commit_callbacks
):
    ended, waiting = WaitlistEntryFactory(), WaitlistEntryFactory(latest=dt.date(2027, 1, 15))
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)
    waitlist.leave(ended, NOW)
    months = BookingRules.load().retention_unattended_months
    assert purge_waitlist(NOW + dt.timedelta(days=30 * months - 5)) == 0
    assert purge_waitlist(NOW + dt.timedelta(days=31 * months)) == 1  # the one that ended
    assert list(WaitlistEntry.objects.all()) == [waiting]
    assert OutboundEmail.objects.filter(to=waiting.email).exists()
    assert not OutboundEmail.objects.filter(to=ended.email).exists()
    # An entry still marked waiting goes once its last date is more than the period past:
    assert purge_waitlist(at(12, day=dt.date(2028, 2, 1))) == 1
    assert not WaitlistEntry.objects.exists() and not WaitlistOffer.objects.exists()
    assert not OutboundEmail.objects.filter(kind__startswith="waitlist_").exists()


def test_the_subject_access_export_includes_waitlist_places_and_offers(
    full_morning, django_capture_on_commit_callbacks
):
    from bookings.reports import subject_access_export

    entry = WaitlistEntryFactory(email="sar@example.com")
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)
    export = subject_access_export("SAR@example.com")
    [place] = export["waitlist"]
    assert place["email"] == entry.email and place["days"] == "Mon" and place["area_of_concern"] == "Knee"
    assert place["offers"] == [
        {
            "time": "2026-11-30T09:30:00+00:00",
            "offered_at": NOW.isoformat(),
            "expires_at": (NOW + dt.timedelta(hours=2)).isoformat(),
            "outcome": "Offered",
        }
    ]
    assert any(m["kind"] == "waitlist_offer" for m in export["emails"])


# --- In the background worker -----------------------------------------------------------------------------
