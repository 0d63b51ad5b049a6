"""The follow-up's own rules: in the database, and said in words by clean()."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from outcomes import scheduling
from outcomes.models import FollowUp
from outcomes.tests.conftest import SEEN, visit


@pytest.fixture
def followup(last_visit):
    return FollowUp.objects.get(appointment=last_visit, number=1)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"answered_at": SEEN, "change": 1, "scores": [1, 2]}, "only be answered once it has been sent"),
        ({"sent_at": SEEN, "scores": [1]}, "Give a score for each activity."),
        ({"sent_at": SEEN, "scores": [1, 11]}, "Each score is from 0 to 10."),
    ],
)
def test_clean_says_what_is_wrong(followup, fields, message):
    for name, value in fields.items():
        setattr(followup, name, value)
    with pytest.raises(ValidationError, match=message):
        followup.clean()


@pytest.mark.parametrize(
    "fields",
    [
        {"answered_at": SEEN, "change": 1},  # answered, never sent
        {"sent_at": SEEN, "answered_at": SEEN},  # answered without a rating of change
        {"change": 4},
        {"number": 3},
    ],
)
def test_the_database_refuses_what_clean_refuses(followup, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.filter(pk=followup.pk).update(**fields)


def test_one_of_each_number_per_visit(followup):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(
            appointment=followup.appointment,
            baseline_appointment=followup.appointment,
            number=1,
            due_on=dt.date(2026, 11, 13),
        )


def test_a_run_that_loses_the_race_to_schedule_creates_nothing_more(db, clock, monkeypatch):
    appointment = visit()
    original = scheduling.baseline_for

    def the_other_run_first(visited):
        baseline = original(visited)
        FollowUp.objects.create(
            appointment=visited, baseline_appointment=visited, number=1, due_on=dt.date(2026, 11, 12)
        )
        return baseline

    monkeypatch.setattr(scheduling, "baseline_for", the_other_run_first)
    assert scheduling.schedule(SEEN) == 0
    assert list(FollowUp.objects.filter(appointment=appointment).values_list("number", flat=True)) == [1]


def test_without_an_address_there_are_none(followup):
    assert FollowUp.objects.for_email("").count() == 0
    assert FollowUp.objects.for_email("ANN@example.com").count() == 2


def test_its_name_and_admin_address(followup):
    assert str(followup) == f"First follow-up of {followup.appointment.reference}"
    assert followup.get_absolute_url() == reverse("admin:outcomes_followup_change", args=[followup.pk])


def test_open_is_neither_answered_stopped_nor_cancelled_and_pending_is_open_and_unsent(last_visit):
    first, second = FollowUp.objects.filter(appointment=last_visit).order_by("number")
    assert set(FollowUp.objects.open()) == set(FollowUp.objects.pending()) == {first, second}
    FollowUp.objects.filter(pk=first.pk).update(sent_at=SEEN)
    assert set(FollowUp.objects.open()) == {first, second} and set(FollowUp.objects.pending()) == {second}
    for ended in [{"answered_at": SEEN, "change": 0}, {"stopped_at": SEEN}, {"cancelled_at": SEEN}]:
        FollowUp.objects.filter(pk=first.pk).update(**{"answered_at": None, "stopped_at": None, "cancelled_at": None,
                                                       "change": None, **ended})  # fmt: skip
        assert set(FollowUp.objects.open()) == {second}, ended
