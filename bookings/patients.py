"""Returning patients, for the clinician taking a booking on the phone: earlier patients found by a part of their
name, phone number or email, from appointments not yet anonymised. Only admin pages use this; nothing here ever
reaches a patient."""

import re
from dataclasses import dataclass

from django.db.models import Q, Value
from django.db.models.functions import Replace

from bookings.models import Appointment

SHORTEST_SEARCH = 3  # fewer characters match half the diary
MOST_SHOWN = 8


@dataclass(frozen=True)
class Patient:
    name: str
    email: str
    phone: str
    last_seen: object  # the start of their latest appointment (aware datetime)
    appointment_id: int  # that appointment: its details fill the phone-booking form


def find(text: str) -> list[Patient]:
    """Up to MOST_SHOWN patients whose name, email or phone (ignoring spaces) contains `text`, latest first, each
    once (the same name, email and phone)."""
    text = text.strip()
    if len(text) < SHORTEST_SEARCH:
        return []
    matches = Q(patient_name__icontains=text) | Q(email__icontains=text)
    digits = re.sub(r"[\s()-]", "", text)
    if len(digits) >= SHORTEST_SEARCH and digits.lstrip("+").isdigit():
        matches |= Q(phone_digits__contains=digits)
    rows = (
        Appointment.objects.filter(anonymised_at__isnull=True)
        .annotate(phone_digits=Replace(Replace("phone", Value(" "), Value("")), Value("-"), Value("")))
        .filter(matches)
        .order_by("-start")
        .values_list("pk", "patient_name", "email", "phone", "start")[:200]
    )
    found: dict[tuple, Patient] = {}
    for pk, name, email, phone, start in rows:
        key = (name.casefold(), email.casefold(), phone.replace(" ", ""))
        if key not in found:
            found[key] = Patient(name, email, phone, start, pk)
        if len(found) == MOST_SHOWN:
            break
    return list(found.values())


def details_from(appointment_id) -> dict:
    """The contact details of an earlier appointment, as the phone-booking form's initial values (never its
    health details: the area of concern and notes are asked afresh)."""
    if not str(appointment_id).isdigit():
        return {}
    row = (
        Appointment.objects.filter(pk=appointment_id, anonymised_at__isnull=True)
        .values("patient_name", "email", "phone")
        .first()
    )
    return row or {}
