"""The waitlist's offers: who is offered a freed time, when, and how offers lapse and move on (joining and claiming:
test_waitlist_claims.py)."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail

from bookings import booking, waitlist, workflow
from bookings.models import (
    Appointment,
    BookingRules,
    OutboundEmail,
    Service,
    WaitlistEntry,
)
from bookings.tests.factories import WaitlistEntryFactory
from bookings.tests.helpers import NOW, S
from bookings.tests.waitlist_setup import MONDAY, O, at, cancel, fill_monday_morning, offers_of
from clinic.models import Closure


@pytest.fixture
def full_morning(db, clock):
    return fill_monday_morning()


# --- Matching ----------------------------------------------------------------------------------------


def test_a_time_suits_only_the_days_parts_of_day_and_dates_asked_for(db):
    entry = WaitlistEntryFactory.build(weekdays=[0, 3], parts_of_day=["morning", "evening"])
    assert entry.suits(at(9))  # Monday morning
    assert entry.suits(at(17, 30, day=dt.date(2026, 12, 3)))  # Thursday evening
    assert not entry.suits(at(13))  # Monday afternoon
    assert not entry.suits(at(9, day=dt.date(2026, 12, 1)))  # Tuesday
    assert not entry.suits(at(9, day=dt.date(2026, 12, 7)))  # a Monday after the last date
    assert not entry.suits(at(9, day=dt.date(2026, 11, 16)))  # a Monday before the first date


def test_a_cancellation_offers_the_freed_time_to_matching_entries_in_the_order_they_joined(
    full_morning, django_capture_on_commit_callbacks
):
    rules = BookingRules.load()
    rules.waitlist_offers_at_once = 2
    rules.save()
    afternoon = WaitlistEntryFactory(parts_of_day=["afternoon"])  # joined first, but mornings don't suit
    first, second, third = WaitlistEntryFactory.create_batch(3)
    tuesday = WaitlistEntryFactory(weekdays=[1])
    mail.outbox.clear()

    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)

    assert offers_of(first) == offers_of(second) == [(at(9, 30), O.OPEN)]
    assert offers_of(third) == offers_of(afternoon) == offers_of(tuesday) == []
    offer_emails = [m for m in mail.outbox if m.subject.startswith("A time has come free")]
    assert sorted(m.to[0] for m in offer_emails) == sorted([first.email, second.email])
    assert "Monday 30 November at 09:30" in offer_emails[0].body


def test_only_times_where_the_service_and_its_buffer_fit_the_freed_gap_are_offered(
    full_morning, django_capture_on_commit_callbacks
):
    assessment = WaitlistEntryFactory()  # 60 + 10 minutes
    follow_up = WaitlistEntryFactory(service=Service.objects.get(slug="follow-up"))  # 45 + 10 minutes
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)  # frees 09:30–10:40
    assert [start for start, _ in offers_of(assessment)] == [at(9, 30)]
    assert [start for start, _ in offers_of(follow_up)] == [at(9, 30)]  # one per part of a day
    assert waitlist.offer_freed_times(at(9, 30), at(10, 40), NOW)[0].start == at(9, 45)  # 09:45 fits it too


def test_an_offer_email_spreads_its_times_over_days_and_parts_of_days(db, clock):
    entry = WaitlistEntryFactory(weekdays=[0, 1], parts_of_day=["morning", "afternoon"])
    waitlist.offer_freed_times(at(7), at(0, day=dt.date(2026, 12, 7)), NOW)
    assert [start for start, _ in offers_of(entry)] == [
        at(7), at(12), at(7, day=dt.date(2026, 12, 1)), at(12, day=dt.date(2026, 12, 1)),
    ]  # fmt: skip


def test_a_freed_gap_too_short_for_the_service_offers_nothing(full_morning, django_capture_on_commit_callbacks):
    gait = Service.objects.get(slug="running-gait-analysis")
    gait.duration_minutes = 90
    gait.save()
    entry = WaitlistEntryFactory(service=gait)
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)
    assert offers_of(entry) == []


def test_when_offers_lapse_the_time_moves_on_to_the_next_people_and_is_never_offered_twice(
    full_morning, django_capture_on_commit_callbacks
):
    rules = BookingRules.load()
    rules.waitlist_offers_at_once, rules.waitlist_offer_hours = 1, 2
    rules.save()
    first, second = WaitlistEntryFactory.create_batch(2)
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)
    assert offers_of(first) == [(at(9, 30), O.OPEN)] and offers_of(second) == []
    assert first.offers.get().expires_at == NOW + dt.timedelta(hours=2)

    waitlist.offer_freed_times(at(9, 30), at(10, 40), NOW + dt.timedelta(hours=1))  # still open: nothing new
    assert offers_of(second) == []
    waitlist.offer_freed_times(at(9, 30), at(10, 40), NOW + dt.timedelta(hours=2, minutes=1))
    assert offers_of(first) == [(at(9, 30), O.EXPIRED)]
    assert offers_of(second) == [(at(9, 30), O.OPEN)]


def test_an_offer_never_lasts_past_the_times_minimum_notice(db, clock, django_capture_on_commit_callbacks):
    soon = NOW + dt.timedelta(hours=13)  # Saturday 01:00 is closed; use the grid's first Saturday start
    saturday_7 = at(7, day=dt.date(2026, 11, 21))
    assert saturday_7 - NOW == dt.timedelta(hours=19) and soon < saturday_7
    entry = WaitlistEntryFactory(weekdays=[5], earliest=dt.date(2026, 11, 21), latest=dt.date(2026, 11, 21))
    rules = BookingRules.load()
    rules.waitlist_offer_hours = 24
    rules.save()
    waitlist.offer_freed_times(saturday_7, saturday_7 + dt.timedelta(hours=1), NOW)
    offer = entry.offers.get(start=saturday_7)
    assert offer.expires_at == saturday_7 - dt.timedelta(hours=rules.min_notice_hours)


def test_an_entry_past_its_last_date_is_offered_nothing_and_expires(full_morning, django_capture_on_commit_callbacks):
    entry = WaitlistEntryFactory(earliest=dt.date(2026, 11, 20), latest=dt.date(2026, 11, 27))
    later = WaitlistEntryFactory()
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)
    assert offers_of(entry) == [] and len(offers_of(later)) == 1
    waitlist.expire(at(0, day=dt.date(2026, 11, 28)))
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.EXPIRED and entry.ended_at is not None


# --- What frees a time ---------------------------------------------------------------------------------


def test_a_decline_and_a_move_free_their_time_for_the_waitlist(full_morning, django_capture_on_commit_callbacks):
    entry = WaitlistEntryFactory()
    requested = full_morning[(8, 15)]
    Appointment.objects.filter(pk=requested.pk).update(status=S.REQUESTED)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply("decline", requested.pk, seen_status=S.REQUESTED)
    assert [start for start, _ in offers_of(entry)] == [at(8, 15)]

    moving = full_morning[(10, 45)]
    with django_capture_on_commit_callbacks(execute=True):
        booking.move(moving, at(14, 0), now=NOW)
    # 10:45 to 11:55 is free now (and the afternoon after it): the soonest morning start is offered
    assert [start for start, _ in offers_of(entry)] == [at(8, 15), at(10, 45)]


def test_removing_a_closure_offers_the_reopened_days(db, clock, django_capture_on_commit_callbacks):
    with mock.patch("bookings.waitlist.freed") as freed:
        closure = Closure.objects.create(start_date=MONDAY, reason="Course")
    freed.assert_not_called()  # a new closure frees nothing, so the worker is not asked to look
    entry = WaitlistEntryFactory(
        service=Service.objects.get(slug="follow-up"), earliest=MONDAY, latest=MONDAY,
        parts_of_day=["morning", "afternoon", "evening"],
    )  # fmt: skip
    assert offers_of(entry) == []
    with django_capture_on_commit_callbacks(execute=True):
        closure.delete()
    assert [start for start, _ in offers_of(entry)] == [at(7), at(12), at(17)]  # the soonest in each part
    assert len([m for m in mail.outbox if m.to == [entry.email]]) == 1


def test_a_cancelled_past_appointment_offers_nothing(full_morning, django_capture_on_commit_callbacks, clock):
    entry = WaitlistEntryFactory()
    clock.move_to(at(12))
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)
    assert offers_of(entry) == []


def test_the_worker_offers_a_freed_time_and_moves_it_on_when_the_offers_lapse(
    full_morning, task_worker, django_capture_on_commit_callbacks, clock
):
    rules = BookingRules.load()
    rules.waitlist_offers_at_once = 1
    rules.save()
    first, second = WaitlistEntryFactory.create_batch(2)
    cancel(full_morning[(9, 30)], django_capture_on_commit_callbacks)
    assert offers_of(first) == []  # nothing happens in the request: the worker does it
    task_worker()
    assert offers_of(first) == [(at(9, 30), O.OPEN)] and offers_of(second) == []
    assert list(offer_emails()) == [first.email]

    clock.shift(dt.timedelta(hours=2, minutes=1))  # the offer lapses; the worker's next round is due
    task_worker()
    assert offers_of(first) == [(at(9, 30), O.EXPIRED)] and offers_of(second) == [(at(9, 30), O.OPEN)]
    assert list(offer_emails()) == [first.email, second.email]


def offer_emails():
    return OutboundEmail.objects.filter(kind="waitlist_offer").order_by("created_at", "pk").values_list("to", flat=True)


def test_the_cron_safety_net_offers_free_times_and_ends_old_places(db, clock):
    from io import StringIO

    from django.core.management import call_command

    entry = WaitlistEntryFactory()
    gone = WaitlistEntryFactory(earliest=dt.date(2026, 11, 1), latest=dt.date(2026, 11, 19))
    out = StringIO()
    call_command("offer_waitlist", stdout=out)
    assert out.getvalue().strip() == "2 time(s) offered to 1 patient(s)."
    assert offers_of(entry) == [(at(7, day=dt.date(2026, 11, 23)), O.OPEN), (at(7), O.OPEN)]  # both Mondays
    gone.refresh_from_db()
    assert gone.status == WaitlistEntry.Status.EXPIRED


def test_each_entry_is_offered_times_from_its_own_first_date_whoever_joined_before(db, clock):
    later_start = WaitlistEntryFactory(earliest=dt.date(2026, 11, 30))  # joined first, from Monday 30th
    earlier_start = WaitlistEntryFactory(earliest=dt.date(2026, 11, 23))  # same service, from Monday 23rd
    waitlist.offer_freed_times(at(7, day=dt.date(2026, 11, 23)), at(12), NOW)
    assert [start for start, _ in offers_of(later_start)] == [at(7)]
    assert [start for start, _ in offers_of(earlier_start)] == [at(7, day=dt.date(2026, 11, 23)), at(7)]


def test_the_offer_sent_on_joining_says_the_times_suit_not_that_they_have_come_free(
    db, clock, django_capture_on_commit_callbacks
):
    """Joining offers what is free already: that email doesn’t claim a time “has come free”. A time freed later
    does."""
    service = Service.objects.get(slug="initial-assessment")
    wishes = waitlist.Wishes([0], ["morning"], MONDAY, MONDAY)
    patient = booking.PatientDetails("Wanda Wait", "wanda@example.com", "07700 900789", "knee", "")
    with django_capture_on_commit_callbacks(execute=True):
        waitlist.join(service, wishes, patient, NOW)
    [joined] = [m for m in mail.outbox if "waitlist" in m.subject]
    assert "If a time that suits you is free already, a separate email lists it in a moment" in joined.body
    [offer] = [m for m in mail.outbox if "waitlist" not in m.subject]
    assert offer.subject == "Times that suit you for Initial assessment"
    assert "come free" not in offer.body and "come free" not in offer.alternatives[0].content
    assert "suits what you asked for is free" in offer.body and "(UK time" in offer.body
