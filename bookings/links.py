"""Signed, expiring links that let a patient see and manage one appointment (pages: `views.manage`), fill in its
pre-visit questionnaire (`views.questionnaire`), leave the waitlist, or claim a time offered from it
(`views.waitlist`).

The token names the appointment and its reference; it is signed with the secret key and
a salt of its own, and expires. Opening a link (GET) never changes anything: email link
scanners open them. Every page a link opens is a `signed_link` view.

`LinkKind` is the one shape of every signed link, here and in the after-visit apps (care, outcomes, feedback): a
row's primary key and a stamp of it, signed with the kind's salt; loaded, the row must still exist with the same
stamp (a row deleted and its number reused is not reached) and, for a kind that says where its appointment is,
that appointment must not be anonymised. Each kind's payload keys and salt never change: tokens already emailed
keep working. How long a link lasts beyond `max_age` (a review date, a last day to answer) is its app's rule.
"""

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

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
    """Why a link opens nothing, in its argument: "tampered", "expired" or "unknown" (no such row now)."""


@dataclass(frozen=True)
class LinkKind:
    """One kind of signed link: the token is `{keys[0]: obj.pk, keys[1]: stamp(obj)}`, signed with `salt` and
    valid for `max_age`. `appointment` is the path from the object to its appointment ("" for an appointment
    itself; None if it has none to check): a link whose appointment is anonymised names no one now ("unknown")."""

    salt: str
    max_age: dt.timedelta
    keys: tuple[str, str]
    stamp: Callable[[Any], Any]
    appointment: str | None = None

    def sign(self, obj) -> str:
        pk_key, stamp_key = self.keys
        return signing.dumps({pk_key: obj.pk, stamp_key: self.stamp(obj)}, salt=self.salt, compress=True)

    def load(self, token: str, queryset):
        """The row of `queryset` the token names; InvalidLink if tampered, expired, or no such row now."""
        try:
            data = signing.loads(token, salt=self.salt, max_age=self.max_age)
        except signing.SignatureExpired as error:
            raise InvalidLink("expired") from error
        except signing.BadSignature as error:
            raise InvalidLink("tampered") from error
        if not isinstance(data, dict):
            raise InvalidLink("tampered")
        pk_key, stamp_key = self.keys
        if self.appointment is not None:
            prefix = f"{self.appointment}__" if self.appointment else ""
            queryset = queryset.filter(**{f"{prefix}anonymised_at__isnull": True})
        obj = queryset.filter(pk=data.get(pk_key)).first()
        if obj is None or self.stamp(obj) != data.get(stamp_key):
            raise InvalidLink("unknown")
        return obj


def timestamp_of(field: str) -> Callable[[Any], float]:
    """A stamp for `LinkKind`: when the row was made (or sent, or joined), set once, so a row deleted and another
    given its number does not open by the old link."""
    return lambda obj: getattr(obj, field).timestamp()


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


MANAGE = LinkKind(SALT, MAX_AGE, ("a", "r"), lambda appointment: appointment.reference, appointment="")
QUESTIONNAIRE = LinkKind(
    QUESTIONNAIRE_SALT, MAX_AGE, ("a", "r"), lambda appointment: appointment.reference, appointment=""
)
WAITLIST_ENTRY = LinkKind(WAITLIST_SALT, MAX_AGE, ("e", "j"), timestamp_of("joined_at"))
WAITLIST_OFFER = LinkKind(OFFER_SALT, OFFER_MAX_AGE, ("o", "e"), lambda offer: offer.entry_id)


def manage_token(appointment) -> str:
    return MANAGE.sign(appointment)


def manage_path(appointment) -> str:
    return reverse("bookings:manage", args=[manage_token(appointment)])


def appointment_for(token: str) -> Appointment:
    """The appointment a manage token names; InvalidLink if tampered, expired or not matching."""
    return MANAGE.load(token, Appointment.objects.select_related("service"))


def questionnaire_path(appointment) -> str:
    return reverse("bookings:questionnaire", args=[QUESTIONNAIRE.sign(appointment)])


def questionnaire_appointment_for(token: str) -> Appointment:
    """The appointment a questionnaire token names; the same rules as the manage link, with a salt of its own."""
    return QUESTIONNAIRE.load(token, Appointment.objects.select_related("service"))


def change_allowed(appointment, now) -> bool:
    """Patients may cancel or move online until the cancellation window before the start."""
    return appointment.holds_time and appointment.start - now >= BookingRules.load().cancellation_window


def waitlist_path(entry) -> str:
    """The entry's own page: see the waitlist entry and leave it."""
    return reverse("bookings:waitlist_leave", args=[WAITLIST_ENTRY.sign(entry)])


def entry_for(token: str) -> WaitlistEntry:
    return WAITLIST_ENTRY.load(token, WaitlistEntry.objects.select_related("service"))


def offer_path(offer) -> str:
    return reverse("bookings:waitlist_offer", args=[WAITLIST_OFFER.sign(offer)])


def offer_for(token: str) -> WaitlistOffer:
    return WAITLIST_OFFER.load(token, WaitlistOffer.objects.select_related("entry__service", "appointment"))
