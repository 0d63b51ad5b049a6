"""Tests written from mutation testing of outcomes/report.py (docs/mutation.md): the CSV's rows in the order
answered, with their dates and every "clinically important" value; the area "Not given"; one query for the report."""

import csv
import io

import pytest

from outcomes import report
from outcomes.tests.test_report import answered

pytestmark = pytest.mark.django_db


def csv_rows():
    stream = io.StringIO()
    report.write_csv(stream)
    return list(csv.reader(io.StringIO(stream.getvalue())))[1:]


def test_the_csv_rows_go_in_the_order_answered_with_the_dates_sent_and_answered():
    late = answered([9, 9], before=(3, 5), email="a@example.com", days=5)  # created first, answered last
    early = answered([3, 5], before=(3, 5), email="b@example.com", days=2)
    none_before = answered([6], before=(None,), email="c@example.com", days=3)
    rows = csv_rows()
    assert [row[0] for row in rows] == [f.appointment.reference for f in (early, none_before, late)]
    assert [(row[5], row[6]) for row in rows] == [("2026-11-12", "2026-11-14"), ("2026-11-12", "2026-11-15"),
                                                  ("2026-11-12", "2026-11-17")]  # fmt: skip
    assert rows[2][8:13] == ["4.00", "9.00", "5.00", "6", "yes"]  # clinically important
    assert rows[0][8:13] == ["4.00", "4.00", "0.00", "0", "no"]
    assert rows[1][8:13] == ["", "", "", "", ""]  # nothing scored before: no change to measure


def test_a_visit_with_no_area_of_concern_is_grouped_as_not_given():
    answered([5, 7], email="a@example.com", concern="")
    assert [g.name for g in report.build()["by_concern"]] == ["Not given"]


def test_an_outcome_with_nothing_to_compare_still_names_its_follow_up():
    followup = answered([6], before=(None,))
    assert report.Outcome.of(followup).followup == followup


def test_the_report_is_one_query_however_many_answers(django_assert_num_queries):
    for n in range(3):
        answered([5, 7], email=f"p{n}@example.com")
    with django_assert_num_queries(1):
        built = report.build()
        assert {g.name for g in built["by_service"]} == {"Initial assessment"}
