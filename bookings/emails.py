"""Emails about appointments, through an outbox.

`queue()` renders the message (plain text + HTML, and an .ics where the kind has one)
and stores it with the appointment in the same transaction; it is sent once that
transaction commits. A send that fails stays in the outbox and is retried by
`python manage.py send_pending_emails`. No email carries health details.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bookings.calendar import appointment_ics
from bookings.links import manage_path
from bookings.models import OutboundEmail
from clinic.identity import current_profile

logger = logging.getLogger(__name__)
SEND_LEASE = dt.timedelta(minutes=5)  # how long a claimed email waits before another sender may retry it

# kind: (subject, recipient, .ics method or "")
KINDS = {
    "request_received": ("We've received your booking request {ref}", "patient", ""),
    "new_request": ("New booking request {ref}", "clinic", ""),
    "confirmed": ("Your appointment is confirmed: {when}", "patient", "REQUEST"),
    "declined": ("About your booking request {ref}", "patient", ""),
    "cancelled": ("Your appointment on {when} is cancelled", "patient", "CANCEL"),
    "cancelled_by_patient": ("You've cancelled your appointment {ref}", "patient", "CANCEL"),
    "patient_cancelled": ("Cancelled by patient: {ref}", "clinic", ""),
    "rescheduled": ("Your appointment has moved: {when}", "patient", "REQUEST"),
    "reminder": ("Reminder: your appointment {when}", "patient", "REQUEST"),
}


def _context(appointment, extra):
    profile = current_profile()
    start = timezone.localtime(appointment.start)
    return {
        "appointment": appointment,
        "profile": profile,
        "start": start,
        "end": timezone.localtime(appointment.end),
        "manage_url": f"{settings.SITE_URL}{manage_path(appointment)}",
        "admin_url": f"{settings.SITE_URL}{reverse('admin:bookings_appointment_change', args=[appointment.pk])}",
        "site_url": settings.SITE_URL,
        "book_url": f"{settings.SITE_URL}{reverse('bookings:start')}",
        **extra,
    }


def build(kind, appointment, **extra) -> OutboundEmail:
    subject_template, recipient, method = KINDS[kind]
    context = _context(appointment, extra)
    when = f"{context['start']:%A %-d %B, %H:%M}"
    to = current_profile().email if recipient == "clinic" else appointment.email
    ics = ""
    if method:
        cancelled = method == "CANCEL"
        ics = appointment_ics(appointment, method=method, sequence=appointment.sequence, cancelled=cancelled).decode()
    return OutboundEmail(
        appointment=appointment,
        kind=kind,
        to=to,
        subject=subject_template.format(ref=appointment.reference, when=when),
        body_text=render_to_string(f"bookings/email/{kind}.txt", context).strip() + "\n",
        body_html=render_to_string("bookings/email/base.html", {**context, "body": f"bookings/email/{kind}.html"}),
        ics=ics,
        ics_method=method,
    )


def queue(kind, appointment, **extra) -> OutboundEmail:
    """Store the email now; send it when the surrounding transaction commits."""
    email = build(kind, appointment, **extra)
    email.save()
    transaction.on_commit(lambda: send(email.pk))
    return email


def send(email_id) -> bool:
    """Send one stored email if it is due and unsent; record the outcome. Never raises.

    The email is claimed with a compare-and-set update first, so two senders (the
    request that queued it and the cron command) never both send it, and no database
    lock is held while talking to the mail server.
    """
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(pk=email_id, sent_at__isnull=True, next_attempt_at__lte=now).update(
        attempts=F("attempts") + 1, next_attempt_at=now + SEND_LEASE
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        reply_to=[current_profile().email],
    )
    message.attach_alternative(email.body_html, "text/html")
    if email.ics:
        message.attach("appointment.ics", email.ics, f"text/calendar; charset=utf-8; method={email.ics_method}")
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
        error_text = f"{type(error).__name__}: {error}"[:500]
        retry_at = timezone.now() + dt.timedelta(minutes=2**email.attempts)
        OutboundEmail.objects.filter(pk=email_id).update(last_error=error_text, next_attempt_at=retry_at)
        logger.warning("Email %s (%s to %s) failed: %s", email.pk, email.kind, email.to, error_text)
        return False
    OutboundEmail.objects.filter(pk=email_id).update(sent_at=timezone.now(), last_error="")
    return True


def send_pending(now) -> tuple[int, int]:
    """Send every due email in the outbox; returns (sent, failed)."""
    sent = failed = 0
    for email_id in list(OutboundEmail.objects.due(now).order_by("created_at").values_list("pk", flat=True)[:500]):
        if send(email_id):
            sent += 1
        elif OutboundEmail.objects.filter(pk=email_id, sent_at__isnull=True).exists():
            failed += 1
    return sent, failed
