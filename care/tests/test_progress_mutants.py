"""Tests written from mutation testing of care/progress.py (docs/mutation.md): each pins a boundary or an argument
that a mutant changed without any other test noticing."""

import datetime as dt

import pytest
import time_machine

from care import progress
from care.models import Programme, SessionLog
from care.tests.conftest import give
from care.tests.test_progress import MON_2_NOV, log, patient_with, programme, scores

SUN_8_NOV = dt.date(2026, 11, 8)


def test_on_its_first_day_a_programme_has_its_week_in_progress():
    (week,) = progress.adherence(programme(start=MON_2_NOV), 3, [], MON_2_NOV)
    assert (week.monday, week.done, week.planned, week.current) == (MON_2_NOV, 0, 3, True)


def test_a_sunday_is_still_in_its_week():
    weeks = progress.adherence(programme(start=MON_2_NOV), 3, [log(SUN_8_NOV)], SUN_8_NOV)
    assert [(w.done, w.current) for w in weeks] == [(1, True)]


def test_the_weeks_shown_are_the_number_asked_for():
    weeks = progress.adherence(programme(start=MON_2_NOV), 3, [], dt.date(2026, 12, 3), weeks=2)
    assert [w.monday for w in weeks] == [dt.date(2026, 11, 23), dt.date(2026, 11, 30)]
    summary = progress.summarise(programme(start=MON_2_NOV), 3, [], dt.date(2026, 12, 3), weeks=2)
    assert len(summary.weeks) == 2


def test_a_score_and_a_note_on_the_first_and_the_last_day_shown_count():
    logs = [log(MON_2_NOV, pain=2, note="First day"), log(dt.date(2026, 11, 26), pain=6, note="Today")]
    found = progress.summarise(programme(start=MON_2_NOV), 3, logs, dt.date(2026, 11, 26))
    assert [(s.day, s.pain, s.when) for s in found.scores] == [
        (MON_2_NOV, 2, "After the exercises"),
        (dt.date(2026, 11, 26), 6, "After the exercises"),
    ]
    assert [n.note for n in found.notes] == ["Today", "First day"]
    assert progress.summarise(programme(start=MON_2_NOV), 3, logs, dt.date(2026, 11, 26), chart=False).chart is None


def test_a_change_of_exactly_one_point_is_a_direction():
    assert progress.trend(scores(2, 3)).startswith("Pain rising over 2 scores")
    assert progress.trend(scores(3, 2)).startswith("Pain falling over 2 scores")


def test_the_heights_keep_one_decimal_place():
    assert progress._y(3) == 89.8  # 10 + 7/10 × 114: rounded to a whole number it is 90


def test_scores_a_day_apart_span_the_plot():
    tuesday = MON_2_NOV + dt.timedelta(days=1)
    two = [progress.Score(MON_2_NOV, 1, ""), progress.Score(tuesday, 2, "")]
    chart = progress.pain_chart(two, MON_2_NOV, tuesday)
    assert [d.x for d in chart.dots] == [progress.LEFT, progress.WIDTH - progress.RIGHT]
    assert (chart.first, chart.last) == (MON_2_NOV, MON_2_NOV + dt.timedelta(days=1))


def test_a_dot_between_days_keeps_one_decimal_place():
    third = [progress.Score(MON_2_NOV + dt.timedelta(days=1), 4, "")]
    (dot,) = progress.pain_chart(third, MON_2_NOV, MON_2_NOV + dt.timedelta(days=3)).dots
    assert dot.x == 123.3  # 30 + 1/3 × 280


@pytest.mark.parametrize(("threshold", "drawn"), [(0, False), (1, True), (10, True), (11, False), (None, False)])
def test_the_alert_line_is_drawn_for_a_level_from_1_to_10(threshold, drawn):
    chart = progress.pain_chart(scores(3), MON_2_NOV, SUN_8_NOV, threshold=threshold)
    assert (chart.threshold_y is not None) == drawn
    if drawn:
        assert chart.threshold_y == progress._y(threshold)


def test_a_programmes_own_page_draws_booking_rules_alert_line(db, clock):
    from bookings.tests.factories import AppointmentFactory

    given = give(AppointmentFactory(email="ann@example.com", status="confirmed"))
    SessionLog.objects.create(programme=given, day=given.start_date, pain=4, pain_when="after", done=[])
    assert progress.for_programme(given, given.start_date, threshold=7).chart.threshold == 7


def test_a_patients_programmes_are_newest_given_first_whatever_their_numbers(db, clock):
    appointment = patient_with(2)
    older, newer = Programme.objects.order_by("pk")
    Programme.objects.filter(pk=newer.pk).update(created_at=older.created_at - dt.timedelta(days=1))
    found = progress.for_patient(appointment, dt.date(2026, 12, 3))
    assert [p.programme.pk for p in found] == [older.pk, newer.pk]  # by when given, not by number


def test_a_patients_programmes_in_use_are_those_of_the_weeks_asked_for(db):
    appointment = patient_with(1)
    given = Programme.objects.get()
    ended = given.review_date + dt.timedelta(days=30)  # its link's last day
    with time_machine.travel(dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)):
        later = ended + dt.timedelta(weeks=3)
        assert progress.for_patient(appointment, later, weeks=6) != []
        assert progress.for_patient(appointment, later, weeks=2) == []
        (shown,) = progress.for_patient(appointment, ended, weeks=2)
        assert len(shown.weeks) == 2  # the weeks asked for, not the default six


def test_before_a_visit_a_patient_is_found_by_their_address_in_any_case(db):
    from bookings.tests.factories import AppointmentFactory

    patient_with(1, email="Ann@Example.com")
    visit = AppointmentFactory(email="ANN@example.COM", start=dt.datetime(2026, 12, 3, 14, tzinfo=dt.UTC))
    phoned = AppointmentFactory(email="", phone="07700 900999", start=dt.datetime(2026, 12, 3, 15, tzinfo=dt.UTC))
    visits = progress.before_visits([visit, phoned], dt.date(2026, 12, 3), dt.date(2026, 12, 3))
    assert [v.appointment for v in visits] == [visit]


def test_before_a_visit_the_line_looks_back_the_weeks_it_says(db):
    appointment = patient_with(1)
    given = Programme.objects.get()
    ended = given.review_date + dt.timedelta(days=30)
    three_weeks_on = ended + dt.timedelta(weeks=3)
    assert progress.before_visits([appointment], three_weeks_on, three_weeks_on) == []  # two weeks, not six


def test_before_a_visit_the_latest_visit_is_by_when_given_whatever_the_numbers(db, clock):
    from bookings.models import Appointment
    from bookings.tests.factories import AppointmentFactory

    first = patient_with(1)
    later_visit = AppointmentFactory(email="ann@example.com", status=Appointment.Status.CONFIRMED,
                                     start=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC))  # fmt: skip
    newer = give(later_visit)
    older = Programme.objects.get(appointment=first)
    Programme.objects.filter(pk=newer.pk).update(created_at=older.created_at - dt.timedelta(days=1))  # given first
    visit = AppointmentFactory(email="ann@example.com", start=dt.datetime(2026, 12, 3, 14, tzinfo=dt.UTC))
    (found,) = progress.before_visits([visit], dt.date(2026, 12, 3), dt.date(2026, 12, 3))
    assert found.progress.programme.pk == older.pk  # the one given last, though its number is lower
