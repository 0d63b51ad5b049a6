"""Red-flag triage: behaviour that mutation testing found unguarded (docs/mutation.md), and the exact shape of what
the advice page and the appointment are given."""

import pytest

from bookings import triage
from bookings.models import SafetyQuestion

pytestmark = pytest.mark.django_db
Timeframe = SafetyQuestion.Timeframe


def test_questions_for_every_area_come_before_the_areas_own_whatever_their_order():
    SafetyQuestion.objects.all().delete()
    knee = SafetyQuestion.objects.create(concern="knee", question="Did the knee give way?", timeframe=Timeframe.SINCE)
    everyone = SafetyQuestion.objects.create(
        concern="",
        question="Do you feel unwell?",
        timeframe=Timeframe.BACKGROUND,
        display_order=knee.display_order + 10,
    )
    assert triage.questions_for("knee") == [everyone, knee]


@pytest.fixture
def asked():
    """Three knee questions, as the flow reads them: one about now worded positively, one about the last 48 hours,
    one about the patient's health in general."""
    SafetyQuestion.objects.all().delete()
    for question, timeframe, worrying_answer, reason in [
        ("Can you stand on it?", Timeframe.NOW, False, "It may be broken."),
        ("Has it swollen up?", Timeframe.RECENT, True, "It may be bleeding."),
        ("Have you had an operation on it?", Timeframe.BACKGROUND, True, ""),
    ]:
        SafetyQuestion.objects.create(
            concern="knee", question=question, timeframe=timeframe, worrying_answer=worrying_answer, reason=reason
        )
    return triage.questions_for("knee")


def test_the_answers_are_stored_with_the_words_timeframe_level_and_worrying_answer_as_asked(asked):
    stand, swollen, operation = asked
    assert triage.record(asked, {swollen.pk}) == [
        {"id": stand.pk, "question": "Can you stand on it?", "timeframe": "Right now", "level": "emergency",
         "worrying_answer": False, "yes": False},
        {"id": swollen.pk, "question": "Has it swollen up?", "timeframe": "In the last 48 hours", "level": "urgent",
         "worrying_answer": True, "yes": True},
        {"id": operation.pk, "question": "Have you had an operation on it?", "timeframe": "Your health in general",
         "level": "note", "worrying_answer": True, "yes": False},
    ]  # fmt: skip


def test_the_advice_page_is_given_each_worrying_answer_at_its_level_with_its_own_reason(asked):
    stand, swollen, operation = asked
    found = triage.screen(asked, {swollen.pk, operation.pk})  # "no" to standing: the worrying answer
    assert found["advice"] == "emergency"
    assert found["reasons"] == [
        {"question": "Can you stand on it?", "timeframe": "Right now", "yes": False, "reason": "It may be broken."}
    ]
    urgent = triage.screen(asked, {stand.pk, swollen.pk})
    assert urgent["advice"] == "urgent"
    assert urgent["reasons"] == [
        {
            "question": "Has it swollen up?",
            "timeframe": "In the last 48 hours",
            "yes": True,
            "reason": "It may be bleeding.",
        }
    ]


def test_reassuring_answers_and_a_background_worry_give_no_advice_and_no_reasons(asked):
    stand, swollen, operation = asked
    assert triage.screen(asked, {stand.pk})["advice"] == "" and triage.screen(asked, {stand.pk})["reasons"] == []
    found = triage.screen(asked, {stand.pk, operation.pk})
    assert (found["advice"], found["reasons"]) == ("", [])
    assert [a["question"] for a in triage.flags(found["answers"])] == ["Have you had an operation on it?"]


@pytest.mark.parametrize(
    ("answer", "worrying"),
    [({"yes": True}, True), ({"yes": False}, False), ({"yes": True, "worrying_answer": False}, False),
     ({"yes": False, "worrying_answer": False}, True), ({"yes": False, "worrying_answer": True}, False)],
    ids=["old-yes", "old-no", "positive-yes", "positive-no", "new-no"],
)  # fmt: skip
def test_an_answer_worries_when_it_is_the_questions_worrying_answer_and_yes_did_before_there_was_one(answer, worrying):
    assert triage.worrying(answer) is worrying
