"""A patient's progress for the clinician: sessions done each week against the plan, the pain chart and its words, the
latest notes, and their queries (as many for one programme or appointment as for many); where admin shows them is
test_progress_pages.py."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from bookings.models import Appointment
from bookings.tests.factories import AppointmentFactory
from care import progress
from care.models import Programme, ProgrammeExercise, SessionLog
from care.templatetags.care_tags import patient_progress
from care.tests.conftest import give

THU_26_NOV = dt.date(2026, 11, 26)
MON_2_NOV = dt.date(2026, 11, 2)
DIARY = reverse("admin:bookings_appointment_diary")


def programme(start=MON_2_NOV, review=dt.date(2026, 12, 14)):
    return Programme(start_date=start, review_date=review)


def log(day, pain=3, done=("Split squat",), note="", when="after"):
    return SessionLog(day=day, pain=pain, done=list(done), note=note, pain_when=when)


def labels(weeks):
    return [(f"{w.monday:%-d %b}", w.done, w.planned, w.current) for w in weeks]


# --- Sessions done each week -----------------------------------------------------------------------------------


def test_a_session_is_a_day_with_an_exercise_ticked_counted_against_the_highest_days_a_week():
    logs = [
        log(dt.date(2026, 11, 16)),
        log(dt.date(2026, 11, 18)),
        log(dt.date(2026, 11, 20), done=()),  # pain alone: not a session
        log(dt.date(2026, 11, 23)),
    ]
    weeks = progress.adherence(programme(), progress.planned_per_week([2, 3, 1]), logs, THU_26_NOV)
    assert labels(weeks) == [
        ("2 Nov", 0, 3, False),
        ("9 Nov", 0, 3, False),
        ("16 Nov", 2, 3, False),
        ("23 Nov", 1, 3, True),
    ]


def test_an_empty_programme_plans_nothing_and_no_logs_do_nothing():
    assert progress.planned_per_week([]) == 0
    weeks = progress.adherence(programme(), progress.planned_per_week([]), [], THU_26_NOV)
    assert [(w.done, w.planned) for w in weeks] == [(0, 0)] * 4
    assert [(w.done, w.planned) for w in progress.adherence(programme(), 3, [], THU_26_NOV)] == [(0, 3)] * 4


def test_the_last_six_weeks_are_shown_and_none_before_the_start():
    long_ago = programme(start=dt.date(2026, 9, 1), review=dt.date(2026, 12, 31))
    weeks = progress.adherence(long_ago, 3, [log(dt.date(2026, 10, 16))], THU_26_NOV)
    assert [w.monday for w in weeks] == [dt.date(2026, 10, 19) + dt.timedelta(weeks=n) for n in range(6)]
    assert sum(w.done for w in weeks) == 0  # the log before the weeks shown is not in them
    assert progress.adherence(programme(start=dt.date(2026, 11, 27)), 3, [], THU_26_NOV) == []


def test_a_week_the_programme_covers_in_part_plans_no_more_sessions_than_its_days():
    saturday_start = programme(start=dt.date(2026, 11, 21))
    assert labels(progress.adherence(saturday_start, 5, [], THU_26_NOV)) == [
        ("16 Nov", 0, 2, False),
        ("23 Nov", 0, 5, True),
    ]
    lapsed = programme(start=dt.date(2026, 9, 28), review=dt.date(2026, 9, 30))  # link until Friday 30 October
    weeks = progress.adherence(lapsed, 7, [log(dt.date(2026, 10, 30))], THU_26_NOV)
    assert labels(weeks)[-1] == ("26 Oct", 1, 5, False)  # the weeks stop where the link lapsed: none current
    assert len(weeks) == 5


@pytest.mark.parametrize(
    "sunday, now",
    [
        (dt.date(2026, 3, 29), dt.datetime(2026, 3, 29, 23, 30, tzinfo=dt.UTC)),  # 00:30 BST on Monday 30 March
        (dt.date(2026, 10, 25), dt.datetime(2026, 10, 26, 0, 30, tzinfo=dt.UTC)),  # 00:30 GMT on Monday 26 October
    ],
    ids=["clocks-forward", "clocks-back"],
)
def test_weeks_across_the_clocks_change_run_monday_to_sunday_in_uk_days(db, sunday, now):
    """The Sunday the clocks change ends its week (seven days, not 167 or 169 hours); just after midnight UK time
    on the Monday, while it is still Sunday in UTC in spring, the week in progress is the new one."""
    appointment = AppointmentFactory(status=Appointment.Status.CONFIRMED)
    given = Programme.objects.create(
        appointment=appointment, start_date=sunday - dt.timedelta(days=13), review_date=sunday + dt.timedelta(weeks=4)
    )
    ProgrammeExercise.objects.create(programme=given, exercise_id=1, days_per_week=3)
    for day in (sunday - dt.timedelta(days=1), sunday, sunday + dt.timedelta(days=1)):
        SessionLog.objects.create(programme=given, day=day, done=["Split squat"], pain=2, pain_when="after")
    with time_machine.travel(now, tick=False):
        (found,) = patient_progress(appointment)
    monday = sunday + dt.timedelta(days=1)
    assert labels(found.weeks)[-2:] == [
        (f"{monday - dt.timedelta(weeks=1):%-d %b}", 2, 3, False),
        (f"{monday:%-d %b}", 1, 3, True),
    ]


# --- Pain: the words and the chart -----------------------------------------------------------------------------


def scores(*pains, first=dt.date(2026, 11, 2)):
    return [
        progress.Score(first + dt.timedelta(days=2 * n), pain, "After the exercises") for n, pain in enumerate(pains)
    ]


@pytest.mark.parametrize(
    "pains, words",
    [
        ((), "No pain scores logged in these weeks."),
        ((4,), "One pain score so far: 4 out of 10 on 2 Nov."),
        (
            (6, 5, 3, 2),
            "Pain falling over 4 scores from 2 Nov to 8 Nov: 5.5 then 2.5 out of 10 (first 2 and last 2 "
            "scores on average); latest 2, highest 6.",
        ),
        (
            (1, 2, 4, 5),
            "Pain rising over 4 scores from 2 Nov to 8 Nov: 1.5 then 4.5 out of 10 (first 2 and last 2 "
            "scores on average); latest 5, highest 5.",
        ),
        (
            (3, 7, 6, 4),
            "Pain about the same over 4 scores from 2 Nov to 8 Nov: 5 then 5 out of 10 (first 2 and last 2 "
            "scores on average); latest 4, highest 7.",
        ),
        (
            (3, 9, 3),
            "Pain about the same over 3 scores from 2 Nov to 6 Nov: 3 then 3 out of 10 (first and last score); "
            "latest 3, highest 9.",
        ),
        (
            (4, 9, 3),
            "Pain falling over 3 scores from 2 Nov to 6 Nov: 4 then 3 out of 10 (first and last score); "
            "latest 3, highest 9.",
        ),
        (
            (3, 3, 3, 4, 4, 3),
            "Pain about the same over 6 scores from 2 Nov to 12 Nov: 3 then 3.67 out of 10 (first 3 "
            "and last 3 scores on average); latest 3, highest 4.",
        ),
        (
            (0, 10),
            "Pain rising over 2 scores from 2 Nov to 4 Nov: 0 then 10 out of 10 (first and last score); latest "
            "10, highest 10.",
        ),
    ],
)
def test_the_trend_in_words(pains, words):
    assert progress.trend(scores(*pains)) == words


def test_no_score_draws_no_chart():
    assert progress.pain_chart([], MON_2_NOV, THU_26_NOV) is None


def test_one_score_is_one_dot_on_its_day():
    chart = progress.pain_chart(scores(5, first=dt.date(2026, 11, 14)), MON_2_NOV, THU_26_NOV)
    (dot,) = chart.dots
    assert dot.x == progress.LEFT + 12 / 24 * (progress.WIDTH - progress.LEFT - progress.RIGHT)
    assert dot.y == (progress._y(0) + progress._y(10)) / 2
    alone = progress.pain_chart(scores(5, first=THU_26_NOV), THU_26_NOV, THU_26_NOV)  # a first day: the middle
    assert alone.dots[0].x == progress.LEFT + (progress.WIDTH - progress.LEFT - progress.RIGHT) / 2


def test_many_scores_run_left_to_right_with_0_at_the_foot_and_10_at_the_top():
    chart = progress.pain_chart(scores(0, 10, 5, 10, 0), MON_2_NOV, dt.date(2026, 11, 10), threshold=7)
    xs, ys = [d.x for d in chart.dots], [d.y for d in chart.dots]
    assert xs == sorted(xs) and xs[0] == progress.LEFT and xs[-1] == progress.WIDTH - progress.RIGHT
    assert ys[0] == ys[-1] == progress.HEIGHT - progress.BOTTOM  # 0: the foot of the plot
    assert ys[1] == ys[3] == progress.TOP  # 10: its top
    assert progress.TOP < ys[2] < progress.HEIGHT - progress.BOTTOM
    assert chart.line == " ".join(f"{x},{y}" for x, y in zip(xs, ys, strict=True))
    assert chart.threshold_y == progress._y(7)
    assert [score for _, score in chart.gridlines] == [0, 5, 10]


def test_notes_are_the_latest_first_a_handful(db, programme):
    for n in range(7):
        SessionLog.objects.create(programme=programme, day=programme.start_date + dt.timedelta(days=n), pain=n,
                                  pain_when="after", done=[], note=f"Note {n}" if n != 3 else " ")  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC), tick=False):
        found = progress.for_programme(programme, dt.date(2026, 12, 7))
    assert [log.note for log in found.notes] == ["Note 6", "Note 5", "Note 4", "Note 2", "Note 1"]


# --- One query per kind ----------------------------------------------------------------------------------------


def patient_with(programmes, email="ann@example.com", logs=3, **fields):
    """An appointment whose patient (by email) has `programmes` programmes, each with `logs` logs."""
    appointment = AppointmentFactory(email=email, status=Appointment.Status.CONFIRMED, **fields)
    for _ in range(programmes):
        given = give(appointment)
        for n in range(logs):
            SessionLog.objects.create(programme=given, day=dt.date(2026, 11, 30) + dt.timedelta(days=n),
                                      done=["x"], pain=n, pain_when="after", note="Fine")  # fmt: skip
    return appointment


@pytest.mark.parametrize("programmes", [0, 1, 4])
def test_a_patient_s_progress_takes_three_queries_however_many_programmes(db, django_assert_num_queries, programmes):
    appointment = patient_with(programmes)
    with django_assert_num_queries(3 if programmes else 1):
        found = progress.for_patient(appointment, dt.date(2026, 12, 3))
        assert len(found) == programmes
        assert all(p.latest.pain == 2 for p in found)


@pytest.mark.parametrize("appointments", [1, 8])
def test_a_day_s_visits_take_three_queries_however_many(db, django_assert_num_queries, appointments):
    nine = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)
    day = [
        patient_with(1, email=f"Patient{n}@Example.com", start=nine + dt.timedelta(hours=n))
        for n in range(appointments)
    ]
    day.append(AppointmentFactory(email="", phone="07700 900999", start=nine - dt.timedelta(hours=1)))  # no email
    with django_assert_num_queries(3):
        visits = progress.before_visits(day, dt.date(2026, 12, 3), dt.date(2026, 12, 3))
        assert [v.appointment for v in visits] == day[:-1]
        assert all(v.progress.last_week.done == 3 for v in visits)
    with django_assert_num_queries(0):
        assert progress.before_visits(day[-1:], dt.date(2026, 12, 3), dt.date(2026, 12, 3)) == []


def test_before_a_visit_the_programmes_of_the_patient_s_latest_visit_that_gave_any_count(db, clock):
    appointment = patient_with(1)
    old = Programme.objects.get()
    later = AppointmentFactory(email="ANN@example.com", start=dt.datetime(2026, 12, 14, 9, tzinfo=dt.UTC))
    newer = give(AppointmentFactory(email="ann@example.com", status=Appointment.Status.CONFIRMED,
                                    start=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)))  # fmt: skip
    (visit,) = progress.before_visits([later], dt.date(2026, 12, 14), dt.date(2026, 12, 3))
    assert visit.progress.programme == newer != old
    # Two given at that later visit (the clinician meant it): both followed, newest first; the first visit's not.
    second = give(newer.appointment, exercises=1)
    visits = progress.before_visits([later], dt.date(2026, 12, 14), dt.date(2026, 12, 3))
    assert [v.progress.programme for v in visits] == [second, newer] and all(v.appointment == later for v in visits)
    Programme.objects.filter(pk=second.pk).delete()
    lapsed_day = old.review_date + dt.timedelta(days=31 + 7 * progress.WEEKS)
    Programme.objects.filter(pk=newer.pk).delete()
    assert progress.before_visits([later], lapsed_day, lapsed_day) == []  # its link lapsed before the weeks shown
    assert progress.for_patient(appointment, lapsed_day) == []


@pytest.mark.parametrize("pains", [(), (7,), (0, 10, 4, 10, 0)], ids=["none", "one", "many"])
def test_the_svg_draws_a_dot_a_score_joined_by_a_line_and_names_itself_by_the_words(db, pains):
    from django.template.loader import render_to_string

    given = Programme(pk=7, title="Knee", start_date=MON_2_NOV, review_date=dt.date(2026, 12, 14))
    logs = [log(MON_2_NOV + dt.timedelta(days=3 * n), pain=pain) for n, pain in enumerate(pains)]
    found = progress.summarise(given, 3, logs, THU_26_NOV, threshold=7)
    html = render_to_string("care/includes/progress.html", {"p": found})
    assert f'<p id="pain-trend-7">{found.trend}</p>' in html
    if not pains:
        assert "<svg" not in html and "No pain scores logged in these weeks." in html
        return
    (svg,) = re.findall(r"<svg.*?</svg>", html, re.S)
    assert 'role="img" aria-labelledby="pain-trend-7"' in svg
    circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    assert [float(cy) for _, cy in circles] == [progress._y(pain) for pain in pains]
    assert ("<polyline" in svg) == (len(pains) > 1)
    assert 'paint-order="stroke">alerts you at 7</text>' in svg
    assert html.count("<tr><td>") == len(pains)  # every score in the table too


def test_a_programme_with_no_log_yet_says_since_it_started_not_two_weeks(db):
    """Started on Monday 30 November and seen on Thursday 3 December with nothing logged: "no log in two weeks"
    was untrue of a programme three days old."""
    appointment = patient_with(1, logs=0)
    (visit,) = progress.before_visits([appointment], dt.date(2026, 12, 3), dt.date(2026, 12, 3))
    assert visit.progress.first == dt.date(2026, 11, 30) == visit.progress.programme.start_date
    (later,) = progress.before_visits([appointment], dt.date(2026, 12, 21), dt.date(2026, 12, 21))
    assert later.progress.first == dt.date(2026, 12, 14)  # the first day the line looks at
