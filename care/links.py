"""The patient's signed link to their programme, by `bookings.links`' rules: a salt of its own, no change on opening
(GET), and nothing shown of anyone when it is forged, expired or for a programme deleted since (404).

It names the programme and when it was created, and lasts until `LINK_DAYS_AFTER_REVIEW` after the review date (the
date as it is now, so moving the review keeps the link working); `MAX_AGE` bounds any token however the dates move.
"""

import datetime as dt

from django.core import signing
from django.urls import reverse

from bookings.links import InvalidLink, _load
from care.models import Programme

SALT = "care.programme"
MAX_AGE = dt.timedelta(days=3 * 365)
LINK_DAYS_AFTER_REVIEW = 30


def programme_token(programme) -> str:
    return signing.dumps({"p": programme.pk, "c": programme.created_at.timestamp()}, salt=SALT, compress=True)


def programme_path(programme) -> str:
    return reverse("care:programme", args=[programme_token(programme)])


def valid_until(programme) -> dt.date:
    return programme.review_date + dt.timedelta(days=LINK_DAYS_AFTER_REVIEW)


def programme_for(token: str, today: dt.date) -> Programme:
    """The programme a token names, if it still exists and its link has not lapsed on `today`; else InvalidLink."""
    data = _load(token, SALT, MAX_AGE)
    programme = Programme.objects.given().select_related("appointment").filter(pk=data.get("p")).first()
    if programme is None or programme.created_at.timestamp() != data.get("c"):
        raise InvalidLink("unknown")
    if programme.appointment.anonymised_at is not None or today > valid_until(programme):
        raise InvalidLink("expired")
    return programme


# The one-click stop in every exercise reminder: a salt of its own, so a programme link can't stop reminders and a
# stop link can't open the programme. It works as long as the programme exists (stopping is always allowed).
STOP_SALT = "care.reminders-stop"


def stop_reminders_path(programme) -> str:
    token = signing.dumps({"p": programme.pk, "c": programme.created_at.timestamp()}, salt=STOP_SALT, compress=True)
    return reverse("care:stop_reminders", args=[token])


def programme_to_stop(token: str) -> Programme:
    """The programme a stop token names, if it still exists and its appointment is not anonymised; else
    InvalidLink."""
    data = _load(token, STOP_SALT, MAX_AGE)
    programme = Programme.objects.given().select_related("appointment").filter(pk=data.get("p")).first()
    if programme is None or programme.created_at.timestamp() != data.get("c"):
        raise InvalidLink("unknown")
    if programme.appointment.anonymised_at is not None:
        raise InvalidLink("expired")
    return programme
