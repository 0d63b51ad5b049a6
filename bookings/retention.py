"""Data retention: anonymise what is past its keeping period. A plain function of `now`, run by cron."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from bookings.models import Appointment, AppointmentEvent, BookingRules, OutboundEmail

S = Appointment.Status
UNATTENDED = (S.REQUESTED, S.DECLINED, S.CANCELLED_BY_PATIENT, S.CANCELLED_BY_CLINIC)
ATTENDED = (S.COMPLETED, S.NO_SHOW, S.CONFIRMED)
REMOVED = "(removed)"


def _months_ago(now, months):
    return now - dt.timedelta(days=round(months * 30.44))


def purge_patient_data(now) -> int:
    """Anonymise appointments past their retention period; returns how many."""
    rules = BookingRules.load()
    unattended_before = _months_ago(now, rules.retention_unattended_months)
    attended_before = _months_ago(now, rules.retention_attended_years * 12)
    expired = Appointment.objects.filter(anonymised_at__isnull=True).filter(
        start__lt=unattended_before, status__in=UNATTENDED
    ) | Appointment.objects.filter(anonymised_at__isnull=True, start__lt=attended_before, status__in=ATTENDED)
    ids = list(expired.values_list("pk", flat=True))
    with transaction.atomic():
        Appointment.objects.filter(pk__in=ids).update(
            patient_name=REMOVED,
            email="",
            phone="",
            notes="",
            concern="other",
            anonymised_at=now,
            updated_at=timezone.now(),
        )
        OutboundEmail.objects.filter(appointment_id__in=ids).delete()
        AppointmentEvent.objects.filter(appointment_id__in=ids).update(note="")
    return len(ids)
