"""Changing an appointment: status changes and moves, each recorded and emailed.

Every status change is a compare-and-set: the UPDATE names the status the caller saw,
so an action on an appointment that changed meanwhile changes nothing and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bookings import availability, emails
from bookings.booking import EXCLUSION_VIOLATION, SlotTaken
from bookings.models import Appointment, AppointmentEvent
from clinic import pagecache

S = Appointment.Status


@dataclass(frozen=True)
class Transition:
    label: str
    from_statuses: tuple[str, ...]
    to_status: str
    patient_email: str | None
    clinic_email: str | None = None


TRANSITIONS = {
    "confirm": Transition("confirm", (S.REQUESTED,), S.CONFIRMED, "confirmed"),
    "decline": Transition("decline", (S.REQUESTED,), S.DECLINED, "declined"),
    "cancel": Transition("cancel", (S.REQUESTED, S.CONFIRMED), S.CANCELLED_BY_CLINIC, "cancelled"),
    "patient_cancel": Transition(
        "cancel", (S.REQUESTED, S.CONFIRMED), S.CANCELLED_BY_PATIENT, "cancelled_by_patient", "patient_cancelled"
    ),
    "complete": Transition("mark completed", (S.CONFIRMED,), S.COMPLETED, None),
    "no_show": Transition("mark as no-show", (S.CONFIRMED,), S.NO_SHOW, None),
}


def actor_label(user):
    if user is None:
        return "patient"
    return user.get_full_name() or user.get_username()


def record(appointment, user, from_status, to_status, note="", label=None):
    return AppointmentEvent.objects.create(
        appointment=appointment,
        actor=user,
        actor_label=label or actor_label(user),
        from_status=from_status,
        to_status=to_status,
        note=note[:500],
    )


def apply(name, appointment_id, *, seen_status, user=None, message="") -> Appointment | None:
    """Apply a transition if the appointment still has the status the caller saw.

    Returns the updated appointment, or None if it had changed meanwhile (or the
    transition is not allowed from that status).
    """
    transition = TRANSITIONS[name]
    if seen_status not in transition.from_statuses:
        return None
    with transaction.atomic():
        changed = Appointment.objects.filter(pk=appointment_id, status=seen_status).update(
            status=transition.to_status, sequence=F("sequence") + 1, updated_at=timezone.now()
        )
        if not changed:
            return None
        appointment = Appointment.objects.select_related("service").get(pk=appointment_id)
        note = f"Message to patient: {message}" if message else ""
        record(appointment, user, seen_status, transition.to_status, note)
        transaction.on_commit(pagecache.invalidate)  # the time may be free again
        if transition.patient_email:
            emails.queue(transition.patient_email, appointment, message=message)
        if transition.clinic_email:
            emails.queue(transition.clinic_email, appointment)
    return appointment


def reschedule(appointment, new_start, *, now, user=None, enforce_notice=True) -> Appointment:
    """Move an appointment to another free time (same rules and integrity as booking)."""
    if not appointment.holds_time:
        raise SlotTaken("Only requested or confirmed appointments can be moved.")
    old_start = appointment.local_start
    try:
        with transaction.atomic():
            slot = availability.find_slot(
                appointment.service, new_start, now, enforce_notice=enforce_notice, exclude_pk=appointment.pk
            )
            if slot is None:
                raise SlotTaken("That time is no longer available.")
            changed = Appointment.objects.filter(pk=appointment.pk, status=appointment.status, start=appointment.start)
            moved = changed.update(
                start=slot.start,
                end=slot.start + appointment.service.duration,
                hold_until=slot.start + appointment.service.duration + appointment.service.buffer,
                sequence=F("sequence") + 1,
                reminded_at=None,
                updated_at=timezone.now(),
            )
            if not moved:
                raise SlotTaken("This appointment changed meanwhile. Reload it and try again.")
            appointment.refresh_from_db()
            note = f"Moved from {old_start:%a %d %b %Y %H:%M} to {appointment.local_start:%a %d %b %Y %H:%M}"
            record(appointment, user, appointment.status, appointment.status, note)
            emails.queue("rescheduled", appointment)
            transaction.on_commit(pagecache.invalidate)
    except IntegrityError as error:
        if getattr(error.__cause__, "sqlstate", None) == EXCLUSION_VIOLATION:
            raise SlotTaken("That time is no longer available.") from error
        raise
    return appointment
