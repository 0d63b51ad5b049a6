"""Where admin shows a patient's progress: the appointment's page (theirs by email address, or given at that
visit), the programme's own page, and the diary's day view (a line per visit, at as many queries however full the
day; not the week grid), each only to those who may view programmes."""

import datetime as dt
import re
from http import HTTPStatus

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import Appointment
from bookings.tests.factories import AppointmentFactory
from care import progress
from care.models import Programme, SessionLog
from care.tests.conftest import give
from care.tests.test_progress import DIARY, patient_with


@pytest.fixture
def logged(programme):
    """Two weeks of the programme given on Monday 30 November: 2 of 3 sessions, then one, and a painful day."""
    days = {
        1: (4, ["a"], "Stiff in the morning"),
        3: (6, ["a"], ""),
        5: (8, [], "Too sore to start"),
        8: (3, ["a"], ""),
    }
    for offset, (pain, done, note) in days.items():
        SessionLog.objects.create(programme=programme, day=programme.start_date + dt.timedelta(days=offset),
                                  pain=pain, done=done, note=note, pain_when="during")  # fmt: skip
    return programme


TODAY = dt.datetime(2026, 12, 10, 12, tzinfo=dt.UTC)


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_the_appointment_page_shows_sessions_pain_and_notes_with_a_named_chart(logged, admin_client):
    appointment = logged.appointment
    with time_machine.travel(TODAY, tick=False):
        page = admin_client.get(reverse("admin:bookings_appointment_change", args=[appointment.pk])).content.decode()
    words = text_of(page)
    assert "This week (from 7 Dec), so far: 1 of 3" in words
    assert "Week of 30 Nov: 2 of 3" in words
    trend = (
        "Pain about the same over 4 scores from 1 Dec to 8 Dec: 5 then 5.5 out of 10 (first 2 and last 2 scores on "
        "average); latest 3, highest 8."
    )
    assert f'<p id="pain-trend-{logged.pk}">{trend}</p>' in page
    (svg,) = re.findall(r"<svg class=\"care-pain-chart\"[^>]*>", page)
    assert 'role="img"' in svg and f'aria-labelledby="pain-trend-{logged.pk}"' in svg
    assert page.count("<circle") == 4 and "alerts you at 7" in page
    assert "<tr><td>Tue 1 Dec</td><td>4</td><td>During the exercises</td></tr>" in page  # the scores as a table
    assert words.index("Sat 5 Dec (pain 8): Too sore to start") < words.index("Tue 1 Dec (pain 4): Stiff in the")


def test_a_later_appointment_of_the_same_patient_shows_their_programme(logged, admin_client):
    later = AppointmentFactory(email="ANN@example.com", start=dt.datetime(2026, 12, 14, 9, tzinfo=dt.UTC))
    with time_machine.travel(TODAY, tick=False):
        page = admin_client.get(reverse("admin:bookings_appointment_change", args=[later.pk])).content.decode()
    assert "How the patient is getting on" in page and "Week of 30 Nov: 2 of 3" in text_of(page)
    other = AppointmentFactory(email="someone@example.com", start=dt.datetime(2026, 12, 14, 11, tzinfo=dt.UTC))
    page = admin_client.get(reverse("admin:bookings_appointment_change", args=[other.pk])).content.decode()
    assert "How the patient is getting on" not in page


def test_a_patient_without_an_email_address_has_the_progress_of_the_programme_given_at_this_visit(logged, clock):
    Appointment.objects.filter(pk=logged.appointment_id).update(email="")
    logged.appointment.refresh_from_db()
    clock.move_to(TODAY)
    (found,) = progress.for_patient(logged.appointment, TODAY.date())
    assert found.programme == logged and found.latest.pain == 3


def test_a_template_or_an_anonymised_visit_has_no_progress(logged):
    template = Programme.objects.create(is_template=True, title="Knee: early strength")
    assert progress.for_programme(template, TODAY.date()) is None
    Appointment.objects.filter(pk=logged.appointment_id).update(anonymised_at=TODAY)
    logged.appointment.refresh_from_db()
    assert progress.for_patient(logged.appointment, TODAY.date()) == []


def test_the_programme_page_shows_its_progress(logged, admin_client):
    with time_machine.travel(TODAY, tick=False):
        response = admin_client.get(reverse("admin:care_programme_change", args=[logged.pk]))
    assert response.status_code == HTTPStatus.OK
    words = text_of(response.content.decode())
    assert "How the patient is getting on" in words and "Week of 30 Nov: 2 of 3" in words
    assert 'role="img"' in response.content.decode()
    assert f'<h3 id="progress-{logged.pk}">Knee: early strength, given' in response.content.decode()  # no self-link


def test_someone_without_permission_to_view_programmes_sees_no_progress(logged, client, django_user_model):
    user = django_user_model.objects.create_user("reception", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_appointment", "change_appointment"]))
    client.force_login(user)
    with time_machine.travel(TODAY, tick=False):
        page = client.get(reverse("admin:bookings_appointment_change", args=[logged.appointment_id])).content.decode()
        diary = client.get(DIARY, {"day": "2026-12-10"}).content.decode()
    assert "Week of 30 Nov" not in page and "Exercises before" not in diary


def test_the_diary_lists_exercises_before_the_days_visits_on_the_day_and_the_week(logged, admin_client):
    visit = AppointmentFactory(email="ann@example.com", patient_name="Ann Runner",
                               start=dt.datetime(2026, 12, 10, 14, tzinfo=dt.UTC))  # fmt: skip
    AppointmentFactory(email="bob@example.com", start=dt.datetime(2026, 12, 10, 15, tzinfo=dt.UTC))
    with time_machine.travel(TODAY, tick=False):
        day = admin_client.get(DIARY, {"day": "2026-12-10"}).content.decode()
        week = admin_client.get(DIARY, {"week": "2026-12-07"}).content.decode()
    (block,) = re.findall(r'<section class="care-before-visits".*?</section>', day, re.S)
    words = text_of(block)
    assert "Exercises before today’s visits" in words
    assert "14:00 Ann Runner: Knee: early strength" in words
    assert "Week of 30 Nov: 2 of 3 sessions · latest pain 3/10 (8 Dec)" in words
    assert reverse("admin:care_programme_change", args=[logged.pk]) in block and "bob@" not in block
    assert visit.patient_name in block
    # The trend (words, and the chart they name) and the latest two notes, folded under the visit's line.
    (detail,) = re.findall(r'<details class="care-before-detail">.*?</details>', block, re.S)
    assert text_of(detail).startswith("Pain trend and notes Pain about the same over 4 scores from 1 Dec to 8 Dec")
    trend_id = f"{visit.pk}-{logged.pk}"  # the appointment and the programme: a visit may have two programmes
    assert f'aria-labelledby="pain-trend-{trend_id}"' in detail and f'<p id="pain-trend-{trend_id}">' in detail
    assert "Sat 5 Dec (pain 8): Too sore to start" in text_of(detail)
    assert "Tue 1 Dec (pain 4): Stiff in the morning" in text_of(detail)
    # The week (on a phone the agenda of one day, on a desk the grid) shows today's (10 Dec) once, for both: it was
    # rendered for a phone only and hidden by CSS on a desk, three queries for nothing.
    (shown,) = re.findall(r'<section class="care-before-visits".*?</section>', week, re.S)
    assert '<div class="diary-narrow-only">' not in week  # shown on a desk as well as on a phone
    assert text_of(shown) == words
    with time_machine.travel(TODAY, tick=False):
        later = admin_client.get(DIARY, {"week": "2026-12-14"}).content.decode()  # no visits on its Monday
    assert "care-before-visits" not in later


def test_the_diary_day_takes_as_many_queries_however_many_patients_have_programmes(logged, admin_client):
    def queries(day):
        with CaptureQueriesContext(connection) as captured, time_machine.travel(TODAY, tick=False):
            assert admin_client.get(DIARY, {"day": day}).status_code == HTTPStatus.OK
        return captured

    start = dt.datetime(2026, 12, 10, 9, tzinfo=dt.UTC)
    AppointmentFactory(email="ann@example.com", start=start)
    queries("2026-12-10")  # caches filled
    one = queries("2026-12-10")
    for hour in range(10, 17):
        patient_with(1, email=f"p{hour}@example.com", start=start.replace(hour=hour))
    many = queries("2026-12-10")
    assert len(many) == len(one)
    assert sum("care_" in q["sql"] for q in many.captured_queries) == 3
    week = queries("2026-12-07")
    assert not any("care_" in q["sql"] for q in week.captured_queries)  # the week grid costs nothing more


def test_the_diary_line_looks_back_two_weeks(logged, admin_client, admin_user):
    """On 21 December the last whole week (14 December) had no session and the latest log (8 December) is older
    than the two weeks the line looks back."""
    AppointmentFactory(email="ann@example.com", start=dt.datetime(2026, 12, 21, 14, tzinfo=dt.UTC))
    (visit,) = progress.before_visits(Appointment.objects.filter(start__date=dt.date(2026, 12, 21)),
                                      dt.date(2026, 12, 21), dt.date(2026, 12, 21))  # fmt: skip
    assert (visit.progress.last_week.monday, visit.progress.last_week.done) == (dt.date(2026, 12, 14), 0)
    assert visit.progress.latest is None and visit.progress.chart is None
    with time_machine.travel(dt.datetime(2026, 12, 21, 8, tzinfo=dt.UTC), tick=False):
        admin_client.force_login(admin_user)  # a session of its own that day (the clinician's end after 12 hours)
        day = admin_client.get(DIARY, {"day": "2026-12-21"}).content.decode()
    assert "Week of 14 Dec: 0 of 3 sessions · no log since 14 Dec" in text_of(day)


def test_the_diary_line_of_a_programme_with_no_log_says_since_it_started(programme, admin_client, admin_user):
    AppointmentFactory(email="ann@example.com", start=dt.datetime(2026, 12, 3, 14, tzinfo=dt.UTC))
    with time_machine.travel(dt.datetime(2026, 12, 3, 8, tzinfo=dt.UTC), tick=False):
        admin_client.force_login(admin_user)
        day = text_of(admin_client.get(DIARY, {"day": "2026-12-03"}).content.decode())
    assert "This week so far: 0 of 3 sessions · no log since it started on 30 Nov" in day


def test_two_programmes_of_one_visit_each_name_their_own_chart(logged, admin_client):
    """One visit's two programmes made two paragraphs of one id: the second chart read out the first's words."""
    second = give(logged.appointment, exercises=1)
    SessionLog.objects.create(programme=second, day=dt.date(2026, 12, 8), pain=2, pain_when="after", done=[])
    visit = AppointmentFactory(email="ann@example.com", start=dt.datetime(2026, 12, 10, 14, tzinfo=dt.UTC))
    with time_machine.travel(TODAY, tick=False):
        day = admin_client.get(DIARY, {"day": "2026-12-10"}).content.decode()
    ids = re.findall(r'<p id="(pain-trend-[^"]+)"', day)
    assert sorted(ids) == sorted([f"pain-trend-{visit.pk}-{logged.pk}", f"pain-trend-{visit.pk}-{second.pk}"])
    assert sorted(re.findall(r'aria-labelledby="(pain-trend-[^"]+)"', day)) == sorted(ids)
