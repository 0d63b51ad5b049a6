"""Emails about appointments, through an outbox, delivered by a background worker.

`queue()` renders the message (plain text + HTML, and an .ics where the kind has one)
and stores it with the appointment in the same transaction. Once that transaction
commits, the `deliver` task is enqueued (Django's Tasks framework; the database backend's
`db_worker` runs it), so no patient's request ever waits for a mail server. The outbox is
the record of what was sent; a failed send is retried by the task with backoff, and
`python manage.py send_pending_emails` (cron) is the safety net for anything left behind.

Delivery is at least once, not exactly once: if the process dies after the mail server
has accepted a message but before `sent_at` is written, the email is sent again once its
claim lapses (`SEND_LEASE`). Every send of one outbox row carries the same Message-ID
(`message_id`), so the repeat is the same message, which mail servers and clients can
recognise (and many drop) rather than a second, different email.

No email carries health details: not the notes, the safety answers or the questionnaire.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bookings.calendar import appointment_ics
from bookings.links import manage_path, questionnaire_path, waitlist_path
from bookings.models import Appointment, BookingRules, OutboundEmail
from clinic.identity import current_profile
from core.siteurl import site_domain

logger = logging.getLogger(__name__)
SEND_LEASE = dt.timedelta(minutes=5)  # how long a claimed email waits before another sender may retry it

# kind: (subject, recipient, calendar method or ""). In a subject, {appointment} reads "appointment", or "booking
# request" while it is not yet confirmed; {when} is its start (UK time), {old_when} where it was before a move.
# A calendar part is an iTIP message (`bookings.calendar`): REQUEST adds or updates the patient's entry, CANCEL
# removes it (including one added from the provisional file on the confirmation page: the same UID).
KINDS = {
    "request_received": ("We’ve received your booking request for {when}", "patient", ""),
    "new_request": ("{name} has asked for {service} on {when}", "clinic", ""),
    "new_from_waitlist": ("{name} has booked {when} from the waitlist", "clinic", ""),
    "confirmed": ("Your appointment on {when} is confirmed", "patient", "REQUEST"),
    "declined": ("We can’t offer you {when}: please choose another time", "patient", "CANCEL"),
    "cancelled": ("Your {appointment} on {when} is cancelled", "patient", "CANCEL"),
    "cancelled_by_patient": ("You’ve cancelled your {appointment} on {when}", "patient", "CANCEL"),
    "patient_cancelled": ("{name} has cancelled their {appointment} on {when}", "clinic", ""),
    "rescheduled": ("Your {appointment} has moved to {when}", "patient", "REQUEST"),
    "patient_moved": ("{name} has moved their {appointment} to {when}", "clinic", ""),
    "reminder": ("A reminder of your appointment on {when}", "patient", ""),
}  # and the kinds apps that build on bookings add with `register_kind` (care's programme emails, …)
# Where a kind's templates are ("<dir>/<kind>.txt" and ".html", inside bookings/email/base.html): bookings' own by
# default; a kind registered by another app keeps its templates in that app.
TEMPLATE_DIRS: dict[str, str] = {}
# A move that keeps the time and changes only the service (the clinician, on the appointment's page) is no move.
SAME_TIME_SUBJECTS = {"rescheduled": "Your {appointment} on {when} has changed"}
# Which emails each event in an appointment's life sends, the patient's first: the one table of it. The code that
# makes the event happen names it and `queue_for_event` sends its emails: a new appointment by where it came from
# (`booking.Source`) or the status the clinician added it with (`booking.CLINIC_ADDED`), a status change by its
# name in `workflow.TRANSITIONS`, and a move (`booking.move`).
EVENTS = {
    "requested_online": ("request_received", "new_request"),
    "claimed_from_waitlist": ("request_received", "new_from_waitlist"),
    "claimed_and_confirmed": ("confirmed", "new_from_waitlist"),
    "added_requested": ("request_received",),
    "added_confirmed": ("confirmed",),
    "confirm": ("confirmed",),
    "decline": ("declined",),
    "cancel": ("cancelled",),
    "patient_cancel": ("cancelled_by_patient", "patient_cancelled"),
    "complete": (),
    "no_show": (),
    "move": ("rescheduled",),
    "patient_move": ("rescheduled", "patient_moved"),
}
# Emails to someone on the waitlist (no appointment yet): kind: subject
WAITLIST_KINDS = {
    "waitlist_joined": "You’re on the waitlist for {service}",
    "waitlist_offer": "A time has come free for {service}",
    "waitlist_first_offer": "Times that suit you for {service}",
}

# Each kind in the clinician's words (the outbox's admin pages): every kind of KINDS and WAITLIST_KINDS has one.
KIND_LABELS = {
    "request_received": "Booking request received (to the patient)",
    "new_request": "New booking request (to you)",
    "new_from_waitlist": "Booked from the waitlist (to you)",
    "confirmed": "Appointment confirmed",
    "declined": "Request declined",
    "cancelled": "Appointment cancelled by you",
    "cancelled_by_patient": "Cancellation received (to the patient)",
    "patient_cancelled": "Patient cancelled (to you)",
    "rescheduled": "Appointment moved",
    "patient_moved": "Patient moved their appointment (to you)",
    "reminder": "Appointment reminder",
    "waitlist_joined": "Joined the waitlist",
    "waitlist_offer": "Waitlist: a time has come free",
    "waitlist_first_offer": "Waitlist: times that suit",
    "contact_message": "Message from the contact page (to you)",
}
# A message from the contact page, to the clinic (`queue_contact_message`).
CONTACT_KINDS = {"contact_message": "{name} has written to you through the website"}


def register_kind(kind, *, subject, recipient, label, template_dir, method=""):
    """Add an email about an appointment from an app that builds on bookings (called from its AppConfig.ready):
    `subject` as KINDS' subjects, `recipient` "patient" or "clinic", `label` the clinician's words for it in the
    outbox, its templates `<template_dir>/<kind>.txt` and `.html`. The same registration twice is harmless."""
    if recipient not in ("patient", "clinic"):
        raise ValueError(f"recipient must be 'patient' or 'clinic', not {recipient!r}")
    existing = KINDS.get(kind)
    if existing is not None and (existing != (subject, recipient, method) or TEMPLATE_DIRS.get(kind) != template_dir):
        raise ValueError(f"an email kind {kind!r} is already registered differently")
    KINDS[kind] = (subject, recipient, method)
    KIND_LABELS[kind] = label
    TEMPLATE_DIRS[kind] = template_dir


def _context(appointment, extra):
    profile = current_profile()
    start = timezone.localtime(appointment.start)
    rules = BookingRules.load()
    return {
        "appointment": appointment,
        "profile": profile,
        "start": start,
        "end": timezone.localtime(appointment.end),
        "requested": appointment.status == Appointment.Status.REQUESTED,
        "manage_url": f"{settings.SITE_URL}{manage_path(appointment)}",
        "questionnaire_url": f"{settings.SITE_URL}{questionnaire_path(appointment)}",
        "questionnaire_done": appointment.has_questionnaire,
        "admin_url": f"{settings.SITE_URL}{reverse('admin:bookings_appointment_change', args=[appointment.pk])}",
        "site_url": settings.SITE_URL,
        "book_url": f"{settings.SITE_URL}{reverse('bookings:start')}",
        "waitlist_url": f"{settings.SITE_URL}{reverse('bookings:waitlist')}?service={appointment.service.slug}",
        "cancellation_policy": rules.policy_for(appointment.start, timezone.now()),
        "changes_until": timezone.localtime(appointment.start - rules.cancellation_window),
        **extra,
    }


def when(moment) -> str:
    """A time as emails write it: "Monday 6 July, 09:00" (UK time)."""
    return f"{timezone.localtime(moment):%A %-d %B, %H:%M}"


def build(kind, appointment, **extra) -> OutboundEmail:
    """Render one email about `appointment`. `extra` reaches the templates: `message` (the clinician's words),
    `requested` (it was a request, not yet confirmed: by default its status says), `old_start` (before a move),
    `free_times` (suggested instead of a declined time)."""
    subject_template, recipient, method = KINDS[kind]
    directory = TEMPLATE_DIRS.get(kind, "bookings/email")
    context = _context(appointment, extra)
    context["time_changed"] = context.get("old_start") not in (None, appointment.start)
    if context.get("old_start") is not None and not context["time_changed"]:
        subject_template = SAME_TIME_SUBJECTS.get(kind, subject_template)  # only the service changed
    to = current_profile().email if recipient == "clinic" else appointment.email
    ics = appointment_ics(appointment, method=method).decode() if method else ""
    subject = subject_template.format(
        ref=appointment.reference,
        when=when(appointment.start),
        old_when=when(context.get("old_start") or appointment.start),
        name=appointment.patient_name,
        service=appointment.service.name,
        appointment="booking request" if context["requested"] else "appointment",
        clinic=context["profile"].short_name,
    )
    return OutboundEmail(
        appointment=appointment,
        kind=kind,
        to=to,
        subject=subject,
        body_text=render_to_string(f"{directory}/{kind}.txt", context).strip() + "\n",
        body_html=render_to_string("bookings/email/base.html", {**context, "body": f"{directory}/{kind}.html"}),
        ics=ics,
        ics_method=method,
    )


def build_for_waitlist(kind, entry, **extra) -> OutboundEmail:
    """An email to a patient on the waitlist: `waitlist_url` is their page there (see it, leave it). Both kinds of
    offer share a template: the first (`waitlist_first_offer`) lists times that may have been free all along."""
    template = "waitlist_offer" if kind == "waitlist_first_offer" else kind
    context = {
        "entry": entry,
        "profile": current_profile(),
        "site_url": settings.SITE_URL,
        "waitlist_url": f"{settings.SITE_URL}{waitlist_path(entry)}",
        "first": kind == "waitlist_first_offer",
        **extra,
    }
    return OutboundEmail(
        kind=kind,
        to=entry.email,
        subject=WAITLIST_KINDS[kind].format(service=entry.service.name),
        body_text=render_to_string(f"bookings/email/{template}.txt", context).strip() + "\n",
        body_html=render_to_string("bookings/email/base.html", {**context, "body": f"bookings/email/{template}.html"}),
    )


def queue(kind, appointment, **extra) -> OutboundEmail | None:
    """Store the email now; hand it to the worker when the surrounding transaction commits. None for a patient's
    email when the patient gave no address (booked by phone): the clinic tells them by phone."""
    if KINDS[kind][1] == "patient" and not appointment.email:
        return None
    return _store(build(kind, appointment, **extra))


def queue_for_event(event, appointment, *, message="", **extra) -> list[OutboundEmail]:
    """Queue the emails `event` sends about the appointment (`EVENTS`); the clinician's `message` goes in the
    patient's, `extra` (see `build`) in each."""
    queued = [
        queue(kind, appointment, **extra, **({"message": message} if KINDS[kind][1] == "patient" else {}))
        for kind in EVENTS[event]
    ]
    return [email for email in queued if email]


def tells_patient(event, appointment) -> bool:
    """Does `event` email the patient of `appointment` (one who gave an email address)?"""
    return bool(appointment.email) and any(KINDS[kind][1] == "patient" for kind in EVENTS[event])


def queue_contact_message(message) -> OutboundEmail:
    """A patient's message from the contact page, to the clinic; replying reaches the patient."""
    context = {"contact": message, "profile": current_profile(), "site_url": settings.SITE_URL}
    return _store(
        OutboundEmail(
            kind="contact_message",
            contact_message=message,
            to=current_profile().email,
            subject=CONTACT_KINDS["contact_message"].format(name=message.name),
            body_text=render_to_string("bookings/email/contact_message.txt", context).strip() + "\n",
            body_html=render_to_string(
                "bookings/email/base.html", {**context, "body": "bookings/email/contact_message.html"}
            ),
        )
    )


def queue_for_waitlist(kind, entry, **extra) -> OutboundEmail:
    return _store(build_for_waitlist(kind, entry, **extra))


def _store(email) -> OutboundEmail:
    email.save()
    transaction.on_commit(lambda: deliver.enqueue(email.pk))
    return email


@task
def deliver(email_id):
    """The worker's job: send one email; if the send failed, try again when its backoff is over."""
    if send(email_id) is Outcome.FAILED and deliver.get_backend().supports_defer:
        email = OutboundEmail.objects.filter(pk=email_id, attempts__lt=OutboundEmail.MAX_ATTEMPTS).first()
        if email is not None:
            deliver.using(run_after=email.next_attempt_at).enqueue(email_id)
    # A backend that cannot defer (the immediate one) leaves retries to `send_pending_emails`.


class Outcome(enum.Enum):
    SENT = "sent"
    FAILED = "failed"  # recorded, and retried later
    ELSEWHERE = "elsewhere"  # already sent, or being sent by another worker or run; nothing done here


def send(email_id) -> Outcome:
    """Send one stored email if it is due and unsent; record the outcome. Never raises.

    The email is claimed with a compare-and-set update first, so two senders (the
    worker and the cron command, or two of either) never both send it at once, and no
    database lock is held while talking to the mail server. A crash between the server
    accepting it and `sent_at` being written sends it again after `SEND_LEASE`, under
    the same Message-ID.
    """
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(pk=email_id, sent_at__isnull=True, next_attempt_at__lte=now).update(
        attempts=F("attempts") + 1, next_attempt_at=now + SEND_LEASE
    )
    if not claimed:
        return Outcome.ELSEWHERE
    email = OutboundEmail.objects.select_related("appointment", "contact_message").get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        reply_to=[reply_to(email)],
        # An automatic message (RFC 3834): out-of-office replies and other auto-responders stay silent.
        headers={"Message-ID": message_id(email), "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(email.body_html, "text/html")
    if email.ics:
        # The invitation as clients expect it: a part of the message itself (Gmail and Outlook act on it) and, for
        # the rest, the same calendar as an attachment.
        content_type = f"text/calendar; method={email.ics_method}; charset=utf-8"
        message.attach_alternative(email.ics, content_type)
        message.attach("appointment.ics", email.ics, content_type)
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
        error_text = f"{type(error).__name__}: {error}"[:500]
        retry_at = timezone.now() + dt.timedelta(minutes=2**email.attempts)
        OutboundEmail.objects.filter(pk=email_id).update(last_error=error_text, next_attempt_at=retry_at)
        # The recipient's address stays out of the logs: the outbox row (by id) has it.
        logger.warning("Email %s (%s) failed: %s", email.pk, email.kind, error_text)
        return Outcome.FAILED
    OutboundEmail.objects.filter(pk=email_id).update(sent_at=timezone.now(), last_error="")
    return Outcome.SENT


def reply_to(email) -> str:
    """Who a reply reaches: the patient, on the clinic's own emails about them; the clinician on all others, and on
    the clinic's own about a patient with no email address (a pain alert from a patient given the printout)."""
    if email.appointment is not None and KINDS.get(email.kind, ("", ""))[1] == "clinic" and email.appointment.email:
        return email.appointment.email
    if email.contact_message is not None:
        return email.contact_message.email
    return current_profile().email


def message_id(email) -> str:
    """The Message-ID of an outbox row: the same every time the row is sent, different for every row."""
    created = email.created_at.astimezone(dt.UTC)
    return f"<outbound-{email.pk}.{created:%Y%m%d%H%M%S%f}@{site_domain()}>"


def send_pending(now) -> dict[Outcome, int]:
    """Send every due email in the outbox; how many had each outcome."""
    counts = dict.fromkeys(Outcome, 0)
    for email_id in list(OutboundEmail.objects.due(now).order_by("created_at").values_list("pk", flat=True)[:500]):
        counts[send(email_id)] += 1
    return counts


def oldest_unsent_age(now) -> dt.timedelta | None:
    """How long the oldest email still waiting to go has waited (None if none waits)."""
    waiting = OutboundEmail.objects.waiting()
    created = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    return now - created if created else None


def outbox_health(now):
    """For /healthz: the oldest waiting email's age; unhealthy past HEALTHZ_EMAIL_MAX_AGE_MINUTES."""
    age = oldest_unsent_age(now)
    seconds = int(age.total_seconds()) if age else 0
    healthy = seconds <= settings.HEALTHZ_EMAIL_MAX_AGE_MINUTES * 60
    return "email", {"oldest_unsent_seconds": seconds, "ok": healthy}, healthy
