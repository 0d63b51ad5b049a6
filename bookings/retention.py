"""Data retention: anonymise what is past its keeping period, and clear what was never meant to last.

Plain functions of `now`, run by cron (`purge_patient_data`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from bookings.models import (
    Appointment,
    AppointmentEvent,
    BookingRules,
    ContactMessage,
    OutboundEmail,
    Questionnaire,
    WaitlistEntry,
)
from core import patientdata

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
            safety_answers=[],
            safety_advice="",
            anonymised_at=now,
            updated_at=timezone.now(),
        )
        OutboundEmail.objects.filter(appointment_id__in=ids).delete()
        Questionnaire.objects.filter(appointment_id__in=ids).delete()
        patientdata.erase(ids)  # what other apps hold about these patients (exercise programmes and logs)
        AppointmentEvent.objects.filter(appointment_id__in=ids).update(note="")
        # The admin's own history ("Recent actions") names the appointment as "RST-… — <patient>".
        references = dict(Appointment.objects.filter(pk__in=ids).values_list("pk", "reference"))
        appointment_type = ContentType.objects.get_for_model(Appointment)
        for pk, reference in references.items():
            LogEntry.objects.filter(content_type=appointment_type, object_id=str(pk)).update(
                object_repr=f"{reference} — {REMOVED}", change_message=""
            )
    return len(ids)


def purge_waitlist(now) -> int:
    """Delete waitlist entries (with their offers and emails) that ended longer ago than requests that never
    became a visit are kept; returns how many. An entry ends when it is booked, left, or past its last date."""
    before = _months_ago(now, BookingRules.load().retention_unattended_months)
    ended = WaitlistEntry.objects.exclude(status=WaitlistEntry.Status.WAITING).filter(ended_at__lt=before)
    past = WaitlistEntry.objects.filter(latest__lt=timezone.localtime(before).date())
    with transaction.atomic():
        entries = list((ended | past).values_list("pk", "email"))
        addresses = {email for _pk, email in entries}
        for address in addresses:  # their emails, unless the address is still on the waitlist
            if not WaitlistEntry.objects.filter(email=address).exclude(pk__in=[pk for pk, _ in entries]).exists():
                OutboundEmail.objects.filter(to=address, kind__startswith="waitlist_").delete()
        WaitlistEntry.objects.filter(pk__in=[pk for pk, _ in entries]).delete()
    return len(entries)


def purge_contact_messages(now) -> int:
    """Delete messages from the contact page (and their emails) received longer ago than requests that never
    became a visit are kept; returns how many."""
    before = _months_ago(now, BookingRules.load().retention_unattended_months)
    deleted, by_model = ContactMessage.objects.filter(received_at__lt=before).delete()
    return by_model.get("bookings.ContactMessage", 0)


def clear_expired_sessions() -> None:
    """Drop expired sessions, and with them any abandoned booking draft (name, contact details, notes)."""
    import_string(settings.SESSION_ENGINE + ".SessionStore").clear_expired()
