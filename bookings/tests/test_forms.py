"""bookings/forms.py: what the patient's forms accept and refuse, field by field."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookings import triage
from bookings.forms import DetailsForm, SafetyForm, VisibleTextField, parse_day, without_invisible

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "day"),
    [("2026-11-30", dt.date(2026, 11, 30)), ("2100-12-31", dt.date(2100, 12, 31)), ("1999-12-31", None),
     ("2101-01-01", None), ("2026-02-30", None), ("30/11/2026", None), ("", None), (None, None)],
    ids=["a-day", "last-year-meant", "too-early", "too-late", "no-such-day", "british-order", "empty", "none"],
)  # fmt: skip
def test_a_day_is_a_real_iso_date_between_2000_and_2100(value, day):
    assert parse_day(value) == day


@given(st.text())
def test_text_as_a_person_sees_it_keeps_no_invisible_or_direction_characters(text):
    visible = without_invisible(text)
    assert not any(ch in visible for ch in "\u200b\u200e\u200f\u202a\u202e\u2066\u2069\ufeff")
    assert without_invisible(visible) == visible
    assert VisibleTextField(required=False).clean(text + "\u202e") == VisibleTextField(required=False).clean(text)


def test_every_safety_question_must_be_answered_and_the_yes_answers_are_returned():
    questions = triage.questions_for("knee")
    answers = {f"q{q.pk}": "no" for q in questions}
    assert not SafetyForm({}, questions=questions).is_valid()
    first = questions[0]
    form = SafetyForm({**answers, f"q{first.pk}": "yes"}, questions=questions)
    assert form.is_valid() and form.yes_ids() == {first.pk}
    assert not SafetyForm({**answers, f"q{first.pk}": "maybe"}, questions=questions).is_valid()


DETAILS = {"name": "Ann Runner", "email": "ann@example.com", "phone": "07700 900123", "notes": "", "consent": "on"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("email", "ann@"), ("phone", "call me"), ("consent", "")],
    ids=["no-name", "bad-email", "bad-phone", "no-consent"],
)
def test_the_details_refuse_each_missing_or_bad_answer_with_a_message(field, value):
    form = DetailsForm({**DETAILS, field: value})
    assert not form.is_valid() and form.errors[field][0]


def test_the_details_are_accepted_and_a_filled_honeypot_is_not():
    assert DetailsForm(DETAILS).is_valid()
    assert not DetailsForm({**DETAILS, "website": "http://spam.example"}).is_valid()
