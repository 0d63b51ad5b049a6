"""The safety questions themselves (issue #25): each shown with its timeframe, sensitive ones with why they are asked,
an error that names each unanswered question, the rewrite of the seeded questions (the clinician's own edits kept),
and the clinician's review of each question in admin."""

import datetime as dt
import html
import importlib
import re
from http import HTTPStatus

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from bookings import triage
from bookings.forms import SafetyForm
from bookings.models import SafetyQuestion
from bookings.tests.helpers import NOW

pytestmark = pytest.mark.django_db
Timeframe = SafetyQuestion.Timeframe
REWRITE = importlib.import_module("bookings.migrations.0019_rewrite_safety_questions")
CANCER = "Have you ever had cancer?"
WEIGHT_BEARING = "Can you put weight on the leg, and does the knee look its usual shape?"


def step_two(client, concern):
    return client.get(reverse("bookings:safety"), {"service": "initial-assessment", "concern": concern})


# --- What the patient sees -----------------------------------------------------------------------------------


@pytest.mark.parametrize("concern", ["back", "knee"])
def test_each_question_is_shown_with_its_timeframe_above_it(client, concern):
    page = step_two(client, concern).content.decode()
    for q in triage.questions_for(concern):
        timeframe = f'<span class="choice-hint">{q.get_timeframe_display()}</span>'
        legend = f'<legend class="label">{timeframe} {html.escape(q.question)}</legend>'
        assert legend in page, q.question


def test_a_sensitive_question_says_why_it_is_asked_beside_it_and_the_question_points_to_it(client):
    cancer = SafetyQuestion.objects.get(concern="back", question=CANCER)
    assert cancer.why_asked
    page = step_two(client, "back").content.decode()
    hint = f'<p id="id_q{cancer.pk}_helptext" class="hint">Why we ask: {html.escape(cancer.why_asked)}</p>'
    assert hint in page
    fieldset = re.search(rf'<fieldset class="choices" aria-describedby="([^"]*)">\s*<legend[^>]*>[^<]*<span[^>]*>'
                         rf"[^<]*</span> {re.escape(CANCER)}", page)  # fmt: skip
    assert fieldset and f"id_q{cancer.pk}_helptext" in fieldset.group(1).split()
    assert (
        page.count("Why we ask:")
        == SafetyQuestion.objects.filter(concern__in=["", "back"]).exclude(why_asked="").count()
    )


def test_every_seeded_question_about_the_past_or_background_is_a_note_and_every_other_says_why():
    for q in SafetyQuestion.objects.all():
        assert q.level == SafetyQuestion.LEVELS[q.timeframe]
        assert bool(q.reason) == (q.level != SafetyQuestion.Level.NOTE), q.question


def test_the_error_summary_names_each_unanswered_question_and_links_to_it(client):
    step_two(client, "knee")
    questions = triage.questions_for("knee")
    answered = questions[0]
    response = client.post(reverse("bookings:safety"), {f"q{answered.pk}": "no"})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    page = response.content.decode()
    summary = page[page.index('class="error-summary"') : page.index("</div>", page.index('class="error-summary"'))]
    links = re.findall(r'<li><a href="#(id_q\d+_0)">([^<]*)</a></li>', summary)
    assert links == [(f"id_q{q.pk}_0", html.escape(f"Answer yes or no to “{q.question}”")) for q in questions[1:]]
    for q in questions[1:]:  # each question's own error, beside it, names it too
        assert (
            f'id="id_q{q.pk}_error" class="field-error"><span>{html.escape(f"Answer yes or no to “{q.question}”")}'
            in page
        )
        assert f'id="id_q{q.pk}_0"' in page
    assert "Answer yes or no." not in page


def test_the_form_names_the_question_in_each_error_whether_missing_or_forged():
    questions = triage.questions_for("knee")
    form = SafetyForm({f"q{questions[0].pk}": "maybe"}, questions=questions)
    assert not form.is_valid()
    assert [form.errors[f"q{q.pk}"] for q in questions] == [[f"Answer yes or no to “{q.question}”"] for q in questions]


# --- The model ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("timeframe", "needs_reason"), [("now", True), ("recent", True), ("since", False),
                                                         ("background", False)])  # fmt: skip
def test_a_question_about_now_or_the_last_48_hours_needs_a_reason_and_one_about_the_past_does_not(
    timeframe, needs_reason
):
    question = SafetyQuestion(concern="knee", question="Is it bad?", timeframe=timeframe, reason="")
    if needs_reason:
        with pytest.raises(ValidationError, match="about right now or the last 48 hours"):
            question.full_clean()
    else:
        question.full_clean()


def test_the_unreviewed_questions_are_the_asked_ones_never_reviewed_or_rewritten_since():
    SafetyQuestion.objects.update(reviewed_at=NOW, revised_at=None)
    assert list(SafetyQuestion.objects.unreviewed()) == []
    never, rewritten, reviewed_again, not_asked = SafetyQuestion.objects.filter(concern="knee")[:4]
    SafetyQuestion.objects.filter(pk=never.pk).update(reviewed_at=None)
    SafetyQuestion.objects.filter(pk=rewritten.pk).update(revised_at=NOW + dt.timedelta(days=1))
    SafetyQuestion.objects.filter(pk=reviewed_again.pk).update(revised_at=NOW - dt.timedelta(days=1))
    SafetyQuestion.objects.filter(pk=not_asked.pk).update(reviewed_at=None, is_active=False)
    assert set(SafetyQuestion.objects.unreviewed()) == {never, rewritten}


def test_every_seeded_question_awaits_the_clinicians_review():
    assert SafetyQuestion.objects.unreviewed().count() == SafetyQuestion.objects.filter(is_active=True).count() > 0


# --- The rewrite of the seeded questions (migration 0019) --------------------------------------------------------


def snapshot():
    return sorted(
        SafetyQuestion.objects.values("concern", "question", "timeframe", "worrying_answer", "reason", "why_asked",
                                      "display_order", "is_active"),
        key=repr,
    )  # fmt: skip


def test_the_rewrite_undone_gives_back_the_seeded_questions_and_redone_gives_the_same_questions_again():
    rewritten = snapshot()
    REWRITE.restore(apps, None)
    restored = {(q.concern, q.display_order, q.level, q.question, q.reason) for q in SafetyQuestion.objects.all()}
    orders = {}
    for concern, level, question, reason in REWRITE.SEEDED:
        orders[concern] = orders.get(concern, 0) + 1
        restored.remove((concern, orders[concern], level, question, reason))
    assert restored == set()
    assert not SafetyQuestion.objects.exclude(why_asked="").exists()
    assert not SafetyQuestion.objects.filter(worrying_answer=False).exists()
    REWRITE.rewrite(apps, None)
    assert snapshot() == rewritten


def test_the_rewrite_leaves_a_question_the_clinician_edited_as_they_left_it():
    REWRITE.restore(apps, None)
    locking = SafetyQuestion.objects.get(question=REWRITE.KNEE_LOCKING)
    heart = SafetyQuestion.objects.get(question=REWRITE.HEART_IN_EXERCISE)
    heart.question = "Have you had chest pain or fainted when exercising?"  # the clinician's own words
    heart.save()
    locking.reason = "Locking can be a torn cartilage."
    locking.save()
    theirs = {q.pk: q for q in SafetyQuestion.objects.filter(pk__in=[heart.pk, locking.pk])}
    with time_machine.travel(NOW, tick=False):
        REWRITE.rewrite(apps, None)
    for pk, before in theirs.items():
        after = SafetyQuestion.objects.get(pk=pk)
        assert [getattr(after, f.attname) for f in SafetyQuestion._meta.concrete_fields] == [
            getattr(before, f.attname) for f in SafetyQuestion._meta.concrete_fields
        ]
    assert not SafetyQuestion.objects.filter(question__startswith="Have you ever been told you have a heart").exists()
    knee = SafetyQuestion.objects.get(question=WEIGHT_BEARING)
    assert (knee.timeframe, knee.worrying_answer, knee.revised_at) == (Timeframe.NOW, False, NOW)


# --- Admin: the clinician's review ------------------------------------------------------------------------------


@pytest.fixture
def clinician(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("stephen", "stephen@example.com", "x"))
    return client


CHANGELIST = reverse("admin:bookings_safetyquestion_changelist")


def test_the_list_shows_when_each_question_was_last_reviewed(clinician):
    never, reviewed, rewritten = SafetyQuestion.objects.filter(concern="hip")[:3]
    SafetyQuestion.objects.filter(pk=reviewed.pk).update(reviewed_at=NOW, revised_at=NOW - dt.timedelta(days=1))
    SafetyQuestion.objects.filter(pk=rewritten.pk).update(reviewed_at=NOW, revised_at=NOW + dt.timedelta(days=1))
    page = clinician.get(CHANGELIST, {"concern__exact": "hip"}).content.decode()
    cells = re.findall(r'<td class="field-last_reviewed">([^<]*)</td>', page)
    rows = list(SafetyQuestion.objects.filter(concern="hip"))
    expected = {never.pk: "Never", reviewed.pk: "20 Nov 2026", rewritten.pk: "20 Nov 2026, rewritten since"}
    assert cells == [expected.get(q.pk, "Never") for q in rows]
    assert '<td class="field-asks_about">Right now — emergency if no</td>' in page  # "Can you stand…?"
    assert '<td class="field-asks_about">Your health in general — note for the clinician if yes</td>' in page
    due = clinician.get(CHANGELIST, {"review": "due", "concern__exact": "hip"}).content.decode()
    assert f"/{never.pk}/change/" in due and f"/{rewritten.pk}/change/" in due and f"/{reviewed.pk}/change/" not in due


def test_mark_as_reviewed_sets_the_time_on_the_chosen_questions_only(clinician):
    chosen, other = SafetyQuestion.objects.filter(concern="knee")[:2]
    with time_machine.travel(NOW, tick=False):
        response = clinician.post(
            CHANGELIST, {"action": "mark_reviewed", "_selected_action": [chosen.pk], "index": 0}, follow=True
        )
    assert "1 question marked as reviewed." in response.content.decode()
    assert SafetyQuestion.objects.get(pk=chosen.pk).reviewed_at == NOW
    assert SafetyQuestion.objects.get(pk=other.pk).reviewed_at is None


def test_saving_a_question_from_its_page_marks_it_reviewed_but_reordering_the_list_does_not(clinician):
    other = SafetyQuestion.objects.get(concern="knee", question__startswith="Has the knee given way")
    rows = list(SafetyQuestion.objects.all())
    form = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows), "_save": "Save"}
    for n, q in enumerate(rows):
        form |= {f"form-{n}-id": q.pk, f"form-{n}-display_order": q.display_order + (q.pk == other.pk)}
        form |= {f"form-{n}-is_active": "on"} if q.is_active else {}
    assert clinician.post(CHANGELIST, form)["Location"] == CHANGELIST
    assert SafetyQuestion.objects.get(pk=other.pk).display_order == other.display_order + 1
    assert not SafetyQuestion.objects.filter(reviewed_at__isnull=False).exists()

    question = SafetyQuestion.objects.get(question=WEIGHT_BEARING)
    url = reverse("admin:bookings_safetyquestion_change", args=[question.pk])
    page = clinician.get(url).content.decode()
    assert "Emergency: call 999 or go to A&amp;E now" in page  # the advice its timeframe gives
    data = {
        "concern": question.concern, "question": question.question, "timeframe": "recent",
        "worrying_answer": "False", "reason": question.reason, "why_asked": "", "display_order": 2, "is_active": "on",
    }  # fmt: skip
    with time_machine.travel(NOW, tick=False):
        assert clinician.post(url, data)["Location"] == CHANGELIST
    question.refresh_from_db()
    assert (question.reviewed_at, question.timeframe, question.level) == (NOW, "recent", "urgent")
    assert list(SafetyQuestion.objects.filter(reviewed_at__isnull=False)) == [question]


# --- In a browser ---------------------------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_step_two_at_390_px_is_accessible_and_its_error_summary_takes_the_patient_to_each_question(
    live, page, axe_violations
):
    page.goto(live.url + "/book/?service=initial-assessment&concern=back")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/book/safety/"))
    assert page.viewport_size["width"] == 390
    assert "Right now" in page.inner_text("main") and "Why we ask:" in page.inner_text("main")
    assert axe_violations(page) == []
    page.click("form[method=post] button[type=submit]")
    links = page.locator(".error-summary a")
    questions = triage.questions_for("back")
    assert links.count() == len(questions)
    assert links.nth(2).inner_text() == f"Answer yes or no to “{questions[2].question}”"
    assert axe_violations(page) == []
    links.nth(2).click()
    assert page.evaluate("document.activeElement.id") == f"id_q{questions[2].pk}_0"
