"""Changing an appointment's status: each change recorded and emailed (moves are `bookings.booking.move`).

Every status change is a compare-and-set: the UPDATE names the status the caller saw,
so an action on an appointment that changed meanwhile changes nothing and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bookings import availability, emails, signals
from bookings.models import Appointment, AppointmentEvent
from core import stale

S = Appointment.Status


@dataclass(frozen=True)
class Transition:
    label: str
    from_statuses: tuple[str, ...]
    to_status: str
    once_started: bool = False  # only once the appointment has begun: nobody attends, or misses, the future


# Each by the name of its event: the emails it sends are that event's in `emails.EVENTS`.
TRANSITIONS = {
    "confirm": Transition("confirm", (S.REQUESTED,), S.CONFIRMED),
    "decline": Transition("decline", (S.REQUESTED,), S.DECLINED),
    "cancel": Transition("cancel", (S.REQUESTED, S.CONFIRMED), S.CANCELLED_BY_CLINIC),
    "patient_cancel": Transition("cancel", (S.REQUESTED, S.CONFIRMED), S.CANCELLED_BY_PATIENT),
    "complete": Transition("mark completed", (S.CONFIRMED,), S.COMPLETED, once_started=True),
    "no_show": Transition("mark as no-show", (S.CONFIRMED,), S.NO_SHOW, once_started=True),
}


CLINICIAN_DECISIONS = ("confirm", "decline", "cancel", "complete", "no_show")
BUTTONS = {
    "confirm": "Confirm",
    "decline": "Decline",
    "cancel": "Cancel appointment",
    "complete": "Mark completed",
    "no_show": "Mark no-show",
}


def decisions_for(status, *, started=True) -> list[str]:
    """The clinician's transitions allowed from `status` (before the appointment has `started`, none of those
    that need it to have begun), in the order the buttons are shown."""
    return [
        name
        for name in CLINICIAN_DECISIONS
        if status in TRANSITIONS[name].from_statuses and (started or not TRANSITIONS[name].once_started)
    ]


def apply(name, appointment_id, *, seen_status, user=None, message="", now=None) -> Appointment | None:
    """Apply a transition if the appointment still has the status the caller saw (and, for completed or no-show,
    has begun by `now`).

    Returns the updated appointment, or None if it had changed meanwhile (or the
    transition is not allowed from that status, or not yet).
    """
    transition = TRANSITIONS[name]
    if seen_status not in transition.from_statuses:
        return None
    now = now or timezone.now()
    allowed = Appointment.objects.filter(pk=appointment_id, status=seen_status)
    if transition.once_started:
        allowed = allowed.filter(start__lte=now)
    with transaction.atomic():
        changed = allowed.update(status=transition.to_status, sequence=F("sequence") + 1, updated_at=timezone.now())
        if not changed:
            return None
        appointment = Appointment.objects.select_related("service").get(pk=appointment_id)
        note = f"Message to patient: {message}" if message else ""
        AppointmentEvent.record(appointment, user, seen_status, transition.to_status, note)
        stale.changed("appointment-status")
        if transition.to_status not in Appointment.HOLDING and appointment.hold_until > timezone.now():
            signals.time_freed.send(Appointment, start=appointment.start, end=appointment.hold_until)
        extra = {"requested": seen_status == S.REQUESTED}  # a request's emails never speak of an appointment
        if name == "decline":  # what the confirmation page promised: other times, and the waitlist
            extra["free_times"] = availability.soonest_free(appointment.service, now, avoid=appointment.start)
        emails.queue_for_event(name, appointment, message=message, **extra)
    return appointment
