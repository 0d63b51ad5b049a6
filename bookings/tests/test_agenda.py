"""The diary's day as an agenda, for a phone (bookings.diary.agenda, and the diary page's narrow rendering): each
appointment in time order with its phone number to call, its marks and the decisions its status allows; closures as
lines; the same queries however full the day."""

import datetime as dt
import re
from http import HTTPStatus

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings import diary
from bookings.models import Appointment, Questionnaire, Service
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import MONDAY_9, NOW
from clinic.models import Closure
from core.phones import tel_uri

pytestmark = pytest.mark.django_db
S = Appointment.Status
DIARY = reverse("admin:bookings_appointment_diary")


def at_monday(hour, minute=0):
    return MONDAY_9.replace(hour=hour, minute=minute)  # UTC is UK time in November


def make(hour, minute=0, **fields):
    return AppointmentFactory(service=Service.objects.get(slug="follow-up"), start=at_monday(hour, minute), **fields)


# --- bookings.diary.agenda: pure, from the day diary.build made ------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "uri"),
    [
        ("07700 900123", "tel:07700900123"),
        ("+44 7700 900123", "tel:+447700900123"),
        ("(01632) 960-001", "tel:01632960001"),
        ("", ""),
    ],
)
def test_a_phone_number_is_dialled_by_its_digits_alone(phone, uri):
    assert tel_uri(phone) == uri


def test_the_agenda_runs_in_time_order_with_time_off_as_a_line_where_it_starts():
    later, sooner = make(15), make(8)
    Closure.objects.create(
        start_date=dt.date(2026, 11, 30), reason="Dentist", start_time=dt.time(12), end_time=dt.time(13, 30)
    )
    [day] = diary.build([dt.date(2026, 11, 30)], NOW)
    entries = diary.agenda(day, NOW)
    assert [(e.kind, e.starts) for e in entries] == [
        ("appointment", dt.time(8)),
        ("closed", dt.time(12)),
        ("appointment", dt.time(15)),
    ]
    assert [entries[0].appointment, entries[2].appointment] == [sooner, later]
    assert (entries[1].ends, entries[1].reason) == (dt.time(13, 30), "Dentist")
    assert (entries[0].ends, entries[0].tel) == (dt.time(8, 45), "tel:07700900123")
    # What its buttons say, once: the patient and the UK time (08:00 in winter is 08:00 UTC; a summer one below).
    assert entries[0].label == f"{sooner.patient_name}, Mon 30 Nov 08:00"
    assert entries[0].decide_url == f"/admin/bookings/appointment/{sooner.pk}/decide/"


def test_a_summer_appointment_s_buttons_name_its_uk_time():
    summer = AppointmentFactory(service=Service.objects.get(slug="follow-up"), patient_name="Sam Summer",
                                start=dt.datetime(2027, 7, 5, 8, 0, tzinfo=dt.UTC))  # fmt: skip
    [day] = diary.build([dt.date(2027, 7, 5)], NOW)
    [entry] = diary.agenda(day, NOW)
    assert entry.appointment == summer and entry.label == "Sam Summer, Mon 5 Jul 09:00"


def test_a_closed_day_starts_its_agenda_with_the_closure():
    booked_before_the_closure = make(9, status=S.CONFIRMED)
    Closure.objects.create(start_date=dt.date(2026, 11, 30), reason="Course in Manchester")
    [day] = diary.build([dt.date(2026, 11, 30)], NOW)
    entries = diary.agenda(day, NOW)
    assert [(e.kind, e.starts, e.reason) for e in entries][0] == ("closed", None, "Course in Manchester")
    assert entries[1].appointment == booked_before_the_closure


def test_today_marks_the_present_between_what_has_begun_and_what_is_to_come():
    began, to_come = make(9, status=S.CONFIRMED), make(11)
    now = at_monday(10, 7)
    [day] = diary.build([dt.date(2026, 11, 30)], now)
    entries = diary.agenda(day, now)
    assert [(e.kind, e.appointment) for e in entries] == [
        ("appointment", began),
        ("now", None),
        ("appointment", to_come),
    ]
    assert entries[1].starts == dt.time(10, 7)
    [other_day] = diary.build([dt.date(2026, 12, 1)], now)
    assert diary.agenda(other_day, now) == []  # no present on another day, and nothing booked


@pytest.mark.parametrize(
    ("status", "now", "decisions"),
    [
        (S.REQUESTED, NOW, ["confirm", "decline", "cancel"]),
        (S.CONFIRMED, NOW, ["cancel"]),
        (S.CONFIRMED, at_monday(12), ["cancel", "complete", "no_show"]),  # begun: attended or not
        (S.COMPLETED, at_monday(12), []),
        (S.NO_SHOW, at_monday(12), []),
    ],
)
def test_each_appointment_carries_the_decisions_its_status_allows(status, now, decisions):
    make(9, status=status)
    [day] = diary.build([dt.date(2026, 11, 30)], now)
    [entry] = [e for e in diary.agenda(day, now) if e.kind == "appointment"]
    assert [name for name, label in entry.decisions] == decisions
    assert ("confirm", "Confirm") in entry.decisions or status != S.REQUESTED


# --- The diary page, as a phone renders it -------------------------------------------------------------------


def agenda_of(html):
    """The agenda section of the diary page, and its items by appointment (each found by its change link)."""
    section = html[html.index('<section class="agenda') :]
    section = section[: section.index("</section>")]
    items = section.split('<li class="agenda-item')[1:]
    by_pk = {}
    for item in items:
        pk = int(item.split("/admin/bookings/appointment/")[1].split("/")[0])
        by_pk[pk] = item[: item.index("</li>")]
    return section, by_pk


def decisions_in(item):
    return [part.split('"')[0] for part in item.split('name="decision" value="')[1:]]


@pytest.fixture
def monday(db):
    """Monday 30 November as the diary holds it: each state an appointment can be in on the day."""
    made = {
        "requested": make(7),
        "confirmed-with-questionnaire": make(8, status=S.CONFIRMED, notes="Left calf tight after hill reps."),
        "confirmed-without": make(9, status=S.CONFIRMED),
        "by-phone-without-email": make(10, status=S.CONFIRMED, email="", phone="+44 7700 900 456"),
        "with-safety-advice": make(11, safety_advice="emergency"),
        "cancelled": make(12, status=S.CANCELLED_BY_PATIENT),
        "declined": make(12, 15, status=S.DECLINED),
        "completed": make(13, status=S.COMPLETED),
        "no-show": make(14, status=S.NO_SHOW),
    }
    Questionnaire.objects.create(appointment=made["confirmed-with-questionnaire"], started="Three weeks ago.")
    Closure.objects.create(
        start_date=dt.date(2026, 11, 30), reason="School run", start_time=dt.time(15), end_time=dt.time(16)
    )
    return made


@pytest.fixture
def page(monday, admin_client):
    with time_machine.travel(NOW, tick=False):
        response = admin_client.get(DIARY, {"day": "2026-11-30"})
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_the_agenda_lists_what_the_grid_shows_in_time_order_and_not_what_was_withdrawn(monday, page):
    section, items = agenda_of(page)
    assert list(items) == [monday[k].pk for k in monday if k not in ("cancelled", "declined")]
    assert "Monday 30 November 2026" in section and "Open 07:00–15:00, 16:00–19:00" in section
    assert "15:00–16:00 closed:</strong> School run" in section
    assert section.index("School run") > section.index(monday["no-show"].patient_name.replace("'", "&#x27;"))


def test_each_appointment_shows_its_time_service_patient_and_a_tel_link_of_digits(monday, page):
    _, items = agenda_of(page)
    for key in ("requested", "confirmed-without", "completed"):
        a = monday[key]
        item = items[a.pk]
        assert f"{a.local_start:%H:%M}–{a.local_end:%H:%M}" in item and "Follow-up" in item and a.reference in item
        assert '<a href="tel:07700900123">Call 07700 900123</a>' in item
    phone_only = items[monday["by-phone-without-email"].pk]
    assert '<p class="agenda-call agenda-call-only"><a href="tel:+447700900456">Call +44 7700 900 456</a>' in phone_only
    assert "No email address:</strong> nothing is emailed to this patient" in phone_only
    assert (
        "No email address" not in items[monday["requested"].pk]
        and "agenda-call-only" not in items[monday["requested"].pk]
    )


def test_a_confirmed_appointment_says_whether_the_questionnaire_is_in_and_shows_the_notes(monday, page):
    _, items = agenda_of(page)
    with_it = items[monday["confirmed-with-questionnaire"].pk]
    assert "Questionnaire in" in with_it and "Left calf tight after hill reps." in with_it
    assert "No questionnaire yet" in items[monday["confirmed-without"].pk]
    for key in ("requested", "completed", "no-show"):  # the questionnaire comes once confirmed
        assert "questionnaire" not in items[monday[key].pk].lower()


def test_the_safety_advice_shown_before_booking_is_flagged(monday, page):
    _, items = agenda_of(page)
    assert (
        "Emergency advice: call 999 or go to A&amp;E</strong> shown before booking"
        in items[monday["with-safety-advice"].pk]
    )
    assert "shown before booking" not in items[monday["requested"].pk]


@pytest.mark.parametrize(
    ("key", "decisions", "moves"),
    [
        ("requested", ["confirm", "decline", "cancel"], True),
        ("confirmed-without", ["cancel"], True),
        ("by-phone-without-email", ["cancel"], True),
        ("completed", [], False),
        ("no-show", [], False),
    ],
)
def test_each_appointment_has_the_actions_its_status_allows_posting_back_to_the_day(
    monday, page, key, decisions, moves
):
    a = monday[key]
    item = agenda_of(page)[1][a.pk]
    assert decisions_in(item) == decisions
    assert item.count(f'action="{reverse("admin:bookings_appointment_decide", args=[a.pk])}"') == len(decisions)
    assert item.count('name="next" value="/admin/bookings/appointment/diary/?day=2026-11-30"') == len(decisions)
    assert item.count(f'value="{a.status}"') == len(decisions)  # the status seen, for the compare-and-set
    assert (reverse("admin:bookings_appointment_move", args=[a.pk]) in item) == moves
    if "confirm" in decisions:  # Confirm is the main button; the two that end a booking ask again (decide.html)
        assert '<button type="submit" class="button default" aria-label="Confirm ' in item
        assert ">Decline…</button>" in item and ">Cancel appointment…</button>" in item
    if decisions == ["cancel"]:
        assert 'class="button default"' not in item and ">Cancel appointment…</button>" in item


def test_someone_who_may_only_read_the_diary_sees_the_agenda_without_actions(monday, client, django_user_model):
    reader = django_user_model.objects.create_user("reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_appointment"))
    client.force_login(reader)
    _, items = agenda_of(client.get(DIARY, {"day": "2026-11-30"}).content.decode())
    assert len(items) == 7 and not any(decisions_in(i) or "/move/" in i for i in items.values())


def test_the_week_on_a_phone_is_today_if_it_is_in_the_week_else_its_monday_with_the_days_around_it(
    monday, client, admin_user
):
    def shown(query, now):
        with time_machine.travel(now, tick=False):
            client.force_login(admin_user)  # signed in that day: a staff session ends after 12 hours
            html = client.get(DIARY + query).content.decode()
        nav = html[html.index('aria-label="Diary, day by day"') :]
        steps = [part.split('"')[0] for part in nav.split('class="agenda-step" href="?day=')[1:4]]
        return agenda_of(html)[0].split("</h2>")[0], steps

    heading, steps = shown("?week=2026-11-30", NOW)
    assert "Monday 30 November 2026" in heading and "today" not in heading
    assert steps == ["2026-11-29", "2026-11-20", "2026-12-01"]  # the day before, today, the day after
    heading, steps = shown("?week=2026-11-30", dt.datetime(2026, 12, 2, 8, tzinfo=dt.UTC))
    assert "Wednesday 2 December 2026" in heading and "today" in heading
    assert steps == ["2026-12-01", "2026-12-02", "2026-12-03"]
    heading, _ = shown("", dt.datetime(2026, 12, 2, 8, tzinfo=dt.UTC))  # the diary link, as the header gives it
    assert "Wednesday 2 December 2026" in heading


def test_a_week_is_headed_by_its_week_on_a_desk_and_plain_diary_on_a_phone_where_the_day_heads_the_agenda(
    admin_client, db
):
    """On a phone "Diary: week of 30 November 2026" headed one day's agenda."""
    with time_machine.travel(NOW, tick=False):
        week = admin_client.get(DIARY, {"week": "2026-11-30"}).content.decode()
        day = admin_client.get(DIARY, {"day": "2026-11-30"}).content.decode()
    assert "<h1>Diary: Monday 30 November 2026</h1>" in day  # a day: its own heading everywhere
    (h1,) = re.findall(r"<h1>.*?</h1>", week, re.S)
    wide, narrow = re.findall(r'<span class="diary-(?:wide|narrow)-only">(.*?)</span>', h1)
    assert (wide, narrow) == ("Diary: week of 30 November 2026", "Diary")
    (crumbs,) = re.findall(r'<ol class="breadcrumbs">.*?</ol>', week, re.S)  # the breadcrumb says the same
    assert re.findall(r'<span class="diary-(?:wide|narrow)-only">(.*?)</span>', crumbs) == [wide, narrow]
    (day_crumbs,) = re.findall(r'<ol class="breadcrumbs">.*?</ol>', day, re.S)
    assert '<li aria-current="page">Diary: Monday 30 November 2026</li>' in day_crumbs


def test_the_requests_waiting_come_before_the_grid_and_the_agenda(monday, page):
    assert page.index('id="waiting"') < page.index('<table class="diary-grid') < page.index('<section class="agenda')


@pytest.mark.parametrize("query", ["?day=2026-11-30", "?week=2026-11-30"])
def test_the_diary_takes_as_many_queries_however_full_the_day(admin_client, query):
    def queries():
        with CaptureQueriesContext(connection) as captured, time_machine.travel(NOW, tick=False):
            assert admin_client.get(DIARY + query).status_code == HTTPStatus.OK
        return len(captured)

    make(7)
    admin_client.get(DIARY + query)  # caches (the schedule) filled, as between the clinician's edits
    few = queries()
    for hour in range(8, 18):
        a = make(hour, status=[S.REQUESTED, S.CONFIRMED, S.COMPLETED][hour % 3], safety_advice="urgent")
        if a.status == S.CONFIRMED:
            Questionnaire.objects.create(appointment=a, started="A while ago.")
    AppointmentFactory(email="", phone="07700 900999", start=MONDAY_9 + dt.timedelta(days=1))
    assert queries() == few
