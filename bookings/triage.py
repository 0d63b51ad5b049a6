"""Red-flag triage before booking: which safety questions an area asks, and what the answers mean.

Answers are stored with the appointment as asked (the question's words and level at the time), so editing a
question later never changes what a patient was asked. They are health data: shown to the clinician in admin,
never put in an email or a log line.
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
    """The answers as stored with the appointment: each question (its id, and its words and level as asked) and
    yes or no."""
    return [{"id": q.pk, "question": q.question, "level": q.level, "yes": q.pk in yes_ids} for q in questions]


def advice(answers: list[dict]) -> str:
    """The advice a patient must see before going on: the most serious level answered yes (a `SafetyAdvice`)."""
    levels = {a["level"] for a in answers if a["yes"]}
    if Level.EMERGENCY in levels:
        return SafetyAdvice.EMERGENCY
    if Level.URGENT in levels:
        return SafetyAdvice.URGENT
    return SafetyAdvice.NONE


def reasons(questions, yes_ids, level) -> list[tuple[str, str]]:
    """(question, reason) for each question of `level` answered yes: what the advice page explains."""
    return [(q.question, q.reason) for q in questions if q.pk in yes_ids and q.level == level]


def screen(questions, yes_ids) -> dict:
    """What the safety questions found: the answers as stored, the advice to show first (`SafetyAdvice`, "" for
    none) and the (question, reason) pairs that explain it."""
    answers = record(questions, yes_ids)
    shown = advice(answers)
    return {"answers": answers, "advice": shown, "reasons": reasons(questions, yes_ids, shown) if shown else []}


def flags(answers: list[dict]) -> list[dict]:
    """The yes answers, most serious first: what the clinician reads before anything else."""
    return sorted((a for a in answers if a["yes"]), key=lambda a: SEVERITY.index(a["level"]))
