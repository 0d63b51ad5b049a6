"""The availability engine: pure functions, tested at the edges and for every input (hypothesis)."""

import datetime as dt

from hypothesis import event, given, settings
from hypothesis import strategies as st

from bookings.availability import Rules, bookable_window, slots_for_day
from clinic.hours import Schedule
from clinic.tests.schedules import CLINIC_WEEK, UK

UTC = dt.UTC
T = dt.time
M = dt.timedelta(minutes=1)
WEEK = CLINIC_WEEK
RULES = Rules(
    slot_interval=15 * M, min_notice=dt.timedelta(hours=12), horizon=dt.timedelta(weeks=8), allow_same_day=True
)
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # a Friday


def slots(day, minutes=60, buffer=0, taken=(), now=NOW, rules=RULES, schedule=WEEK):
    return slots_for_day(
        day=day, duration=minutes * M, buffer=buffer * M, schedule=schedule, rules=rules, taken=list(taken), now=now
    )


def starts(found):
    return [s.local_start.strftime("%H:%M") for s in found]


def test_sixty_minute_consult_cannot_start_after_13_on_friday():
    friday = starts(slots(dt.date(2026, 11, 27)))
    assert friday[0] == "07:00" and friday[-1] == "13:00"
    assert "13:15" not in friday


def test_buffer_after_must_also_fit_before_closing():
    assert starts(slots(dt.date(2026, 11, 27), buffer=10))[-1] == "12:45"


def test_sunday_has_no_slots():
    assert slots(dt.date(2026, 11, 29)) == []


def test_closure_has_no_slots():
    assert slots(dt.date(2026, 12, 28)) == []
    assert slots(dt.date(2026, 12, 29))


def test_slots_are_on_the_grid():
    assert starts(slots(dt.date(2026, 11, 28)))[:3] == ["07:00", "07:15", "07:30"]


def test_taken_time_and_its_buffer_block_overlapping_starts():
    taken = [(dt.datetime(2026, 11, 30, 10, 0, tzinfo=UK), dt.datetime(2026, 11, 30, 11, 10, tzinfo=UK))]
    monday = starts(slots(dt.date(2026, 11, 30), buffer=10, taken=taken))
    assert "08:45" in monday  # its hold ends 09:55
    assert "09:00" not in monday and "10:45" not in monday and "11:00" not in monday
    assert "11:15" in monday


def test_minimum_notice_hides_times_too_soon():
    now = dt.datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
    assert slots(dt.date(2026, 11, 30), now=now) == []
    assert starts(slots(dt.date(2026, 12, 1), now=now))[0] == "08:00"


def test_same_day_requests_can_be_switched_off():
    now = dt.datetime(2026, 11, 30, 5, 0, tzinfo=UTC)
    rules = Rules(15 * M, dt.timedelta(hours=1), dt.timedelta(weeks=8), allow_same_day=False)
    assert slots(dt.date(2026, 11, 30), now=now, rules=rules) == []
    same_day = Rules(15 * M, dt.timedelta(hours=1), dt.timedelta(weeks=8), allow_same_day=True)
    assert starts(slots(dt.date(2026, 11, 30), now=now, rules=same_day))[0] == "07:00"


def test_nothing_beyond_the_booking_horizon():
    assert slots(dt.date(2027, 1, 14)) != []  # 8 weeks minus a day
    assert slots(dt.date(2027, 1, 16)) == []


def test_spring_clock_change_keeps_uk_wall_clock_and_real_durations():
    monday = slots(dt.date(2026, 3, 30), now=dt.datetime(2026, 3, 1, tzinfo=UTC))
    assert monday[0].start.astimezone(UTC) == dt.datetime(2026, 3, 30, 6, 0, tzinfo=UTC)  # 07:00 BST
    assert monday[-1].local_start.strftime("%H:%M") == "18:00"
    assert all(s.end - s.start == dt.timedelta(hours=1) for s in monday)


def test_autumn_clock_change_keeps_uk_wall_clock():
    monday = slots(dt.date(2026, 10, 26), now=dt.datetime(2026, 10, 1, tzinfo=UTC))
    assert monday[0].start.astimezone(UTC) == dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC)  # 07:00 GMT
    friday_before = slots(dt.date(2026, 10, 23), now=dt.datetime(2026, 10, 1, tzinfo=UTC))
    assert friday_before[0].start.astimezone(UTC) == dt.datetime(2026, 10, 23, 6, 0, tzinfo=UTC)  # 07:00 BST


def test_a_sunday_clock_change_day_is_closed_anyway():
    for day in (dt.date(2026, 3, 29), dt.date(2026, 10, 25)):
        assert slots(day, now=dt.datetime(2026, 3, 1, tzinfo=UTC)) == []


@given(notice_hours=st.integers(0, 72), start_minute=st.integers(0, 24 * 60 - 1), day=st.integers(0, 60))
def test_a_start_can_be_booked_until_its_notice_deadline_and_not_a_moment_after(notice_hours, start_minute, day):
    rules = Rules(15 * M, dt.timedelta(hours=notice_hours), dt.timedelta(weeks=12), allow_same_day=True)
    start = dt.datetime(2026, 11, 30, tzinfo=UK) + dt.timedelta(days=day, minutes=start_minute)
    deadline = rules.notice_deadline(start)
    assert bookable_window(rules, deadline)[0] <= start
    assert bookable_window(rules, deadline + dt.timedelta(microseconds=1))[0] > start


def test_bookable_window_without_same_day_starts_tomorrow():
    rules = Rules(15 * M, dt.timedelta(hours=1), dt.timedelta(weeks=1), allow_same_day=False)
    earliest, last_day = bookable_window(rules, dt.datetime(2026, 11, 30, 5, 0, tzinfo=UTC))
    assert earliest == dt.datetime(2026, 12, 1, 0, 0, tzinfo=UK)
    assert last_day == dt.date(2026, 12, 7)


# --- Properties: no returned slot ever breaks a rule --------------------------------------

minutes_of_day = st.integers(min_value=0, max_value=24 * 60 - 1)


@st.composite
def schedules(draw):
    weekly = {}
    for weekday in range(7):
        opens = draw(st.integers(min_value=5 * 60, max_value=12 * 60))
        closes = draw(st.integers(min_value=opens + 5, max_value=22 * 60))
        if draw(st.booleans()):
            weekly[weekday] = ((T(opens // 60, opens % 60), T(closes // 60, closes % 60)),)
    return Schedule(weekly=weekly)


@st.composite
def takens(draw, day):
    intervals = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        start_minute = draw(st.integers(min_value=6 * 60, max_value=20 * 60))
        length = draw(st.integers(min_value=15, max_value=120))
        start = dt.datetime.combine(day, T(start_minute // 60, start_minute % 60), tzinfo=UK)
        intervals.append((start, start + length * M))
    return intervals


days = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    schedule=schedules(),
    day=days,
    duration=st.sampled_from([15, 30, 45, 60, 90]),
    buffer=st.sampled_from([0, 5, 10, 15]),
    interval=st.sampled_from([5, 10, 15, 20, 30, 60]),
    notice_hours=st.integers(min_value=0, max_value=48),
    horizon_weeks=st.integers(min_value=1, max_value=12),
    same_day=st.booleans(),
    now_offset_hours=st.integers(min_value=-24 * 90, max_value=48),
    data=st.data(),
)
def test_no_slot_ever_breaks_a_rule(
    schedule, day, duration, buffer, interval, notice_hours, horizon_weeks, same_day, now_offset_hours, data
):
    rules = Rules(interval * M, dt.timedelta(hours=notice_hours), dt.timedelta(weeks=horizon_weeks), same_day)
    now = dt.datetime.combine(day, T(12), tzinfo=UK).astimezone(UTC) + dt.timedelta(hours=now_offset_hours)
    taken = data.draw(takens(day))
    found = slots_for_day(
        day=day, duration=duration * M, buffer=buffer * M, schedule=schedule, rules=rules, taken=taken, now=now
    )
    last_day = (now + rules.horizon).astimezone(UK).date()
    event("some slots" if found else "no slots")
    for slot in found:
        local_start = slot.local_start
        hold_until = slot.hold_until
        assert hold_until - slot.end == buffer * M  # the slot carries the time it holds: its buffer after it
        assert local_start.date() == day
        assert slot.end - slot.start == duration * M
        assert schedule.covers(slot.start, hold_until)
        assert slot.start >= now + rules.min_notice
        assert same_day or local_start.date() > now.astimezone(UK).date()
        assert local_start.date() <= last_day
        assert (local_start.hour * 60 + local_start.minute) % interval == 0
        assert not any(slot.start < t_end and t_start < hold_until for t_start, t_end in taken)
    assert len({slot.start for slot in found}) == len(found)


def test_time_off_by_the_hour_removes_those_times_and_only_those(db):
    from bookings.availability import free_slots
    from bookings.models import Service
    from clinic.models import Closure

    follow_up = Service.objects.get(slug="follow-up")  # 45 minutes + 10 minutes' buffer
    now = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
    tuesday = dt.date(2026, 12, 1)
    before = [s.local_start.time() for s in free_slots(follow_up, tuesday, now)]
    Closure.objects.create(start_date=tuesday, reason="Course", start_time=dt.time(13), end_time=dt.time(17))
    after = [s.local_start.time() for s in free_slots(follow_up, tuesday, now)]
    assert dt.time(12, 0) in after and dt.time(12, 15) not in after  # 12:15 + 55 minutes runs past 13:00
    assert after == [t for t in before if t <= dt.time(12, 0)]


def test_a_free_time_holds_what_its_service_holds_there(db):
    from bookings.availability import free_slots
    from bookings.models import Service

    follow_up = Service.objects.get(slug="follow-up")  # 45 minutes + 10 minutes' buffer
    found = free_slots(follow_up, dt.date(2026, 12, 1), dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC))
    assert found and all((slot.end, slot.hold_until) == follow_up.times_from(slot.start) for slot in found)
    assert {slot.hold_until - slot.start for slot in found} == {55 * M}


def test_the_clinicians_override_offers_no_time_already_past(db):
    """Found by a browser review: a phone booking with "also offer times outside the booking rules" offered 08:00
    at 14:36 the same day, and the patient was emailed a confirmation for a time gone by."""
    from bookings.availability import free_slots
    from bookings.models import Service

    friday_noon = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
    starts = [slot.start for slot in free_slots(Service.objects.get(slug="follow-up"), friday_noon.date(),
                                                friday_noon, enforce_notice=False)]  # fmt: skip
    assert starts and min(starts) >= friday_noon
