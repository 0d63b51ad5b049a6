"""The outcomes report's maths (response rate, median change per patient, the clinically important thresholds),
its groups, the admin page behind its permission, and the pseudonymous, formula-safe CSV."""

import csv
import datetime as dt
import io
from fractions import Fraction
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from bookings.models import Service
from outcomes import report
from outcomes.models import FollowUp

pytestmark = pytest.mark.django_db
SENT = dt.datetime(2026, 11, 12, 9, tzinfo=dt.UTC)


def answered(scores, change=1, before=(3, 5), email="ann@example.com", number=1, days=0, **visit_fields):
    """A sent follow-up answered with `scores` against `before` (the questionnaire's scores)."""
    from outcomes.tests.conftest import visit

    appointment = visit(email=email, questionnaire=False, **visit_fields)
    activities = [{"activity": f"Activity {n}", "baseline": b} for n, b in enumerate(before)]
    return FollowUp.objects.create(
        appointment=appointment,
        baseline_appointment=appointment,
        number=number,
        due_on=SENT.date(),
        activities=activities,
        sent_at=SENT,
        answered_at=None if scores is None else SENT + dt.timedelta(days=days),
        scores=scores or [],
        change=None if scores is None else change,
    )


@pytest.mark.parametrize(
    ("before", "now", "change", "important"),
    [
        ((3, 5), (5, 7), 2, True),  # exactly 2 on average
        ((3, 5, 4), (5, 7, 5), Fraction(5, 3), False),  # 1.67 on average, at most 2 on one
        ((3, 5, 4), (6, 5, 4), 1, True),  # exactly 3 on one activity
        ((3, 5, 4), (5, 6, 4), 1, False),  # 2 on one: not enough
        ((2, 2, 2), (4, 4, 4), 2, True),  # thirds that sum exactly: no float rounding below 2
        ((7,), (4,), -3, False),  # worse
    ],
)
def test_a_change_is_clinically_important_at_an_average_of_2_or_3_on_one_activity(before, now, change, important):
    outcome = report.Outcome.of(answered(list(now), before=before))
    assert (outcome.change, outcome.important) == (change, important)


def test_activities_not_scored_before_are_left_out_of_the_change():
    outcome = report.Outcome.of(answered([9, 6], before=(None, 4)))
    assert (outcome.before, outcome.now, outcome.change) == (4, 6, 2)
    none_before = report.Outcome.of(answered([9], before=(None,), email="b@example.com"))
    assert (none_before.change, none_before.important) == (None, None)


def test_response_rate_and_the_median_of_each_patients_latest_change():
    answered([5, 7], before=(3, 5), email="a@example.com")  # +2, but superseded by a's later answer
    answered([6, 8], before=(3, 5), email="A@example.com", number=2, days=40)  # +3
    answered([4, 5], before=(3, 5), email="b@example.com")  # +0.5
    answered([3, 5], before=(3, 5), email="c@example.com")  # 0
    answered([9, 9], before=(3, 5), email="d@example.com")  # +5
    answered(None, email="e@example.com")  # sent, not answered
    (overall,) = report.build()["overall"]
    assert (overall.sent, overall.answered, overall.response_rate) == (6, 5, 83)
    assert overall.patients == 4
    assert overall.median_change == Fraction(7, 4)  # the middle of 0, 0.5, 3 and 5
    assert (overall.important, overall.important_share) == (2, 50)


def test_no_answers_and_nothing_sent():
    assert report.build() == {"overall": [report.group("All patients", [])], "by_service": [], "by_concern": []}
    (empty,) = report.build()["overall"]
    assert (empty.response_rate, empty.median_change, empty.important_share) == (None, None, None)
    answered(None)
    (unanswered,) = report.build()["overall"]
    assert (unanswered.sent, unanswered.response_rate, unanswered.median_change, unanswered.patients) == (1, 0, None, 0)


def test_groups_by_service_and_area_of_concern():
    gait = Service.objects.get(slug="running-gait-analysis")
    answered([5, 7], email="a@example.com", concern="knee")
    answered([3, 5], email="b@example.com", concern="knee", service=gait)
    answered(None, email="c@example.com", concern="back", service=gait)
    built = report.build()
    by_service = {g.name: (g.sent, g.answered, g.patients, g.median_change) for g in built["by_service"]}
    assert by_service == {"Initial assessment": (1, 1, 1, 2), gait.name: (2, 1, 1, 0)}
    by_concern = {g.name: (g.sent, g.answered, g.important) for g in built["by_concern"]}
    assert by_concern == {"Knee": (2, 2, 1), "Back": (1, 0, 0)}
    assert [g.name for g in built["by_service"]] == [gait.name, "Initial assessment"]  # most sent first


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def clinician(client, django_user_model):
    user = django_user_model.objects.create_user("stephen", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_followup"))
    client.force_login(user)
    return client


def test_the_csv_is_pseudonymous_and_safe_to_open_in_a_spreadsheet(clinician):
    Service.objects.filter(slug="initial-assessment").update(name='=HYPERLINK("http://x")')
    followup = answered([2, 7], change=-1, before=(3, 5))
    answered(None, email="b@example.com")  # not answered: not a row
    response = clinician.get(reverse("admin:outcomes_followup_csv"))
    assert response.status_code == HTTPStatus.OK and response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="outcomes-' in response["Content-Disposition"]
    header, *rows = rows_of(response)
    assert header == report.CSV_HEADER
    (row,) = rows
    assert row[:5] == [followup.appointment.reference, '\'=HYPERLINK("http://x")', "Knee", "2026-10-01", "1"]
    assert row[7:] == ["2", "4.00", "4.50", "0.50", "2", "no", "A little worse"]
    text = response.content.decode()
    assert "Ann Runner" not in text and "ann@example.com" not in text and "07700" not in text


def test_the_report_page_needs_the_permission_and_shows_the_groups(clinician, client, django_user_model):
    answered([5, 7])
    page = clinician.get(reverse("admin:outcomes_followup_report"))
    assert page.status_code == HTTPStatus.OK
    text = page.content.decode()
    assert "By service" in text and "By area of concern" in text and "1 of 1 (100%)" in text
    assert reverse("admin:outcomes_followup_csv") in text
    listing = clinician.get(reverse("admin:outcomes_followup_changelist")).content.decode()
    assert reverse("admin:outcomes_followup_report") in listing

    other = django_user_model.objects.create_user("helper", password="x", is_staff=True)
    client.force_login(other)
    assert client.get(reverse("admin:outcomes_followup_report")).status_code == HTTPStatus.FORBIDDEN
    assert client.get(reverse("admin:outcomes_followup_csv")).status_code == HTTPStatus.FORBIDDEN


def test_a_follow_up_opens_read_only_in_admin(clinician):
    followup = answered([5, 7])
    page = clinician.get(reverse("admin:outcomes_followup_change", args=[followup.pk]))
    assert page.status_code == HTTPStatus.OK
    assert "Activity 0: 3 → 5" in page.content.decode() and 'name="_save"' not in page.content.decode()
    assert clinician.get(reverse("admin:outcomes_followup_add")).status_code == HTTPStatus.FORBIDDEN
