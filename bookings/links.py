"""Signed, expiring links that let a patient see and manage one appointment (pages: `views.manage`).

The token names the appointment and its reference; it is signed with the secret key and
a salt of its own, and expires. Opening a link (GET) never changes anything: email link
scanners open them.
"""

import datetime as dt

from django.core import signing
from django.urls import reverse

from bookings.models import Appointment, BookingRules

SALT = "bookings.manage-link"
MAX_AGE = dt.timedelta(days=120)


class InvalidLink(Exception):
    pass


def manage_token(appointment) -> str:
    return signing.dumps({"a": appointment.pk, "r": appointment.reference}, salt=SALT, compress=True)


def manage_path(appointment) -> str:
    return reverse("bookings:manage", args=[manage_token(appointment)])


def appointment_for(token: str) -> Appointment:
    """The appointment a token names; InvalidLink if tampered, expired or not matching."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvalidLink("expired") from error
    except signing.BadSignature as error:
        raise InvalidLink("tampered") from error
    if not isinstance(data, dict):
        raise InvalidLink("tampered")
    appointment = (
        Appointment.objects.select_related("service")
        .filter(pk=data.get("a"), reference=data.get("r"), anonymised_at__isnull=True)
        .first()
    )
    if appointment is None:
        raise InvalidLink("unknown")
    return appointment


def change_allowed(appointment, now) -> bool:
    """Patients may cancel or move online until the cancellation window before the start."""
    window = dt.timedelta(hours=BookingRules.load().cancellation_window_hours)
    return appointment.holds_time and appointment.start - now >= window
