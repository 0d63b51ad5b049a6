"""Red-flag triage: each timeframe's advice in the booking flow, what is stored, and where the answers never go."""

import html
import logging
import re
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bookings import triage
from bookings.models import Appointment, Concern, OutboundEmail, SafetyAdvice, SafetyQuestion
from bookings.tests.helpers import DETAILS, NOW, begin

SADDLE = "Do you have numbness or tingling around your bottom"  # right now: emergency
FEVER = "Have you had a high temperature, or felt hot and shivery?"  # in the last 48 hours: urgent
NIGHT_PAIN = "Has the pain been there all the time, and worse at night, even when you lie still?"  # since: a note
CANCER = "Have you ever had cancer?"  # health in general: a note
WEIGHT_BEARING = "Can you put weight on the leg, and does the knee look its usual shape?"  # right now; "no" worries
HEART_HISTORY = "Have you ever been told you have a heart condition"  # health in general: a note
SLOT = "2026-11-30T09:00:00Z"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def question(start):
    return SafetyQuestion.objects.get(question__startswith=start).question


def book(client, concern="back", worrying=()):
    """Walk the whole flow, giving the worrying answer to `worrying`, and send the request; the appointment made."""
    response = begin(client, "initial-assessment", concern, worrying=worrying)
    if response["Location"] == reverse("bookings:safety_advice"):
        client.get(reverse("bookings:safety_advice"))
    client.post(reverse("bookings:time"), {"date": "2026-11-30", "slot": SLOT})
    client.post(reverse("bookings:details"), DETAILS)
    assert client.post(reverse("bookings:check"))["Location"] == reverse("bookings:done")
    return Appointment.objects.get()


@pytest.mark.django_db
class TestSeededQuestions:
    @pytest.mark.parametrize("concern", Concern.values)
    def test_every_area_asks_an_emergency_question_and_every_advice_question_says_why(self, concern):
        questions = triage.questions_for(concern)
        assert any(q.level == SafetyQuestion.Level.EMERGENCY for q in questions)
        assert all(q.reason for q in questions if q.level != SafetyQuestion.Level.NOTE)
        assert questions[0].concern == ""  # the question for every area comes first

    def test_the_database_refuses_an_advice_question_without_a_reason(self):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            SafetyQuestion.objects.create(concern="knee", question="Is it bad?", timeframe="recent", reason="")

    def test_the_database_refuses_a_question_without_a_timeframe(self):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            SafetyQuestion.objects.create(concern="knee", question="Is it bad?", timeframe="", reason="Why.")

    @pytest.mark.parametrize("timeframe", SafetyQuestion.Timeframe.values)
    def test_the_level_is_the_database_s_own_reading_of_the_timeframe(self, timeframe):
        made = SafetyQuestion.objects.create(concern="knee", question="Is it bad?", timeframe=timeframe, reason="Why.")
        expected = {"now": "emergency", "recent": "urgent", "since": "note", "background": "note"}[timeframe]
        assert SafetyQuestion.objects.get(pk=made.pk).level == made.advice_level == expected
        assert SafetyQuestion.objects.filter(level=expected, pk=made.pk).exists()

    def test_an_inactive_question_is_not_asked(self):
        SafetyQuestion.objects.filter(question__startswith=SADDLE[:30]).update(is_active=False)
        assert SADDLE not in [q.question[: len(SADDLE)] for q in triage.questions_for("back")]


ANSWER = st.fixed_dictionaries(
    {"level": st.sampled_from(["emergency", "urgent", "note"]), "yes": st.booleans()},
    optional={"worrying_answer": st.booleans()},  # missing: stored before questions had one (yes worried)
)


@given(st.lists(ANSWER, max_size=6))
def test_the_advice_is_the_most_serious_level_given_its_worrying_answer(answers):
    worried = [a for a in answers if a["yes"] == a.get("worrying_answer", True)]
    levels = {a["level"] for a in worried}
    expected = "emergency" if "emergency" in levels else "urgent" if "urgent" in levels else ""
    assert triage.advice(answers) == expected
    order = ["emergency", "urgent", "note"]
    assert triage.flags(answers) == sorted(worried, key=lambda a: order.index(a["level"]))


@pytest.mark.django_db
class TestRouting:
    def test_the_reassuring_answers_go_straight_to_the_times_and_are_stored(self, client):
        assert begin(client, "initial-assessment", "back")["Location"] == reverse("bookings:time")
        client.post(reverse("bookings:time"), {"date": "2026-11-30", "slot": SLOT})
        client.post(reverse("bookings:details"), DETAILS)
        client.post(reverse("bookings:check"))
        appointment = Appointment.objects.get()
        assert appointment.safety_advice == ""
        questions = triage.questions_for("back")
        assert appointment.safety_answers == [
            {
                "id": q.pk,
                "question": q.question,
                "timeframe": q.get_timeframe_display(),
                "level": q.level,
                "worrying_answer": q.worrying_answer,
                "yes": not q.worrying_answer,
            }
            for q in questions
        ]
        assert triage.flags(appointment.safety_answers) == []

    def test_a_yes_about_right_now_shows_999_advice_with_the_reason_before_anything_else(self, client):
        response = begin(client, "initial-assessment", "back", worrying=[question(SADDLE)])
        assert response["Location"] == reverse("bookings:safety_advice")
        page = client.get(reverse("bookings:safety_advice")).content.decode()
        assert "Please call 999 or go to A&amp;E now" in page
        assert f"You answered yes to “{question(SADDLE)}” (right now)" in page
        assert SafetyQuestion.objects.get(question__startswith=SADDLE).reason in page
        assert "This is not a diagnosis" in page and 'href="tel:999"' in page
        assert f'href="{reverse("bookings:time")}"' in page  # the patient may still go on

    def test_a_no_to_a_question_worded_positively_shows_its_advice(self, client):
        response = begin(client, "initial-assessment", "knee", worrying=[WEIGHT_BEARING])
        assert response["Location"] == reverse("bookings:safety_advice")
        page = client.get(reverse("bookings:safety_advice")).content.decode()
        assert "Please call 999 or go to A&amp;E now" in page
        assert f"You answered no to “{WEIGHT_BEARING}” (right now)" in page
        assert SafetyQuestion.objects.get(question=WEIGHT_BEARING).reason in page

    def test_a_yes_about_the_last_48_hours_shows_111_or_gp_advice(self, client):
        begin(client, "initial-assessment", "back", worrying=[FEVER])
        page = client.get(reverse("bookings:safety_advice")).content.decode()
        assert "Please contact NHS 111 or your GP today" in page and "999 or go to A&amp;E now" not in page
        assert f"You answered yes to “{FEVER}” (in the last 48 hours)" in page
        assert SafetyQuestion.objects.get(question=FEVER).reason in page

    def test_emergency_outranks_urgent_and_only_its_reasons_are_shown(self, client):
        begin(client, "initial-assessment", "back", worrying=[question(SADDLE), FEVER])
        page = client.get(reverse("bookings:safety_advice")).content.decode()
        assert "call 999" in page and SafetyQuestion.objects.get(question=FEVER).reason not in page

    @pytest.mark.parametrize("asked", [NIGHT_PAIN, CANCER], ids=["since-it-started", "health-in-general"])
    def test_a_yes_about_the_past_or_background_shows_no_advice_but_is_recorded_for_the_clinician(self, client, asked):
        assert begin(client, "initial-assessment", "back", worrying=[asked])["Location"] == reverse("bookings:time")
        appointment = book(client, worrying=[asked])
        assert appointment.safety_advice == ""
        assert [a["question"] for a in triage.flags(appointment.safety_answers)] == [asked]

    def test_a_racing_heartbeat_years_ago_is_a_note_for_the_clinician_not_a_call_to_999(self, client):
        heart = question(HEART_HISTORY)
        assert begin(client, "initial-assessment", "knee", worrying=[heart])["Location"] == reverse("bookings:time")

    def test_booking_after_the_advice_records_that_it_was_shown(self, client):
        appointment = book(client, worrying=[question(SADDLE)])
        assert appointment.safety_advice == SafetyAdvice.EMERGENCY
        flagged = triage.flags(appointment.safety_answers)
        assert [(a["question"], a["level"]) for a in flagged] == [(question(SADDLE), "emergency")]

    def test_the_times_are_not_shown_until_the_areas_questions_are_answered(self, client):
        client.get(reverse("bookings:safety"), {"service": "initial-assessment", "concern": "back"})
        assert client.get(reverse("bookings:time"))["Location"] == reverse("bookings:safety")
        begin(client, "initial-assessment", "back")
        assert client.get(reverse("bookings:time")).status_code == HTTPStatus.OK
        # Choosing another area asks that area's questions before the times again.
        client.get(reverse("bookings:safety"), {"service": "initial-assessment", "concern": "knee"})
        assert client.get(reverse("bookings:time"))["Location"] == reverse("bookings:safety")

    def test_an_area_without_questions_goes_straight_to_the_times(self, client):
        SafetyQuestion.objects.filter(concern__in=["", "shoulder"]).update(is_active=False)
        response = client.get(reverse("bookings:safety"), {"service": "initial-assessment", "concern": "shoulder"})
        assert response["Location"] == reverse("bookings:time")
        assert client.get(reverse("bookings:time")).status_code == HTTPStatus.OK

    def test_unanswered_or_forged_answers_get_a_message_and_store_nothing(self, client):
        client.get(reverse("bookings:safety"), {"service": "initial-assessment", "concern": "knee"})
        questions = triage.questions_for("knee")
        answers = {f"q{q.pk}": "no" for q in questions[1:]}
        for bad in [answers, {**answers, f"q{questions[0].pk}": "maybe"}]:
            response = client.post(reverse("bookings:safety"), bad)
            assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
            assert html.escape(f"Answer yes or no to “{questions[0].question}”") in response.content.decode()
            assert 'class="error-summary"' in response.content.decode()
        assert client.get(reverse("bookings:time"))["Location"] == reverse("bookings:safety")

    def test_the_answers_are_kept_when_the_patient_comes_back_to_them(self, client):
        begin(client, "initial-assessment", "back", worrying=[CANCER])
        page = client.get(reverse("bookings:safety")).content.decode()
        cancer = SafetyQuestion.objects.get(question=CANCER)
        assert re.search(rf'name="q{cancer.pk}" value="yes"[^>]* checked', page)
        assert not re.search(rf'name="q{cancer.pk}" value="no"[^>]* checked', page)

    def test_the_advice_page_without_answers_sends_the_patient_back(self, client):
        assert client.get(reverse("bookings:safety_advice"))["Location"] == reverse("bookings:start")


@pytest.mark.django_db
def test_safety_answers_never_reach_an_email_or_a_log_line(client, caplog, django_capture_on_commit_callbacks):
    from bookings import workflow

    yes = [question(SADDLE), FEVER, CANCER]
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        appointment = book(client, worrying=yes)
        workflow.apply("confirm", appointment.pk, seen_status=appointment.status)
    texts = [*yes, *(SafetyQuestion.objects.get(question=q).reason for q in yes[:2]), "Call 999", "NHS 111", "A&E"]
    emails = list(OutboundEmail.objects.all())
    assert {e.kind for e in emails} >= {"request_received", "new_request", "confirmed"}
    for email in emails:
        for text in texts:
            assert text not in email.body_text and text not in email.body_html and text not in email.subject
    assert len(mail.outbox) == len(emails)
    for text in texts:
        assert text not in caplog.text
