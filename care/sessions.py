"""A patient's log of one day's session: what was done, the pain (0–10, during or after), a note. One log a day per
programme: a second submission the same day updates it, and two at once never make two. A pain score at or above
Booking rules' threshold asks the patient to stop and contact the clinic, and emails the clinician (once a day) that
a log needs their attention, with a link to admin and nothing of the log itself.
"""

from __future__ import annotations

import enum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bookings import emails
from bookings.models import BookingRules
from care.models import MAX_PAIN, SessionLog


class Alert(enum.Enum):
    NONE = "none"
    STOP = "stop"  # stop the exercise that hurts and contact the clinic
    URGENT = "urgent"  # and NHS 111 / 999: the worst pain there is


def alert_for(pain: int, threshold: int) -> Alert:
    if pain >= MAX_PAIN:
        return Alert.URGENT
    if pain >= threshold:
        return Alert.STOP
    return Alert.NONE


def record(programme, day, *, done: list[str], pain: int, pain_when: str, note: str) -> tuple[SessionLog, Alert]:
    """Store `day`'s log (or update it, if the patient already logged that day); queue the clinician's email the
    first time that day's pain reaches the threshold."""
    alert = alert_for(pain, BookingRules.load().pain_alert_threshold)
    values = {
        "done": done,
        "pain": pain,
        "pain_when": pain_when,
        "note": note,
        "needs_attention": alert is not Alert.NONE,
    }
    with transaction.atomic():
        log, was_flagged = _save(programme, day, values)
        # Told once while the log stays flagged; once the clinician has cleared it, a new alert tells them again.
        if alert is not Alert.NONE and (log.alerted_at is None or not was_flagged):
            SessionLog.objects.filter(pk=log.pk).update(alerted_at=timezone.now())
            emails.queue(
                "exercise_log_attention",
                programme.appointment,
                log_url=f"{settings.SITE_URL}{reverse('admin:care_programme_change', args=[programme.pk])}",
            )
    return log, alert


def _save(programme, day, values) -> tuple[SessionLog, bool]:
    """Update the day's log, or create it; a create racing another (a second tab) becomes an update. Returns the
    log and whether it was already flagged for the clinician. The day's highest pain is kept whatever is saved
    later (`SessionLog.save`), so a second save (or an older tab) with less pain never hides the worst from the
    clinician."""
    log = _existing(programme, day)
    if log is None:
        try:
            with transaction.atomic():
                log = SessionLog.objects.create(programme=programme, day=day, **values)
                return log, False
        except IntegrityError:
            log = _existing(programme, day)
    attention = log.needs_attention  # once the clinician is told, the log stays flagged for them until cleared
    for name, value in values.items():
        setattr(log, name, value)
    log.needs_attention = attention or log.needs_attention
    log.save()
    return log, attention


def _existing(programme, day) -> SessionLog | None:
    return SessionLog.objects.select_for_update().filter(programme=programme, day=day).first()
