"""The patient's signed links from a follow-up email, by `bookings.links`' rules: a salt of their own, no change on
opening (GET), and nothing shown of anyone when forged, expired or for a follow-up deleted since (404).

The answer link lasts `ANSWER_DAYS` after the email was sent (the next follow-up, weeks later, brings a new one); the
stop link lasts `STOP_MAX_AGE`, so "no more emails" works from an old email too.
"""

import datetime as dt

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from bookings.links import InvalidLink, _load
from outcomes.models import FollowUp

SALT = "outcomes.followup"
STOP_SALT = "outcomes.followup-stop"
ANSWER_DAYS = 28
MAX_AGE = dt.timedelta(days=ANSWER_DAYS + 1)  # bounds any token; `answer_until` is the rule
STOP_MAX_AGE = dt.timedelta(days=2 * 365)


def _token(followup, salt) -> str:
    return signing.dumps({"f": followup.pk, "c": followup.created_at.timestamp()}, salt=salt, compress=True)


def followup_path(followup) -> str:
    return reverse("outcomes:followup", args=[_token(followup, SALT)])


def stop_path(followup) -> str:
    return reverse("outcomes:stop", args=[_token(followup, STOP_SALT)])


def answer_until(followup) -> dt.date:
    """The last day the answer link works (UK date)."""
    return timezone.localtime(followup.sent_at).date() + dt.timedelta(days=ANSWER_DAYS)


def _followup(data: dict) -> FollowUp:
    followup = (
        FollowUp.objects.select_related("appointment__service")
        .filter(pk=data.get("f"), sent_at__isnull=False, appointment__anonymised_at__isnull=True)
        .first()
    )
    if followup is None or followup.created_at.timestamp() != data.get("c"):
        raise InvalidLink("unknown")
    return followup


def followup_for(token: str, today: dt.date) -> FollowUp:
    """The sent follow-up a token names, while its answer link lasts on `today`; else InvalidLink."""
    followup = _followup(_load(token, SALT, MAX_AGE))
    if today > answer_until(followup):
        raise InvalidLink("expired")
    return followup


def stop_followup_for(token: str) -> FollowUp:
    """The follow-up a stop token names (its email's "no more follow-ups" link); else InvalidLink."""
    return _followup(_load(token, STOP_SALT, STOP_MAX_AGE))
