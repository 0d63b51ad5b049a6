"""The clinician's extra admin pages: diary, weekly report, CSV export, subject access export."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from bookings import availability
from bookings.models import BookingRules, OutboundEmail, WaitlistOffer
from bookings.tests.factories import AppointmentFactory, WaitlistEntryFactory
from bookings.tests.helpers import MONDAY_9, SECRET_NOTE
from bookings.tests.waitlist_setup import O, at, fill_monday_morning, offers_of


class TestAdminPages:
    def test_diary_report_and_csv(self, requested, admin_client):
        diary = admin_client.get(reverse("admin:bookings_appointment_diary"), {"week": "2026-11-30"})
        html = diary.content.decode()
        assert "Mon 30 Nov" in html and "Ann Runner" in html and "09:00–10:00" in html
        assert admin_client.get(reverse("admin:bookings_appointment_diary"), {"day": "2026-11-29"}).status_code == 200
        report = admin_client.get(reverse("admin:bookings_appointment_report")).content.decode()
        assert "Diary fill" in report
        response = admin_client.post(
            reverse("admin:bookings_appointment_changelist"),
            {"action": "export_csv", "_selected_action": [requested.pk]},
        )
        assert response["Content-Type"].startswith("text/csv")
        assert requested.reference in response.content.decode() and "Ann Runner" in response.content.decode()

    def test_subject_access_export_has_everything_for_one_email(self, requested, admin_client):
        AppointmentFactory(email="someone.else@example.com", start=MONDAY_9 + dt.timedelta(hours=3))
        response = admin_client.post(reverse("admin:bookings_appointment_subject_access"), {"email": "ANN@example.com"})
        data = response.json()
        assert [a["reference"] for a in data["appointments"]] == [requested.reference]
        assert data["appointments"][0]["notes"] == SECRET_NOTE
        assert {e["kind"] for e in data["emails"]} == {"request_received"}


@pytest.mark.parametrize("query", ["week=0001-01-01", "week=9999-12-31", "day=9999-12-31", "day=nonsense"])
def test_diary_with_an_odd_date_falls_back_to_this_week(admin_client, query):
    response = admin_client.get(reverse("admin:bookings_appointment_diary") + "?" + query)
    assert response.status_code == HTTPStatus.OK


class TestDiaryGrid:
    """The week and day as a time grid (bookings.diary.grid is pure; the page renders it)."""

    @pytest.fixture
    def week(self, db):
        from clinic.models import Closure

        Closure.objects.create(start_date=dt.date(2026, 12, 2), reason="Course in Manchester")
        from bookings.models import Service

        assessment = Service.objects.get(slug="initial-assessment")  # 60 minutes + a 10-minute buffer
        confirmed = AppointmentFactory(
            service=assessment, start=MONDAY_9, status="confirmed", patient_name="Cara Confirmed"
        )
        requested = AppointmentFactory(start=MONDAY_9 + dt.timedelta(hours=3), patient_name="Rob Requested")
        return confirmed, requested

    def grid(self, now):
        from bookings import diary

        return diary.grid(diary.build(diary.week_of(dt.date(2026, 11, 30)), now), now)

    def cell(self, grid, day_index, clock):
        row = next(r for r in grid.rows if r.time == clock)
        return row.cells[day_index]

    def test_rows_every_15_minutes_across_the_opening_hours(self, week):
        grid = self.grid(dt.datetime(2026, 11, 30, 10, 7, tzinfo=dt.UTC))
        assert grid.rows[0].time == dt.time(7, 0) and grid.rows[-1].time == dt.time(18, 45)
        assert len(grid.rows) == 48

    def test_an_appointment_spans_its_duration_and_its_buffer_is_shaded_after_it(self, week):
        grid = self.grid(dt.datetime(2026, 11, 30, 10, 7, tzinfo=dt.UTC))
        block = self.cell(grid, 0, dt.time(9, 0))
        assert (
            block.kind == "appointment" and block.rows == 4 and block.appointments[0].patient_name == "Cara Confirmed"
        )
        assert [self.cell(grid, 0, dt.time(9, m)) for m in (15, 30, 45)] == [None, None, None]  # spanned
        buffer = self.cell(grid, 0, dt.time(10, 0))
        assert buffer.kind == "buffer" and buffer.rows == 1  # 10 minutes, shown as its quarter hour

    def test_closed_hours_and_closures_are_shaded_with_their_reason(self, week):
        grid = self.grid(dt.datetime(2026, 11, 30, 10, 7, tzinfo=dt.UTC))
        friday_afternoon = self.cell(grid, 4, dt.time(14, 0))
        assert friday_afternoon.kind == "closed" and friday_afternoon.reason == "Closed" and friday_afternoon.rows == 20
        wednesday = self.cell(grid, 2, dt.time(7, 0))
        assert wednesday.kind == "closed" and wednesday.reason == "Course in Manchester" and wednesday.rows == 48

    def test_time_off_by_the_hour_is_shaded_with_its_reason(self, week):
        from clinic.models import Closure

        Closure.objects.create(
            start_date=dt.date(2026, 12, 1), reason="School run", start_time=dt.time(8), end_time=dt.time(9, 30)
        )
        tuesday = self.cell(self.grid(dt.datetime(2026, 11, 30, 10, 7, tzinfo=dt.UTC)), 1, dt.time(8, 0))
        assert (tuesday.kind, tuesday.reason, tuesday.rows) == ("closed", "School run", 6)

    def test_the_row_holding_now_is_marked(self, week):
        grid = self.grid(dt.datetime(2026, 11, 30, 10, 7, tzinfo=dt.UTC))
        assert [r.time for r in grid.rows if r.is_now] == [dt.time(10, 0)]
        assert not any(r.is_now for r in self.grid(dt.datetime(2026, 12, 9, 10, 7, tzinfo=dt.UTC)).rows)

    def test_the_page_shows_blocks_status_in_words_and_the_waiting_list_with_buttons(self, week, admin_client):
        import time_machine

        with time_machine.travel(dt.datetime(2026, 11, 30, 10, 7, tzinfo=dt.UTC), tick=False):
            html = admin_client.get(reverse("admin:bookings_appointment_diary")).content.decode()
        assert 'rowspan="4" class="cell-appointment status-confirmed"' in html
        assert ">Confirmed</span>" in html and ">Requested</span>" in html  # status by text, not colour alone
        assert 'aria-current="date"' in html and 'class="hour now"' in html
        waiting = html[html.index('id="waiting"') : html.index("</aside>")]  # first: the grid and agenda follow
        assert "Rob Requested" in waiting and "Cara Confirmed" not in waiting
        assert waiting.count('name="decision" value="confirm"') == 1
        assert waiting.count('name="decision" value="decline"') == 1


# --- Offering a free stretch to the waitlist ----------------------------------------------------------


def offer_stretch(admin_client, capture, **stretch):
    """The diary's "Offer to waitlist" on a stretch of Monday 30 November, 12:00–19:00 unless told otherwise;
    what the request queues is enqueued when it commits."""
    data = {"day": "2026-11-30", "start": "12:00", "end": "19:00", "next": "/admin/", **stretch}
    with capture(execute=True):
        return admin_client.post(reverse("admin:bookings_appointment_offer_waitlist"), data, follow=True)


def test_the_diary_counts_who_is_waiting_and_offers_a_free_stretch(
    db, clock, admin_client, django_capture_on_commit_callbacks
):
    fill_monday_morning()
    entry = WaitlistEntryFactory(parts_of_day=["afternoon"])
    diary = admin_client.get(reverse("admin:bookings_appointment_diary"), {"day": "2026-11-30"}).content.decode()
    assert "Waitlist: 1 waiting" in diary
    assert 'aria-label="Offer Mon 30 Nov 12:00–19:00 to the waitlist"' in diary
    response = offer_stretch(admin_client, django_capture_on_commit_callbacks)
    assert "Mon 30 Nov, 12:00–19:00: handed to the waitlist." in response.content.decode()
    assert [offer.start for offer in entry.offers.all()] == [at(12)]  # the soonest afternoon start
    bad = offer_stretch(admin_client, django_capture_on_commit_callbacks, day="x")
    assert "Nothing was offered" in bad.content.decode()


def test_with_nobody_waiting_offering_a_stretch_says_so_and_queues_nothing(
    db, clock, admin_client, task_worker, django_capture_on_commit_callbacks
):
    response = offer_stretch(admin_client, django_capture_on_commit_callbacks)
    assert "Mon 30 Nov, 12:00–19:00: nobody is on the waitlist" in response.content.decode()
    assert not DBTaskResult.objects.exists()


def test_the_worker_offers_the_stretch_not_the_request_and_moves_it_on_when_the_offers_lapse(
    db, clock, admin_client, task_worker, django_capture_on_commit_callbacks
):
    rules = BookingRules.load()
    rules.waitlist_offers_at_once = 1
    rules.save()
    fill_monday_morning()[(9, 30)].delete()  # deleted in admin: only the diary's button tells the waitlist
    first, second = WaitlistEntryFactory.create_batch(2)  # Monday mornings

    response = offer_stretch(admin_client, django_capture_on_commit_callbacks, start="09:25", end="10:45")
    assert not WaitlistOffer.objects.exists() and not OutboundEmail.objects.exists()  # nothing in the request
    assert "the background worker emails it to them in a moment" in response.content.decode()
    [queued] = DBTaskResult.objects.ready()
    assert queued.task_path == "bookings.waitlist.offer_freed_times_task"
    assert queued.args_kwargs["args"] == [availability.as_value(at(9, 25)), availability.as_value(at(10, 45))]

    task_worker()
    assert offers_of(first) == [(at(9, 30), O.OPEN)] and offers_of(second) == []
    clock.shift(dt.timedelta(hours=2, minutes=1))  # the offer lapses; the worker's next round is due
    task_worker()
    assert offers_of(first) == [(at(9, 30), O.EXPIRED)] and offers_of(second) == [(at(9, 30), O.OPEN)]
    assert sorted(OutboundEmail.objects.filter(kind="waitlist_offer").values_list("to", flat=True)) == sorted(
        [first.email, second.email]
    )


def test_a_stretch_that_has_passed_is_not_offered_and_the_diary_shows_no_button_for_it(
    db, clock, admin_client, task_worker, django_capture_on_commit_callbacks
):
    """The clock is Friday 20 November, 12:00: yesterday and this morning have gone; this afternoon has not."""
    WaitlistEntryFactory(earliest=dt.date(2026, 11, 20), weekdays=[4], parts_of_day=["morning", "afternoon"])
    diary = admin_client.get(reverse("admin:bookings_appointment_diary"), {"week": "2026-11-16"}).content.decode()
    assert 'aria-label="Offer Thu 19 Nov' not in diary
    assert 'aria-label="Offer Fri 20 Nov 07:00–14:00 to the waitlist"' in diary  # until 14:00: still to come
    response = offer_stretch(admin_client, django_capture_on_commit_callbacks, day="2026-11-20", start="07:00",
                             end="11:00")  # fmt: skip
    assert "that time has passed, so there is nothing to offer" in response.content.decode()
    task_worker()
    assert not WaitlistOffer.objects.exists()
