"""The bookings app's models, by subject: services and rules, appointments and their history, screening (safety
questions and the questionnaire), the waitlist, messages from the contact page, and the outbox and rate limits.
Everything is importable from `bookings.models`, as migrations and the rest of the code expect."""

from bookings.models.appointments import (
    REFERENCE_ALPHABET,
    Appointment,
    AppointmentEvent,
    AppointmentQuerySet,
    new_reference,
    patient_filter,
    phone_validator,
)
from bookings.models.contact import ContactMessage
from bookings.models.outbox import OutboundEmail, OutboundEmailQuerySet, RateLimitHit
from bookings.models.screening import PSFS_ACTIVITIES, Questionnaire, SafetyAdvice, SafetyQuestion
from bookings.models.services import LONGEST_APPOINTMENT, BookingRules, Service, ServiceQuerySet, new_calendar_token
from bookings.models.waitlist import PartOfDay, WaitlistEntry, WaitlistEntryQuerySet, WaitlistOffer
from clinic.concerns import Concern

__all__ = [
    "LONGEST_APPOINTMENT",
    "PSFS_ACTIVITIES",
    "REFERENCE_ALPHABET",
    "Appointment",
    "AppointmentEvent",
    "AppointmentQuerySet",
    "BookingRules",
    "Concern",
    "ContactMessage",
    "OutboundEmail",
    "OutboundEmailQuerySet",
    "PartOfDay",
    "Questionnaire",
    "RateLimitHit",
    "SafetyAdvice",
    "SafetyQuestion",
    "Service",
    "ServiceQuerySet",
    "WaitlistEntry",
    "WaitlistEntryQuerySet",
    "WaitlistOffer",
    "new_calendar_token",
    "new_reference",
    "patient_filter",
    "phone_validator",
]
