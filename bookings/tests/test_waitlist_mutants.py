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


# --- What joining sends and offers ------------------------------------------------------------


def joined_email_bodies():
    from bookings.models import OutboundEmail

    return list(OutboundEmail.objects.filter(kind="waitlist_joined").order_by("pk").values_list("body_text", flat=True))


def test_joining_again_tells_the_patient_their_place_is_updated_not_that_they_joined():
    from bookings.booking import PatientDetails
    from bookings.models import Service

    service = Service.objects.get(slug="initial-assessment")
    patient = PatientDetails("Ann Runner", "ann@example.com", "07700 900123", "knee", "", "2026-11-24")
    waitlist.join(service, wishes(), patient, NOW)
    waitlist.join(service, wishes(), patient, NOW)
    first, again = joined_email_bodies()
    assert "You’re on the waitlist." in first and "updated" not in first
    assert "Your place on the waitlist is updated." in again and "You’re on the waitlist." not in again


def test_joining_offers_the_others_waiting_only_times_within_the_joiners_dates(
    clock, django_capture_on_commit_callbacks
):
    from bookings.booking import PatientDetails
    from bookings.models import Service

    monday, tuesday = dt.date(2026, 11, 30), dt.date(2026, 12, 1)
    other = WaitlistEntryFactory(weekdays=[0, 1], earliest=monday, latest=tuesday)
    patient = PatientDetails("Ann Runner", "ann@example.com", "07700 900123", "knee", "", "2026-11-24")
    monday_only = waitlist.Wishes(weekdays=[0], parts_of_day=["morning"], earliest=monday, latest=monday)
    with django_capture_on_commit_callbacks(execute=True):
        joined, _ = waitlist.join(Service.objects.get(slug="initial-assessment"), monday_only, patient, NOW)
    assert [o.start for o in joined.offers.all()] == [MONDAY_9.replace(hour=7)]
    assert [o.start for o in other.offers.all()] == [MONDAY_9.replace(hour=7)]  # not Tuesday's, free as it is


def test_changed_opening_hours_offer_times_up_to_the_last_bookable_day(clock, django_capture_on_commit_callbacks):
    from bookings.models import BookingRules
    from clinic.models import OpeningHours

    last_day = (NOW + BookingRules.load().horizon).date()
    entry = WaitlistEntryFactory(
        weekdays=[last_day.weekday()], parts_of_day=["morning", "afternoon", "evening"], earliest=last_day,
        latest=last_day,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        waitlist.on_hours_changed(OpeningHours)
    assert {o.start.date() for o in entry.offers.all()} == {last_day}


# --- Claiming ---------------------------------------------------------------------------------


def test_a_claim_keeps_the_notice_agreed_on_joining_and_records_no_advice_unless_given(
    clock, django_capture_on_commit_callbacks
):
    entry = WaitlistEntryFactory(privacy_notice_version="2026-01-01")
    with django_capture_on_commit_callbacks(execute=True):
        appointment = waitlist.claim(offer(entry), NOW)
    assert (appointment.privacy_notice_version, appointment.safety_advice, appointment.notes) == ("2026-01-01", "", "")


def test_a_lapsed_offer_is_not_still_free_though_its_time_is():
    lapses_in_an_hour = offer(WaitlistEntryFactory(), hours_left=1)
    assert waitlist.still_free(lapses_in_an_hour, NOW)  # Monday 09:00 is free
    assert not waitlist.still_free(lapses_in_an_hour, NOW + dt.timedelta(hours=2))


def test_a_claim_closes_the_claimed_offer_the_claimers_others_and_others_offers_inside_the_time_it_holds(
    clock, django_capture_on_commit_callbacks
):
    O = WaitlistOffer.Outcome  # noqa: E741
    claimer, other = WaitlistEntryFactory(), WaitlistEntryFactory()
    claimed, elsewhere = offer(claimer), offer(claimer, start=MONDAY_9 + dt.timedelta(hours=3))
    inside = offer(other, start=MONDAY_9 + dt.timedelta(minutes=30))
    after = offer(other, start=MONDAY_9 + dt.timedelta(minutes=70))  # where the claimed time's hold ends
    with django_capture_on_commit_callbacks(execute=True):
        appointment = waitlist.claim(claimed, NOW)
    outcomes = {o.pk: (o.outcome, o.appointment_id) for o in WaitlistOffer.objects.all()}
    assert outcomes == {
        claimed.pk: (O.CLAIMED, appointment.pk),
        elsewhere.pk: (O.WITHDRAWN, None),
        inside.pk: (O.TAKEN, None),
        after.pk: (O.OPEN, None),
    }
    entries = {e["pk"]: e for e in WaitlistEntry.objects.values("pk", "status", "ended_at", "appointment")}
    assert entries[claimer.pk] == {"pk": claimer.pk, "status": "booked", "ended_at": NOW, "appointment": appointment.pk}
    assert entries[other.pk]["status"] == "waiting"


def test_a_claim_from_a_page_read_before_the_patient_booked_another_time_books_nothing(clock):
    from bookings.booking import SlotTaken
    from bookings.models import Appointment

    entry = WaitlistEntryFactory()
    WaitlistEntryFactory()  # someone else still waiting
    stale = offer(entry)  # read, with its entry, while the entry was waiting
    WaitlistEntry.objects.filter(pk=entry.pk).update(status=WaitlistEntry.Status.BOOKED)
    with pytest.raises(SlotTaken) as refused:
        waitlist.claim(stale, NOW)
    assert refused.value.message == "You have already booked a time from the waitlist."
    assert not Appointment.objects.exists()


def test_a_claim_from_a_page_read_before_the_patient_left_leaves_the_offer_withdrawn(clock):
    from bookings.booking import SlotTaken

    entry = WaitlistEntryFactory()
    stale = offer(entry)  # read, with its entry, while both were open
    waitlist.leave(entry, NOW)
    with pytest.raises(SlotTaken):
        waitlist.claim(stale, NOW)
    assert WaitlistOffer.objects.get().outcome == WaitlistOffer.Outcome.WITHDRAWN


def test_a_claim_of_a_time_booked_meanwhile_marks_only_that_offer_taken(clock):
    from bookings.booking import SlotTaken
    from bookings.tests.factories import AppointmentFactory

    O = WaitlistOffer.Outcome  # noqa: E741
    mine, theirs = offer(WaitlistEntryFactory()), offer(WaitlistEntryFactory(), start=MONDAY_9 + dt.timedelta(hours=2))
    AppointmentFactory(service=mine.entry.service, start=MONDAY_9, status="confirmed")
    with pytest.raises(SlotTaken) as refused:
        waitlist.claim(mine, NOW)
    assert refused.value.message == "Someone else booked this time first."
    assert {o.pk: o.outcome for o in WaitlistOffer.objects.all()} == {mine.pk: O.TAKEN, theirs.pk: O.OPEN}


def test_ending_old_places_and_lapsed_offers_leaves_booked_places_and_claimed_offers_alone():
    O = WaitlistOffer.Outcome  # noqa: E741
    past = {"earliest": dt.date(2026, 11, 2), "latest": dt.date(2026, 11, 6)}
    booked = WaitlistEntryFactory(status=WaitlistEntry.Status.BOOKED, **past)
    waiting = WaitlistEntryFactory(**past)
    claimed, lapsing = offer(booked, outcome=O.CLAIMED), offer(WaitlistEntryFactory())
    waitlist.expire(NOW + dt.timedelta(days=1))
    assert dict(WaitlistEntry.objects.filter(pk__in=[booked.pk, waiting.pk]).values_list("pk", "status")) == {
        booked.pk: "booked",
        waiting.pk: "expired",
    }
    assert {o.pk: o.outcome for o in WaitlistOffer.objects.all()} == {claimed.pk: O.CLAIMED, lapsing.pk: O.EXPIRED}


# --- Which free times a freed interval offers ------------------------------------------------------


def offered(entry):
    return [o.start for o in entry.offers.order_by("start")]


def test_a_time_starting_where_the_freed_interval_ends_is_not_offered(clock):
    entry = WaitlistEntryFactory(parts_of_day=["morning", "afternoon"])
    waitlist.offer_freed_times(MONDAY_9.replace(hour=11), MONDAY_9.replace(hour=12), NOW)
    assert offered(entry) == [MONDAY_9.replace(hour=10)]  # held until 11:10; not 12:00, the afternoon's first


def test_a_time_whose_hold_ends_where_the_freed_interval_starts_is_not_offered(clock):
    entry = WaitlistEntryFactory()  # 60 + 10 minutes: 11:00 holds until 12:10
    waitlist.offer_freed_times(MONDAY_9.replace(hour=12, minute=10), MONDAY_9.replace(hour=12, minute=15), NOW)
    assert offered(entry) == [MONDAY_9.replace(hour=11, minute=15)]


def test_a_time_whose_notice_runs_out_this_moment_is_not_offered(clock):
    from bookings.models import BookingRules

    entry = WaitlistEntryFactory()
    now = MONDAY_9 - BookingRules.load().min_notice  # 09:00's last moment to book
    waitlist.offer_freed_times(MONDAY_9, MONDAY_9.replace(hour=10), now)
    assert offered(entry) == [MONDAY_9.replace(minute=15)]
