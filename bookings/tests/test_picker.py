"""bookings/picker.py: the day grid and the times for one service, as a patient and the clinician see them."""

import datetime as dt
import re
from http import HTTPStatus

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse

from bookings.links import manage_token
from bookings.models import BookingRules, Service
from bookings.picker import TimePicker, week_label
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import NOW, begin
from bookings.tests.walker import offered_times
from clinic.models import Closure

pytestmark = pytest.mark.django_db


def picker(query=None, *, post=None, **kwargs):
    factory = RequestFactory()
    request = factory.post("/", post) if post is not None else factory.get("/", query or {})
    return TimePicker(request, Service.objects.get(slug="follow-up"), NOW, **kwargs)


def test_without_a_date_it_opens_on_the_first_day_with_free_times_grouped_by_part_of_day():
    shown = picker()
    assert shown.day == dt.date(2026, 11, 21)  # Friday noon: the notice (12 hours) rules out the rest of today
    assert shown.status == HTTPStatus.OK
    assert list(shown.groups) == ["Morning"]  # Saturday opens 07:00–12:00
    weekdays = [cell["date"].weekday() for week in shown.weeks for cell in week if cell]
    assert weekdays[0] == 5 and shown.weeks[0][:5] == [None] * 5  # the grid's columns are weekdays


def test_a_date_that_cannot_be_booked_is_a_400_with_a_message_and_the_first_free_day_instead():
    for bad in ["2027-06-01", "not-a-date", "1999-01-01"]:  # past the horizon, nonsense, long ago
        shown = picker({"date": bad})
        assert shown.status == HTTPStatus.BAD_REQUEST and "can’t be booked" in shown.date_error
        assert shown.day == dt.date(2026, 11, 21)


def test_a_closed_day_is_shown_with_its_reason_and_offers_no_time():
    Closure.objects.create(start_date=dt.date(2026, 11, 23), end_date=dt.date(2026, 11, 23), reason="Training")
    shown = picker({"date": "2026-11-23"})
    assert shown.status == HTTPStatus.OK and shown.day == dt.date(2026, 11, 23) and shown.groups == {}
    assert "Training" in [c.reason for c in shown.closed_days]  # with the bank holidays in the grid
    monday = next(cell for week in shown.weeks for cell in week if cell and cell["date"] == dt.date(2026, 11, 23))
    assert monday["count"] == 0 and monday["closure"].reason == "Training"


def test_a_posted_time_that_was_not_offered_is_a_422():
    shown = picker(post={"date": "2026-11-23", "slot": "2026-11-23T03:00:00Z"})
    assert shown.status == HTTPStatus.UNPROCESSABLE_ENTITY and not shown.form.is_valid()


def test_a_moved_appointment_does_not_block_its_own_time_and_its_day_is_preselected():
    appointment = AppointmentFactory(service=Service.objects.get(slug="follow-up"),
                                     start=dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC))  # fmt: skip
    shown = picker(preferred=appointment.start, exclude_pk=appointment.pk)
    assert shown.day == dt.date(2026, 11, 24)
    assert "2026-11-24T09:00:00Z" in [slot.value for group in shown.groups.values() for _, slot in group]


def test_the_clinicians_override_offers_today_inside_the_notice():
    assert picker(enforce_notice=False).day == dt.date(2026, 11, 20)


# --- One week at a time ----------------------------------------------------------------------


def days_of(shown):
    return [cell and cell["date"] for cell in shown.week]


def offered(shown):
    return [slot.local_start.strftime("%H:%M") for group in shown.offered_groups.values() for _, slot in group]


def offered_values(shown):
    return [slot.value for group in shown.offered_groups.values() for _, slot in group]


def every_time(shown):
    return [slot.local_start.strftime("%H:%M") for group in shown.groups.values() for _, slot in group]


def test_the_first_week_is_the_seven_days_from_the_first_bookable_day_with_no_previous_week():
    shown = picker()
    assert days_of(shown) == [dt.date(2026, 11, 21) + dt.timedelta(days=n) for n in range(7)]  # Saturday to Friday
    context = shown.context()
    assert context["previous_week"] is None and context["next_week"] == dt.date(2026, 11, 28)
    assert context["week_label"] == "21–27 November" and context["next_available"] is None  # it is this week
    assert [cell["selected"] for cell in shown.week] == [True] + [False] * 6
    assert len(shown.weeks) == 9  # the clinician's pages still get every week, Monday to Sunday


def test_next_week_opens_on_its_first_free_day_and_offers_the_way_back():
    shown = picker({"week": "2026-11-28"})
    assert shown.status == HTTPStatus.OK and shown.day == dt.date(2026, 11, 28)
    assert days_of(shown) == [dt.date(2026, 11, 28) + dt.timedelta(days=n) for n in range(7)]
    context = shown.context()
    assert context["previous_week"] == dt.date(2026, 11, 21) and context["next_week"] == dt.date(2026, 12, 5)
    assert context["next_available"] is None  # this week has free days; the soonest lies behind, not ahead
    assert context["week_label"] == "28 November – 4 December"


def test_any_day_of_a_week_names_that_week_and_a_chosen_date_shows_its_own():
    assert picker({"week": "2026-12-03"}).week_start == dt.date(2026, 11, 28)
    assert picker({"date": "2026-12-03"}).week_start == dt.date(2026, 11, 28)
    assert picker({"date": "2026-12-03", "week": "2026-12-19"}).week_start == dt.date(2026, 11, 28)  # the day wins


def test_the_last_week_of_the_horizon_has_no_next_week_and_no_days_past_it():
    follow_up, ten = Service.objects.get(slug="follow-up"), NOW - dt.timedelta(hours=2)  # Friday itself bookable
    shown = TimePicker(RequestFactory().get("/", {"week": "2027-01-15"}), follow_up, ten)
    assert shown.week_start == dt.date(2027, 1, 15) and days_of(shown) == [dt.date(2027, 1, 15)] + [None] * 6
    assert shown.context()["next_week"] is None and shown.context()["previous_week"] == dt.date(2027, 1, 8)
    assert picker({"week": "2027-01-09"}).context()["next_week"] is None  # from noon: 9–15 January is the last


def test_a_week_with_a_closure_marks_that_day_and_lists_only_its_own_closures():
    Closure.objects.create(start_date=dt.date(2026, 12, 2), end_date=dt.date(2026, 12, 2), reason="Course",
                           public_note="Away at a conference")  # fmt: skip
    shown = picker({"week": "2026-11-28"})
    wednesday = shown.week[4]
    assert wednesday["count"] == 0 and wednesday["closure"].note == "Away at a conference"
    assert [c.reason for c in shown.closed_days] == ["Course"]  # not Christmas, weeks away
    christmas = picker({"week": "2026-12-19"})
    assert [c.start_date for c in christmas.closed_days] == [dt.date(2026, 12, 25)]
    assert christmas.week[6]["count"] == 0 and christmas.day == dt.date(2026, 12, 19)


def test_a_week_lists_its_time_off_by_the_hour_with_its_note():
    """Found by a review: a closure by the hour only took times away, unexplained, though the home page told it."""
    Closure.objects.create(start_date=dt.date(2026, 12, 1), end_date=dt.date(2026, 12, 1), start_time=dt.time(9),
                           end_time=dt.time(11), reason="School", public_note="Closed for a school event")  # fmt: skip
    Closure.objects.create(start_date=dt.date(2026, 12, 9), end_date=dt.date(2026, 12, 9), start_time=dt.time(9),
                           end_time=dt.time(11), reason="Later")  # fmt: skip
    listed = picker({"week": "2026-11-28"}).closed_days
    assert [(c.reason, c.when, c.note) for c in listed] == [
        ("School", "Tuesday 1 December, 09:00–11:00", "Closed for a school event")
    ]  # and not the one in another week


def test_a_week_with_no_free_day_chooses_no_day_and_points_to_the_next_available():
    Closure.objects.create(start_date=dt.date(2026, 12, 5), end_date=dt.date(2026, 12, 11), reason="Holiday")
    shown = picker({"week": "2026-12-05"})
    assert shown.status == HTTPStatus.OK and shown.day is None and shown.groups == {}
    context = shown.context()
    assert not context["week_has_times"] and context["next_available"] == dt.date(2026, 12, 12)  # ahead, not back
    assert context["next_week"] == dt.date(2026, 12, 12)
    assert [c.reason for c in shown.closed_days] == ["Holiday"]  # listed once for its seven days


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"week": "2027-01-16"}, "That week can’t be booked"),  # past the horizon
        ({"week": "2026-11-20"}, "That week can’t be booked"),  # before the first bookable day
        ({"week": "next"}, "That week can’t be booked"),
        ({"week": "2026-02-30"}, "That week can’t be booked"),
        ({"all": "yes please"}, "That link isn’t one this page makes"),
        ({"date": "2027-06-01", "week": "nonsense"}, "That date can’t be booked"),  # the first problem is named
    ],
)
def test_a_forged_week_or_all_is_a_400_with_a_message_and_the_first_free_day_instead(query, message):
    shown = picker(query)
    assert shown.status == HTTPStatus.BAD_REQUEST and message in shown.date_error
    assert shown.day == dt.date(2026, 11, 21) and shown.week_start == dt.date(2026, 11, 21)


@pytest.mark.parametrize(
    ("now", "week", "before", "after"),
    [  # Saturday before the change, Monday after: both open at 07:00 UK time
        (dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), "2026-03-28", "2026-03-28T07:00:00Z", "2026-03-30T06:00:00Z"),
        (dt.datetime(2026, 10, 16, 12, tzinfo=dt.UTC), "2026-10-24", "2026-10-24T06:00:00Z", "2026-10-26T07:00:00Z"),
    ],
    ids=["clocks-go-forward", "clocks-go-back"],
)
def test_a_week_whose_sunday_changes_the_clocks_has_seven_days_and_times_on_each_sides_clock(now, week, before, after):
    follow_up, first = Service.objects.get(slug="follow-up"), dt.date.fromisoformat(week)

    def shown(query):
        return TimePicker(RequestFactory().get("/", query), follow_up, now)

    strip = shown({"week": week})
    assert days_of(strip) == [first + dt.timedelta(days=n) for n in range(7)] and strip.week[1]["count"] == 0
    assert strip.day == first and offered_values(strip)[0] == before
    monday = shown({"date": (first + dt.timedelta(days=2)).isoformat()})
    assert monday.week_start == first and offered_values(monday)[0] == after


def test_no_bookable_days_at_all_shows_no_week():
    rules = BookingRules.load()
    rules.min_notice_hours, rules.horizon_weeks = 24 * 14, 1  # the notice reaches past the horizon
    rules.save()
    shown = picker()
    assert shown.week == [] and shown.day is None and shown.status == HTTPStatus.OK
    assert shown.context()["previous_week"] is None and shown.context()["next_week"] is None
    assert picker({"week": "2026-11-23"}).status == HTTPStatus.BAD_REQUEST


def test_no_free_day_in_the_whole_horizon_chooses_no_day_and_has_nothing_to_jump_to():
    Closure.objects.create(start_date=dt.date(2026, 11, 20), end_date=dt.date(2027, 1, 31), reason="Sabbatical")
    shown = picker()
    assert shown.day is None and shown.context()["next_available"] is None and len(shown.week) == 7


def test_a_week_is_named_by_its_first_and_last_day_with_the_year_when_it_turns():
    assert week_label(dt.date(2026, 11, 21)) == "21–27 November"
    assert week_label(dt.date(2026, 11, 28)) == "28 November – 4 December"
    assert week_label(dt.date(2026, 12, 26)) == "26 December 2026 – 1 January 2027"


def test_a_time_posted_from_the_time_just_taken_page_opens_its_own_day_and_week():
    shown = picker(post={"slot": "2026-12-03T09:15:00Z"})  # no date: the "just taken" page posts only the time
    assert shown.day == dt.date(2026, 12, 3) and shown.week_start == dt.date(2026, 11, 28) and shown.form.is_valid()


# --- The times that keep the diary compact first ---------------------------------------------


def test_a_day_without_appointments_offers_the_edges_of_its_opening_hours_then_show_all():
    shown = picker({"date": "2026-11-27"})  # Friday 07:00–14:00
    assert offered(shown) == ["07:00", "13:00"] and shown.more_times == 25 == len(every_time(shown))
    everything = picker({"date": "2026-11-27", "all": "1"})
    assert offered(everything) == every_time(everything) and everything.more_times == 0 and everything.show_all


def test_a_day_whose_every_time_keeps_the_diary_compact_has_no_show_all():
    follow_up = Service.objects.get(slug="follow-up")
    for hour in (8, 10):  # Saturday 07:00–12:00: only 07:00, 09:00 and 11:00 are left, each beside another
        AppointmentFactory(service=follow_up, start=dt.datetime(2026, 11, 28, hour, tzinfo=dt.UTC))
    shown = picker({"date": "2026-11-28"})
    assert offered(shown) == every_time(shown) == ["07:00", "09:00", "11:00"] and shown.more_times == 0


def test_a_posted_time_that_was_not_offered_first_is_still_accepted():
    shown = picker(post={"date": "2026-11-27", "slot": "2026-11-27T09:15:00Z"})
    assert shown.form.is_valid() and shown.form.cleaned_data["slot"].value == "2026-11-27T09:15:00Z"
    assert shown.status == HTTPStatus.OK and "09:15" not in offered(picker({"date": "2026-11-27"}))


def test_the_move_page_does_not_count_the_appointments_own_time_as_another_appointment():
    appointment = AppointmentFactory(service=Service.objects.get(slug="follow-up"),
                                     start=dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC))  # fmt: skip
    moving = picker({"date": "2026-11-24"}, preferred=appointment.start, exclude_pk=appointment.pk)
    # Tuesday as if empty (07:00 and 16:00, its edges), and its own 09:00, the time it has, which is free again.
    assert offered(moving) == ["07:00", "09:00", "16:00"] and moving.form["slot"].value() == "2026-11-24T09:00:00Z"
    assert offered(picker({"date": "2026-11-24"})) == ["07:00", "08:00", "10:00", "16:00"]  # anyone else


def test_the_time_already_chosen_is_shown_when_the_patient_comes_back_to_step_three():
    chosen = dt.datetime(2026, 11, 27, 9, 15, tzinfo=dt.UTC)  # chosen after "Show all times"
    back = picker(preferred=chosen)
    assert back.day == dt.date(2026, 11, 27) and offered(back) == ["07:00", "09:15", "13:00"]
    assert back.form["slot"].value() == "2026-11-27T09:15:00Z" and back.more_times == 25
    posted = picker(post={"date": "2026-11-27", "slot": "2026-11-27T09:15:00Z", "website": "x"})
    assert "09:15" in offered(posted)  # shown again if the page comes back with it


def test_with_the_rule_off_every_time_is_offered_at_once():
    rules = BookingRules.load()
    rules.compact_first = False
    rules.save()
    shown = picker({"date": "2026-11-27"})
    assert offered(shown) == every_time(shown) and len(offered(shown)) == 25 and shown.more_times == 0


def test_the_clinicians_phone_booking_lists_every_free_time(admin_client):
    """On the phone the patient names the time they want: the clinician's page hides none of them."""
    follow_up = Service.objects.get(slug="follow-up")
    with time_machine.travel(NOW, tick=False):
        page = admin_client.get(
            reverse("admin:bookings_appointment_book"), {"service": follow_up.pk, "date": "2026-11-27"}
        )
    assert page.status_code == HTTPStatus.OK
    assert 'value="2026-11-27T09:15:00Z"' in page.content.decode()  # not offered first to patients
    assert "09:15" not in offered(picker({"date": "2026-11-27"}))


# --- As the pages show them -------------------------------------------------------------------


def test_step_three_shows_one_week_with_its_links_and_the_chosen_days_first_times(client, clock):
    begin(client, "follow-up")
    page = client.get(reverse("bookings:time")).content.decode()
    assert "Days: 21–27 November" in page and page.count('<a class="day') == 6  # Sunday is closed
    assert '<a class="week-link" href="?week=2026-11-28#days-title" rel="next">Next week</a>' in page
    assert 'rel="prev"' not in page and "Next available" not in page
    assert page.split("</nav>", 2)[1].count('aria-current="date"') == 1  # the days, after the site's nav
    assert offered_times(page) == ["2026-11-21T07:00:00Z", "2026-11-21T11:00:00Z"]  # Saturday's edges
    assert '<a class="show-all" href="?date=2026-11-21&amp;all=1#times-title">Show all 17 times</a>' in page
    everything = client.get(reverse("bookings:time"), {"date": "2026-11-21", "all": "1"}).content.decode()
    assert len(offered_times(everything)) == 17 and "show-all" not in everything
    assert '<input type="hidden" name="all" value="1">' in everything  # kept if the choice comes back with an error


def test_a_week_without_free_times_says_so_and_offers_the_next_available_day(client, clock):
    Closure.objects.create(start_date=dt.date(2026, 12, 5), end_date=dt.date(2026, 12, 11), reason="Holiday")
    begin(client, "follow-up")
    page = client.get(reverse("bookings:time"), {"week": "2026-12-05"}).content.decode()
    assert "No free times this week." in page and offered_times(page) == []
    assert '<a href="?date=2026-12-12#times-title">Next available: Saturday 12 December</a>' in page  # ahead
    assert 'rel="prev"' in page and 'rel="next"' in page


def test_without_bookable_days_step_three_says_so(client, clock):
    rules = BookingRules.load()
    rules.min_notice_hours, rules.horizon_weeks = 24 * 14, 1
    rules.save()
    begin(client, "follow-up")
    page = client.get(reverse("bookings:time")).content.decode()
    assert "There are no days open for online booking right now." in page and "week-link" not in page


@pytest.mark.parametrize("query", [{"week": "2031-01-06"}, {"week": "x" * 300}, {"all": "<script>"}])
def test_a_forged_week_or_all_on_step_three_is_a_400_page_that_explains(client, clock, query):
    begin(client, "follow-up")
    response = client.get(reverse("bookings:time"), query)
    page = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST and "There is a problem" in page
    assert "<script>" not in page.split("<main", 1)[1].split("</main>")[0]
    assert offered_times(page)  # the first free day's times, to carry on


def test_the_move_page_shows_a_week_at_a_time_too(client, requested):
    url = reverse("bookings:manage_move", args=[manage_token(requested)])
    page = client.get(url, {"week": "2026-12-07"}).content.decode()
    assert "Days: 5–11 December" in page and 'href="?week=2026-11-28#days-title" rel="prev"' in page
    assert offered_times(page)[0] == "2026-12-05T07:00:00Z"


def test_the_clinician_finds_the_switch_in_booking_rules(admin_client):
    rules = BookingRules.load()
    page = admin_client.get(reverse("admin:bookings_bookingrules_change", args=[rules.pk])).content.decode()
    assert "Offer times that keep my diary compact first</label>" in page
    assert re.search(r'<input type="checkbox" name="compact_first"[^>]* checked>', page)  # on by default


def test_a_week_and_its_days_times_cost_two_queries_whatever_is_asked(django_assert_max_num_queries):
    follow_up = Service.objects.get(slug="follow-up")
    for day in range(23, 28):
        AppointmentFactory(service=follow_up, start=dt.datetime(2026, 11, day, 10, tzinfo=dt.UTC))
    picker()  # warms the cached booking rules and schedule
    for query in [{}, {"week": "2026-12-05"}, {"date": "2026-11-25", "all": "1"}, {"week": "2027-01-09"}]:
        request = RequestFactory().get("/", query)
        with django_assert_max_num_queries(2):  # the horizon's appointments, then the chosen day's
            TimePicker(request, follow_up, NOW).context()
