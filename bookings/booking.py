"""Turning a request into an appointment, atomically.

The slot is re-checked inside the transaction that inserts the appointment. On SQLite
the transaction is IMMEDIATE (settings), so it holds the write lock from its first
statement and no other writer can pass the same check. On PostgreSQL two writers can
both pass the check, but the exclusion constraint rejects the second insert.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from bookings import availability, emails
from bookings.models import Appointment, AppointmentEvent, BookingRules

EXCLUSION_VIOLATION = "23P01"  # PostgreSQL's SQLSTATE for exclusion_violation


class BookingError(Exception):
    """A request that cannot become an appointment; `message` is for the patient."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class SlotTaken(BookingError):
    pass


@dataclass
class PatientDetails:
    name: str
    email: str
    phone: str
    concern: str
    notes: str
    privacy_notice_version: str


def request_appointment(service, start, patient: PatientDetails, now, *, enforce_notice=True) -> Appointment:
    """Create a requested appointment at `start`, or raise BookingError / SlotTaken."""
    if not service.is_active and enforce_notice:
        raise BookingError("This service can't be booked online at the moment.")
    rules = BookingRules.load()
    for _attempt in range(3):  # a clash of the random reference is retried
        try:
            with transaction.atomic():
                upcoming = Appointment.objects.holding_time().upcoming(now).filter(email__iexact=patient.email)
                if enforce_notice and upcoming.count() >= rules.max_upcoming_per_email:
                    raise BookingError(
                        f"This email address already has {rules.max_upcoming_per_email} upcoming "
                        "appointments or requests, which is the most the clinic accepts online. "
                        "Please email the clinic to arrange another."
                    )
                if availability.find_slot(service, start, now, enforce_notice=enforce_notice) is None:
                    raise SlotTaken("That time is no longer available.")
                appointment = Appointment.objects.create(
                    service=service,
                    start=start,
                    patient_name=patient.name,
                    email=patient.email,
                    phone=patient.phone,
                    concern=patient.concern,
                    notes=patient.notes,
                    consent_at=now,
                    privacy_notice_version=patient.privacy_notice_version,
                )
                AppointmentEvent.objects.create(
                    appointment=appointment,
                    actor_label="patient",
                    to_status=appointment.status,
                    note="Requested online",
                )
                emails.queue("request_received", appointment)
                emails.queue("new_request", appointment)
                return appointment
        except IntegrityError as error:
            if getattr(error.__cause__, "sqlstate", None) == EXCLUSION_VIOLATION:
                # PostgreSQL's exclusion constraint: another request won the slot.
                raise SlotTaken("That time is no longer available.") from error
            if "reference" not in str(error):
                raise
            # Two requests drew the same random reference: draw again.
    raise BookingError("We couldn't save your request. Please try again.")
