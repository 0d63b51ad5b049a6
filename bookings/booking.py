"""Holding time: the one place that decides "is this time free?", and the only code that writes a time.

Everything that puts an appointment at a time goes through here: the patient's flow
(`request_appointment`), the clinician adding one in admin (`add_by_clinic`), and moves
from admin or the patient's manage link (`move`). Each re-checks the time inside the
transaction that writes it. On SQLite the transaction is IMMEDIATE (settings), so it
holds the write lock from its first statement and no other writer can pass the same
check. On PostgreSQL a writer of a time first takes the diary's lock (`_one_writer_of_times`),
so the second of two writers checks after the first has committed and is told the time is
taken. The exclusion constraint (migration 0002) stays as the last word: a write that gets past
the check anyway is refused, and `overlap_is_slot_taken` turns that into `SlotTaken` too.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F

from bookings import availability, emails, signals
from bookings.consent import Consent
from bookings.models import Appointment, AppointmentEvent, BookingRules, new_reference
from clinic.hours import current_schedule, local
from core import locks, stale

EXCLUSION_VIOLATION = "23P01"  # PostgreSQL's SQLSTATE for exclusion_violation
TAKEN = "That time has just been taken."


class BookingError(Exception):
    """A request that cannot become an appointment; `message` is for the person asking."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class SlotTaken(BookingError):
    """The time asked for cannot be held: taken, outside the hours, or off the rules."""


@dataclass
class PatientDetails:
    name: str
    email: str
    phone: str
    concern: str
    notes: str
    privacy_notice_version: str | None = None  # the notice the patient agreed to; None: today's
    safety_answers: list = field(default_factory=list)  # `triage.record`: health data, never emailed or logged
    safety_advice: str = ""

    def consent(self, now) -> Consent:
        """The patient's consent, ticked online as they sent these details."""
        return Consent.online(now, self.privacy_notice_version)


@dataclass(frozen=True)
class Source:
    """Where a patient's request came from: its first history note, its status and its event (`emails.EVENTS`)."""

    note: str
    status: str
    event: str


ONLINE = Source("Requested online", Appointment.Status.REQUESTED, "requested_online")
WAITLIST = Source("Claimed from the waitlist", Appointment.Status.REQUESTED, "claimed_from_waitlist")
WAITLIST_CONFIRMED = Source(
    "Claimed from the waitlist; confirmed automatically (booking rules)",
    Appointment.Status.CONFIRMED,
    "claimed_and_confirmed",
)
# The event of the clinician adding an appointment (`emails.EVENTS`), by its status; added in another, it has none.
CLINIC_ADDED = {Appointment.Status.CONFIRMED: "added_confirmed", Appointment.Status.REQUESTED: "added_requested"}


# --- Is this time free? ------------------------------------------------------------------


def check_free(service, start, now, *, enforce_notice=True, exclude_pk=None) -> availability.Slot:
    """The free slot for `service` starting exactly at `start`, or SlotTaken saying why not.

    `enforce_notice=False` is the clinician's override: the rules' notice, same-day and
    horizon aside, but never outside opening hours, off the grid or over another
    appointment. `exclude_pk` leaves an appointment's own time out (moves).
    """
    slot = availability.find_slot(service, start, now, enforce_notice=enforce_notice, exclude_pk=exclude_pk)
    if slot is not None:
        return slot
    raise SlotTaken(_why_not_free(service, start, now, enforce_notice=enforce_notice, exclude_pk=exclude_pk))


def _why_not_free(service, start, now, *, enforce_notice, exclude_pk) -> str:
    end, hold_until = service.times_from(start)
    if not current_schedule().covers(start, hold_until):
        return "That time isn’t inside the clinic’s opening hours (including the buffer after it)."
    clash = Appointment.objects.holding_time().overlapping(start, hold_until).exclude(pk=exclude_pk).first()
    if clash is not None:
        return f"That time overlaps another appointment ({clash.reference})."
    rules = BookingRules.load()
    earliest, last_day = availability.bookable_window(availability.Rules.from_model(rules), now)
    if enforce_notice and local(start).date() > last_day:
        return f"That day is beyond the booking horizon ({rules.horizon_weeks} weeks ahead)."
    if enforce_notice and start < earliest:
        return "That time is too soon to book online."
    return f"That time isn’t one of the clinic’s start times (every {rules.slot_interval_minutes} minutes)."


def is_overlap_violation(error: IntegrityError) -> bool:
    """True if the database refused a write because two appointments would hold the same time."""
    return getattr(error.__cause__, "sqlstate", None) == EXCLUSION_VIOLATION


def _one_writer_of_times() -> None:
    """Writers of times take turns (until their transaction ends). Left to the exclusion constraint alone, two
    inserts of clashing times at the same moment each wait for the other and PostgreSQL ends one as a deadlock:
    ten patients firing one slot at once got one booking and nine errors instead of "just been taken"."""
    locks.serialize("diary:times")


@contextlib.contextmanager
def overlap_is_slot_taken():
    """Turn PostgreSQL's exclusion-constraint violation into SlotTaken; other errors pass through."""
    try:
        yield
    except IntegrityError as error:
        if is_overlap_violation(error):
            raise SlotTaken(TAKEN) from error
        raise


# --- Writing a time ------------------------------------------------------------------------


def request_appointment(
    service, start, patient: PatientDetails, now, *, enforce_notice=True, request_key=None, source=ONLINE
) -> Appointment:
    """A patient's online request at `start`, or BookingError / SlotTaken.

    `request_key` names the patient's booking draft: submitting the same draft again (a double
    click, a resubmitted form) returns the appointment it already made, never a second one and
    never "that time is taken". Requests for one email address are serialised, so the cap on
    upcoming appointments holds however many arrive at once.
    """
    if not service.is_active and enforce_notice:
        raise BookingError("This service can’t be booked online at the moment.")
    appointment = Appointment(
        service=service,
        start=start,
        patient_name=patient.name,
        email=patient.email,
        phone=patient.phone,
        concern=patient.concern,
        notes=patient.notes,
        safety_answers=patient.safety_answers,
        safety_advice=patient.safety_advice,
        request_key=request_key,
        status=source.status,
    )
    patient.consent(now).apply_to(appointment)

    def already_made():
        return Appointment.objects.filter(request_key=request_key).first() if request_key else None

    def already_made_or_within_cap():
        locks.serialize(f"booking-email:{patient.email.lower()}")
        if made := already_made():
            return made
        if enforce_notice:
            _check_upcoming_cap(patient.email, now)
        return None

    try:
        return _insert(
            appointment,
            now,
            enforce_notice=enforce_notice,
            note=source.note,
            event=source.event,
            before_insert=already_made_or_within_cap,
        )
    except (SlotTaken, IntegrityError):
        # Two submissions of one draft raced past the lock's reach (another server's transaction
        # committed between): the one that won is this patient's own.
        if made := already_made():
            return made
        raise


def add_by_clinic(appointment: Appointment, now, *, user, enforce_notice=False) -> Appointment:
    """An appointment the clinician enters (a phone booking): opening hours and clashes always apply; the
    booking rules' notice and horizon only when `enforce_notice`. The patient gets the email for its status
    (a confirmed one with the calendar file)."""
    event = CLINIC_ADDED.get(appointment.status)
    note = "Added by the clinic"
    return _insert(appointment, now, enforce_notice=enforce_notice, user=user, note=note, event=event)


def _check_upcoming_cap(email, now):
    rules = BookingRules.load()
    upcoming = Appointment.objects.of_patient(email).holding_time().upcoming(now)
    if upcoming.count() >= rules.max_upcoming_per_email:
        raise BookingError(
            f"This email address already has {rules.max_upcoming_per_email} upcoming "
            "appointments or requests, which is the most the clinic accepts online. "
            "Please email the clinic to arrange another."
        )


def _insert(appointment, now, *, enforce_notice, note, event, user=None, before_insert=None) -> Appointment:
    """Check the time and insert the appointment, its first history entry and its event's emails, in one transaction.

    `before_insert` runs first inside the transaction; if it returns an appointment, that one is
    returned and nothing is inserted."""
    for _attempt in range(3):  # a clash of the random reference is retried
        try:
            with overlap_is_slot_taken(), transaction.atomic():
                if before_insert and (existing := before_insert()):
                    return existing
                if appointment.holds_time:
                    _one_writer_of_times()
                    check_free(appointment.service, appointment.start, now, enforce_notice=enforce_notice)
                appointment.save(force_insert=True)
                AppointmentEvent.record(appointment, user, "", appointment.status, note)
                if event:
                    emails.queue_for_event(event, appointment)
                return appointment
        except IntegrityError as error:
            if "reference" not in str(error):
                raise
            appointment.pk, appointment.reference = None, new_reference()  # two drew the same reference
    raise BookingError("We couldn’t save your request. Please try again.")


class Unchanged(BookingError):
    """A move to the time and service the appointment already has: nothing is changed and nobody is emailed."""


def move(
    appointment, new_start, *, now, user=None, enforce_notice=True, service=None, by_patient=False, message=""
) -> Appointment:
    """Move a requested or confirmed appointment (optionally to another service) to a free time.

    A compare-and-set on the status, start and service the caller saw: if the appointment
    changed meanwhile nothing moves and SlotTaken says so. A move that changes nothing raises
    Unchanged. The patient is emailed the new time (with the clinic's `message`, if any); a move
    `by_patient` is also emailed to the clinic, and turns a confirmed appointment back into a request when the
    booking rules say the clinician approves patients' moves.
    """
    if not appointment.holds_time:
        raise SlotTaken("Only requested or confirmed appointments can be moved.")
    service = service or appointment.service
    if new_start == appointment.start and service == appointment.service:
        raise Unchanged("That is the time and service it already has, so nothing was changed and nobody was emailed.")
    seen_status = appointment.status
    to_approve = (
        by_patient and seen_status == Appointment.Status.CONFIRMED and BookingRules.load().patient_moves_need_approval
    )
    with overlap_is_slot_taken(), transaction.atomic():
        _one_writer_of_times()
        slot = check_free(service, new_start, now, enforce_notice=enforce_notice, exclude_pk=appointment.pk)
        end, hold_until = service.times_from(slot.start)
        moved = Appointment.objects.filter(
            pk=appointment.pk, status=seen_status, start=appointment.start, service=appointment.service_id
        ).update(
            status=Appointment.Status.REQUESTED if to_approve else seen_status,
            service=service,
            start=slot.start,
            end=end,
            hold_until=hold_until,
            sequence=F("sequence") + 1,
            reminded_at=None,
            updated_at=now,
        )
        if not moved:
            raise SlotTaken("This appointment changed meanwhile. Reload it and try again.")
        old_start, old_service, old_hold = appointment.local_start, appointment.service, appointment.hold_until
        appointment.refresh_from_db()
        signals.time_freed.send(Appointment, start=old_start, end=old_hold)
        note = _move_note(old_start, old_service, appointment)
        if to_approve:
            note += ". A request again: moves by patients need your approval"
        if message:
            note += f". Message to patient: {message}"
        AppointmentEvent.record(appointment, user, seen_status, appointment.status, note)
        extra = {"old_start": old_start, **({"to_approve": True} if to_approve else {})}
        emails.queue_for_event("patient_move" if by_patient else "move", appointment, message=message, **extra)
        stale.changed("appointment-moved")
    return appointment


def _move_note(old_start, old_service, appointment) -> str:
    """The history's words: a move, a change of service, or both (a service change alone is no "move")."""
    note = ""
    if old_start != appointment.local_start:
        note = f"Moved from {old_start:%a %d %b %Y %H:%M} to {appointment.local_start:%a %d %b %Y %H:%M}"
    if old_service != appointment.service:
        note += (
            f"; service changed from {old_service} to {appointment.service}"
            if note
            else (f"Service changed from {old_service} to {appointment.service}")
        )
    return note
