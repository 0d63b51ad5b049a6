"""Signed, expiring links that let a patient see and manage one appointment (pages: `views.manage`), fill in its
pre-visit questionnaire (`views.questionnaire`), leave the waitlist, or claim a time offered from it
(`views.waitlist`).

The token names the appointment and its reference; it is signed with the secret key and
a salt of its own, and expires. Opening a link (GET) never changes anything: email link
scanners open them. Every page a link opens is a `signed_link` view.
"""

import datetime as dt
import functools
from http import HTTPStatus

from django.core import signing
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from bookings.models import Appointment, BookingRules, WaitlistEntry, WaitlistOffer

SALT = "bookings.manage-link"
MAX_AGE = dt.timedelta(days=120)
QUESTIONNAIRE_SALT = "bookings.questionnaire"
WAITLIST_SALT = "bookings.waitlist-entry"
OFFER_SALT = "bookings.waitlist-offer"
OFFER_MAX_AGE = dt.timedelta(days=14)  # an offer itself lasts hours (`WaitlistOffer.expires_at`)


class InvalidLink(Exception):
    pass


def signed_link(load, invalid_template="bookings/manage_invalid.html"):
    """Decorate a view `view(request, obj, token)` reached by a signed link from an email: `load(token)` gives the
    object or raises InvalidLink, which shows nothing of anyone (404, `invalid_template`: what the link was for and
    how to get a new one). Never cached, never indexed."""

    def decorator(view):
        @functools.wraps(view)
        @never_cache
        def wrapper(request, token):
            try:
                obj = load(token)
            except InvalidLink:
                return render(request, invalid_template, status=HTTPStatus.NOT_FOUND)
            response = view(request, obj, token)
            response["X-Robots-Tag"] = "noindex"
            return response

        return wrapper

    return decorator


def manage_token(appointment) -> str:
    return signing.dumps({"a": appointment.pk, "r": appointment.reference}, salt=SALT, compress=True)


def manage_path(appointment) -> str:
    return reverse("bookings:manage", args=[manage_token(appointment)])


def _load(token: str, salt: str, max_age: dt.timedelta) -> dict:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidLink("expired") from error
    except signing.BadSignature as error:
        raise InvalidLink("tampered") from error
    if not isinstance(data, dict):
        raise InvalidLink("tampered")
    return data


def appointment_for(token: str) -> Appointment:
    """The appointment a manage token names; InvalidLink if tampered, expired or not matching."""
    return _appointment(_load(token, SALT, MAX_AGE))


def questionnaire_path(appointment) -> str:
    token = signing.dumps({"a": appointment.pk, "r": appointment.reference}, salt=QUESTIONNAIRE_SALT, compress=True)
    return reverse("bookings:questionnaire", args=[token])


def questionnaire_appointment_for(token: str) -> Appointment:
    """The appointment a questionnaire token names; the same rules as the manage link, with a salt of its own."""
    return _appointment(_load(token, QUESTIONNAIRE_SALT, MAX_AGE))


def _appointment(data: dict) -> Appointment:
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
    return appointment.holds_time and appointment.start - now >= BookingRules.load().cancellation_window


def waitlist_path(entry) -> str:
    """The entry's own page: see the waitlist entry and leave it."""
    token = signing.dumps({"e": entry.pk, "j": entry.joined_at.timestamp()}, salt=WAITLIST_SALT, compress=True)
    return reverse("bookings:waitlist_leave", args=[token])


def entry_for(token: str) -> WaitlistEntry:
    data = _load(token, WAITLIST_SALT, MAX_AGE)
    entry = WaitlistEntry.objects.select_related("service").filter(pk=data.get("e")).first()
    if entry is None or entry.joined_at.timestamp() != data.get("j"):
        raise InvalidLink("unknown")
    return entry


def offer_path(offer) -> str:
    token = signing.dumps({"o": offer.pk, "e": offer.entry_id}, salt=OFFER_SALT, compress=True)
    return reverse("bookings:waitlist_offer", args=[token])


def offer_for(token: str) -> WaitlistOffer:
    data = _load(token, OFFER_SALT, OFFER_MAX_AGE)
    offer = (
        WaitlistOffer.objects.select_related("entry__service", "appointment")
        .filter(pk=data.get("o"), entry_id=data.get("e"))
        .first()
    )
    if offer is None:
        raise InvalidLink("unknown")
    return offer
