"""Scheduling and sending follow-ups: plain functions of `now`, run by cron (`send_followups`).

A completed visit with no later one booked is the patient's last visit (for now): if the patient's latest pre-visit
questionnaire (by email address) agrees to follow-ups and one up to this visit names an activity, the visit gets two,
`first_followup_weeks` and `second_followup_weeks` after its day (Booking rules). A later visit that completes takes
its place; while one is requested or confirmed, nothing is sent. Every write is a compare-and-set, so a second or
concurrent run sends nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from bookings import emails
from bookings.models import Appointment, BookingRules, Questionnaire, patient_filter
from clinic.hours import may_email_patient
from outcomes import links
from outcomes.models import Change, FollowUp

S = Appointment.Status
LATER = (S.REQUESTED, S.CONFIRMED, S.COMPLETED)  # a later visit that is, or will be, the last one


# Each rule below takes the patient's email address and a visit's start as values, or as OuterRef("email") and
# OuterRef("start") of an appointment, so `schedule` asks them of every candidate in its one query.


def _later(email, start):
    return Appointment.objects.of_patient(email).filter(start__gt=start, status__in=LATER, anonymised_at__isnull=True)


def _questionnaires(email):
    """The patient's questionnaires (not anonymised), the latest visit's first."""
    return Questionnaire.objects.filter(
        patient_filter(email, "appointment__email"), appointment__anonymised_at__isnull=True
    ).order_by("-appointment__start")


def _baselines(email, start):
    """The patient's questionnaires up to the visit at `start` that name an activity, the latest first."""
    return (
        _questionnaires(email)
        .filter(appointment__start__lte=start)
        .exclude(activity_1="", activity_2="", activity_3="")
    )


def later_visits(appointment):
    """The patient's visits after this one that count: requested, confirmed or completed (not cancelled)."""
    return _later(appointment.email, appointment.start)


def agrees(email) -> bool:
    """Whether the patient's latest questionnaire of all (for any visit, even one booked later and cancelled)
    agrees to follow-ups: a box left unticked later is their answer now."""
    latest = _questionnaires(email).first()
    return latest is not None and latest.followup_consent


def baseline_for(appointment) -> Questionnaire | None:
    """The questionnaire whose activities a follow-up of `appointment` asks about: the patient's latest, up to this
    visit, that names at least one activity; None unless the patient agrees to follow-ups now (`agrees`)."""
    if not agrees(appointment.email):
        return None
    return _baselines(appointment.email, appointment.start).first()


def due_dates(visit_day: dt.date, rules) -> dict[int, dt.date]:
    """Each follow-up's day: whole weeks after the visit's UK day, so the clocks changing moves nothing."""
    return {
        FollowUp.Number.FIRST: visit_day + dt.timedelta(weeks=rules.first_followup_weeks),
        FollowUp.Number.SECOND: visit_day + dt.timedelta(weeks=rules.second_followup_weeks),
    }


def schedule(now) -> int:
    """Create the follow-ups of each completed visit that has none, is the patient's last, and whose first
    follow-up is still ahead (so a visit marked completed late, or before this existed, emails no one out of the
    blue). Returns how many were created. A visit left without them (a later one booked, no agreement or no
    activity to ask about) is passed over in the one query that finds the candidates, however many there are."""
    rules = BookingRules.load()
    email, start = OuterRef("email"), OuterRef("start")
    candidates = (
        Appointment.objects.filter(
            status=S.COMPLETED,
            anonymised_at__isnull=True,
            start__gte=now - dt.timedelta(weeks=rules.first_followup_weeks),
            start__lte=now,
            followups__isnull=True,
        )
        .exclude(email="")
        .filter(~Exists(_later(email, start)), Exists(_baselines(email, start)))
        .alias(agreed=Subquery(_questionnaires(email).values("followup_consent")[:1]))
        .filter(agreed=True)
        .order_by("start")
    )
    created = 0
    for appointment in candidates:
        baseline = baseline_for(appointment)
        if baseline is None:
            continue
        snapshot = [{"activity": activity, "baseline": score} for activity, score in baseline.activities()]
        days = due_dates(timezone.localtime(appointment.start).date(), rules)
        try:
            with transaction.atomic():
                for number, due_on in days.items():
                    FollowUp.objects.create(
                        appointment=appointment,
                        baseline_appointment=baseline.appointment,
                        number=number,
                        due_on=due_on,
                        activities=snapshot,
                    )
        except IntegrityError:  # a concurrent run created them first
            continue
        created += len(days)
    return created


def send_due(now) -> int:
    """Email each follow-up due by today (UK), once, within the hours a patient may be emailed (none in the
    night: `clinic.hours.may_email_patient`); returns how many were queued."""
    if not may_email_patient(now):
        return 0
    today = timezone.localdate(now)
    sent = 0
    for followup_id in FollowUp.objects.due(today).order_by("-number", "due_on").values_list("pk", flat=True):
        followup = FollowUp.objects.select_related("appointment__service").get(pk=followup_id)
        later = later_visits(followup.appointment)
        if later.filter(status=S.COMPLETED).exists():  # no longer the last visit: the later one has its own
            FollowUp.objects.pending().filter(pk=followup_id).update(cancelled_at=now)
            continue
        if later.exists():  # a visit is booked: ask after it instead
            continue
        if not agrees(followup.appointment.email):  # unticked since, in a later questionnaire: their answer now
            FollowUp.objects.pending().filter(appointment=followup.appointment).update(stopped_at=now)
            continue
        with transaction.atomic():
            if not FollowUp.objects.pending().filter(pk=followup_id).update(sent_at=now):
                continue  # sent, stopped or cancelled meanwhile (by another run, or the patient)
            # The second, due while the first still waits (a booked visit held both), makes the first pointless.
            FollowUp.objects.pending().filter(appointment=followup.appointment, number__lt=followup.number).update(
                cancelled_at=now
            )
            followup.sent_at = now
            emails.queue(
                "followup",
                followup.appointment,
                followup_url=f"{settings.SITE_URL}{links.followup_path(followup)}",
                stop_url=f"{settings.SITE_URL}{links.stop_path(followup)}",
                answer_until=links.answer_until(followup),
                weeks=(today - timezone.localtime(followup.appointment.start).date()).days // 7,  # sent late too
            )
        sent += 1
    return sent


def sweep(now) -> tuple[int, int]:
    """What cron runs: schedule new follow-ups, then send those due. (created, sent)"""
    return schedule(now), send_due(now)


def stop(email: str, now) -> int:
    """The patient asked for no more follow-ups: every one of theirs not yet answered stops, and their agreement
    in the questionnaires is withdrawn, so no later visit schedules more. Returns how many follow-ups stopped."""
    with transaction.atomic():
        Questionnaire.objects.filter(patient_filter(email, "appointment__email"), followup_consent=True).update(
            followup_consent=False
        )
        return FollowUp.objects.for_email(email).open().update(stopped_at=now)


def still_coming(email) -> bool:
    """Whether this patient may still get a follow-up: one not yet answered, stopped or cancelled, or a
    questionnaire that agrees to them (for a visit yet to complete)."""
    waiting = FollowUp.objects.for_email(email).open()
    agreed = Questionnaire.objects.filter(patient_filter(email, "appointment__email"), followup_consent=True)
    return waiting.exists() or agreed.exists()


def answer(followup, scores: list[int], change: int, now) -> bool:
    """Record the patient's answer once; False (nothing changed) if it was answered or stopped meanwhile. A patient
    who says they are worse than before their first visit (`Change.tells_clinician`) is someone the clinician would
    want to hear from: they are emailed that an answer needs their attention, with the link to it and nothing of it."""
    with transaction.atomic():
        answered = bool(
            FollowUp.objects.filter(pk=followup.pk, answered_at__isnull=True, stopped_at__isnull=True).update(
                scores=scores, change=change, answered_at=now
            )
        )
        if answered and Change.tells_clinician(change):
            path = reverse("admin:outcomes_followup_change", args=[followup.pk])
            emails.queue("followup_attention", followup.appointment, followup_url=f"{settings.SITE_URL}{path}")
    return answered
