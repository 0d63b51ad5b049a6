"""The patient's signed link to their programme, a `bookings.links.LinkKind`: a salt of its own, no change on
opening (GET), and nothing shown of anyone when it is forged, expired, for a programme deleted since or for an
appointment anonymised since (404).

It names the programme and when it was created, and lasts until `LINK_DAYS_AFTER_REVIEW` after the review date (the
date as it is now, so moving the review keeps the link working); `MAX_AGE` bounds any token however the dates move.
"""

import datetime as dt

from django.urls import reverse

from bookings.links import InvalidLink, LinkKind, timestamp_of
from care.models import Programme

SALT = "care.programme"
MAX_AGE = dt.timedelta(days=3 * 365)
LINK_DAYS_AFTER_REVIEW = 30
# The one-click stop in every exercise reminder: a salt of its own, so a programme link can't stop reminders and a
# stop link can't open the programme. It works as long as the programme exists (stopping is always allowed).
STOP_SALT = "care.reminders-stop"


PROGRAMME = LinkKind(SALT, MAX_AGE, ("p", "c"), timestamp_of("created_at"), appointment="appointment")
STOP_REMINDERS = LinkKind(STOP_SALT, MAX_AGE, ("p", "c"), timestamp_of("created_at"), appointment="appointment")


def _given():
    return Programme.objects.given().select_related("appointment")


def programme_token(programme) -> str:
    return PROGRAMME.sign(programme)


def programme_path(programme) -> str:
    return reverse("care:programme", args=[programme_token(programme)])


def valid_until(programme) -> dt.date:
    return programme.review_date + dt.timedelta(days=LINK_DAYS_AFTER_REVIEW)


def programme_for(token: str, today: dt.date) -> Programme:
    """The programme a token names, if it still exists and its link has not lapsed on `today`; else InvalidLink."""
    programme = PROGRAMME.load(token, _given())
    if today > valid_until(programme):
        raise InvalidLink("expired")
    return programme


def stop_reminders_path(programme) -> str:
    return reverse("care:stop_reminders", args=[STOP_REMINDERS.sign(programme)])


def programme_to_stop(token: str) -> Programme:
    """The programme a stop token names, if it still exists and its appointment is not anonymised; else
    InvalidLink."""
    return STOP_REMINDERS.load(token, _given())
