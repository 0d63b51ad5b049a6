"""Appointment reminders: a plain function of `now`, run by cron (`send_reminders`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from bookings import emails
from bookings.models import Appointment, BookingRules

S = Appointment.Status


def send_reminders(now) -> int:
    """Queue one reminder for each confirmed appointment starting within the reminder window."""
    rules = BookingRules.load()
    window_end = now + dt.timedelta(hours=rules.reminder_hours)
    due = Appointment.objects.filter(
        status=S.CONFIRMED, reminded_at__isnull=True, start__gt=now, start__lte=window_end
    ).exclude(email="")  # booked by phone without an address: nothing to send
    sent = 0
    for appointment_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            # Compare-and-set: a second run (or a concurrent one) finds it already reminded.
            claimed = Appointment.objects.filter(pk=appointment_id, reminded_at__isnull=True, status=S.CONFIRMED)
            if not claimed.update(reminded_at=now):
                continue
            emails.queue("reminder", Appointment.objects.select_related("service").get(pk=appointment_id))
            sent += 1
    return sent
