"""What the waitlist tests share: a Monday in winter whose morning is full, cancelling one of its appointments,
an entry's offers, and every table a claim writes."""

import datetime as dt

from bookings import workflow
from bookings.models import (
    Appointment,
    AppointmentEvent,
    OutboundEmail,
    Service,
    WaitlistEntry,
    WaitlistOffer,
)
from bookings.tests.helpers import S

O = WaitlistOffer.Outcome  # noqa: E741
MONDAY = dt.date(2026, 11, 30)


def at(hour, minute=0, day=MONDAY):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)  # UK time is UTC in winter


def fill_monday_morning():
    """Initial assessments (60 + 10 minutes) from 07:00 to 11:55: no morning time is free for any service."""
    service = Service.objects.get(slug="initial-assessment")
    return {
        start: Appointment.objects.create(
            service=service, start=at(*start), patient_name=f"Booked {n}", email=f"booked{n}@example.com",
            phone="07700 900123", concern="knee", status=S.CONFIRMED,
        )
        for n, start in enumerate([(7, 0), (8, 15), (9, 30), (10, 45)])
    }  # fmt: skip


def cancel(appointment, capture):
    with capture(execute=True):
        workflow.apply("cancel", appointment.pk, seen_status=appointment.status)


def offers_of(entry):
    return sorted((o.start, o.outcome) for o in entry.offers.all())


def tables():
    """Every row a claim writes: appointments with their history and emails, waitlist places and offers."""
    models = (Appointment, AppointmentEvent, OutboundEmail, WaitlistEntry, WaitlistOffer)
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
