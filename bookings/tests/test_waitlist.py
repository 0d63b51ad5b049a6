"""The waitlist: who is offered a freed time, when, how offers lapse and move on, and claiming one."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail

from bookings import booking, waitlist, workflow
from bookings.models import (
    Appointment,
    AppointmentEvent,
    BookingRules,
    OutboundEmail,
    Service,
    WaitlistEntry,
    WaitlistOffer,
)
from bookings.retention import purge_waitlist
from bookings.tests.factories import WaitlistEntryFactory
from bookings.tests.helpers import NOW, S
from clinic.models import Closure
from core import locks

O = WaitlistOffer.Outcome  # noqa: E741
MONDAY = dt.date(2026, 11, 30)


def at(hour, minute=0, day=MONDAY):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)  # UK time is UTC in winter


def fill_monday_morning():
    """Initial assessments (60 + 10 minutes) from 07:00 to 11:55: no morning time is free for any service."""
    service = Service.objects.get(slug="initial-assessment")
    return {
        start: Appointment.objects.create(
            service=service, start=at(*start), patient_name=f"Booked {n}", email=f"booked{n}@example.com",
            phone="07700 900123", concern="knee", status=S.CONFIRMED,
        )
        for n, start in enumerate([(7, 0), (8, 15), (9, 30), (10, 45)])
    }  # fmt: skip


@pytest.fixture
def full_morning(db, clock):
    return fill_monday_morning()


def cancel(appointment, capture):
    with capture(execute=True):
        workflow.apply("cancel", appointment.pk, seen_status=appointment.status)


def offers_of(entry):
    return sorted((o.start, o.outcome) for o in entry.offers.all())


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
    assert sorted(m.subject.split(":")[0] for m in mail.outbox) == [
        "Booked from the waitlist",
        f"We’ve received your booking request {appointment.reference}",
    ]
    assert waitlist.claim(first.offers.get(), NOW) == appointment  # a second click: the same appointment
    with pytest.raises(booking.SlotTaken, match="Someone else booked this time first"):
        waitlist.claim(second.offers.get(), NOW)
    second.refresh_from_db()
    assert second.status == WaitlistEntry.Status.WAITING


def tables():
    """Every row a claim writes: appointments with their history and emails, waitlist places and offers."""
    models = (Appointment, AppointmentEvent, OutboundEmail, WaitlistEntry, WaitlistOffer)
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


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
    assert confirmed.subject.startswith("Your appointment is confirmed")
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
