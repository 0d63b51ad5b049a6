"""The patient's signed links from a follow-up email, `bookings.links.LinkKind`s: a salt of their own, no change on
opening (GET), and nothing shown of anyone when forged, expired, for a follow-up deleted since or for an appointment
anonymised since (404).

The answer link lasts through `answer_until`, `ANSWER_DAYS` after the email was sent (the next follow-up, weeks
later, brings a new one); the stop link lasts `STOP_MAX_AGE`, so "no more emails" works from an old email too.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from bookings.links import InvalidLink, LinkKind, timestamp_of
from outcomes.models import FollowUp

SALT = "outcomes.followup"
STOP_SALT = "outcomes.followup-stop"
ANSWER_DAYS = 28
MAX_AGE = dt.timedelta(days=ANSWER_DAYS + 1)  # bounds any token; `answer_until` is the rule
STOP_MAX_AGE = dt.timedelta(days=2 * 365)


ANSWER = LinkKind(SALT, MAX_AGE, ("f", "c"), timestamp_of("created_at"), appointment="appointment")
STOP = LinkKind(STOP_SALT, STOP_MAX_AGE, ("f", "c"), timestamp_of("created_at"), appointment="appointment")


def _sent():
    return FollowUp.objects.sent().select_related("appointment__service")


def followup_path(followup) -> str:
    return reverse("outcomes:followup", args=[ANSWER.sign(followup)])


def stop_path(followup) -> str:
    return reverse("outcomes:stop", args=[STOP.sign(followup)])


def answer_until(followup) -> dt.date:
    """The last day the answer link works (UK date)."""
    return timezone.localtime(followup.sent_at).date() + dt.timedelta(days=ANSWER_DAYS)


def followup_for(token: str, today: dt.date) -> FollowUp:
    """The sent follow-up a token names, while its answer link lasts on `today`; else InvalidLink."""
    followup = ANSWER.load(token, _sent())
    if today > answer_until(followup):
        raise InvalidLink("expired")
    return followup


def stop_followup_for(token: str) -> FollowUp:
    """The follow-up a stop token names (its email's "no more follow-ups" link); else InvalidLink."""
    return STOP.load(token, _sent())
