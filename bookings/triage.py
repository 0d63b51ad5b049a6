"""Red-flag triage before booking: which safety questions an area asks, and what the answers mean.

Answers are stored with the appointment as asked (the question's words, timeframe, level and worrying answer at
the time), so editing a question later never changes what a patient was asked. Answers stored before questions had
a timeframe or a worrying answer have neither key: "yes" was the worrying answer then. They are health data: shown
to the clinician in admin, never put in an email or a log line.
"""

from __future__ import annotations

from django.db.models import Q

from bookings.models import SafetyAdvice, SafetyQuestion

Level = SafetyQuestion.Level
SEVERITY = [Level.EMERGENCY, Level.URGENT, Level.NOTE]  # most serious first


def questions_for(concern: str) -> list[SafetyQuestion]:
    """The active questions for an area: those for every area first, then the area's own, in order."""
    questions = SafetyQuestion.objects.filter(Q(concern="") | Q(concern=concern), is_active=True)
    return sorted(questions, key=lambda q: (q.concern != "", q.display_order, q.pk))


def record(questions, yes_ids) -> list[dict]:
    """The answers as stored with the appointment: each question (its id, and its words, timeframe, level and
    worrying answer as asked) and yes or no."""
    return [
        {
            "id": q.pk,
            "question": q.question,
            "timeframe": q.get_timeframe_display(),
            "level": q.level,
            "worrying_answer": q.worrying_answer,
            "yes": q.pk in yes_ids,
        }
        for q in questions
    ]


def worrying(answer: dict) -> bool:
    """Was this the worrying answer (yes, unless the question was worded positively)?"""
    return answer["yes"] == answer.get("worrying_answer", True)


def advice(answers: list[dict]) -> str:
    """The advice a patient must see before going on: the most serious level given a worrying answer (a
    `SafetyAdvice`)."""
    levels = {a["level"] for a in answers if worrying(a)}
    if Level.EMERGENCY in levels:
        return SafetyAdvice.EMERGENCY
    if Level.URGENT in levels:
        return SafetyAdvice.URGENT
    return SafetyAdvice.NONE


def reasons(questions, answers: list[dict], level) -> list[dict]:
    """Each worrying answer at `level`, with its question's reason: what the advice page explains."""
    reason_of = {q.pk: q.reason for q in questions}
    return [
        {"question": a["question"], "timeframe": a["timeframe"], "yes": a["yes"], "reason": reason_of[a["id"]]}
        for a in answers
        if worrying(a) and a["level"] == level
    ]


def screen(questions, yes_ids) -> dict:
    """What the safety questions found: the answers as stored, the advice to show first (`SafetyAdvice`, "" for
    none) and the worrying answers that explain it, with their reasons."""
    answers = record(questions, yes_ids)
    shown = advice(answers)
    return {"answers": answers, "advice": shown, "reasons": reasons(questions, answers, shown)}  # none: no level is ""


def flags(answers: list[dict]) -> list[dict]:
    """The worrying answers, most serious first: what the clinician reads before anything else."""
    return sorted((a for a in answers if worrying(a)), key=lambda a: SEVERITY.index(a["level"]))
