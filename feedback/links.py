"""The patient's signed link to answer the feedback request, by `bookings.links`' rules: a salt of its own, no
change on opening (GET), and nothing shown of anyone when it is forged, expired or for a request deleted since, or
an appointment anonymised since (404).

The token names the request and when it was sent; it works for `LINK_DAYS` from then, and the same link shows the
answer given and lets the patient change it (never a second answer).
"""

import datetime as dt

from django.core import signing
from django.urls import reverse

from bookings.links import InvalidLink, _load
from feedback.models import FeedbackRequest

SALT = "feedback.answer"
LINK_DAYS = 60
MAX_AGE = dt.timedelta(days=LINK_DAYS)


def answer_token(request) -> str:
    return signing.dumps({"q": request.pk, "s": request.sent_at.timestamp()}, salt=SALT, compress=True)


def answer_path(request) -> str:
    return reverse("feedback:answer", args=[answer_token(request)])


def valid_until(request) -> dt.datetime:
    return request.sent_at + MAX_AGE


def request_for(token: str, now: dt.datetime) -> FeedbackRequest:
    """The request a token names, if it still exists, its appointment is not anonymised and its link has not lapsed
    at `now`; else InvalidLink."""
    data = _load(token, SALT, MAX_AGE)
    request = (
        FeedbackRequest.objects.select_related("appointment", "feedback").filter(pk=data.get("q")).first()
    )  # fmt: skip
    if request is None or request.sent_at.timestamp() != data.get("s"):
        raise InvalidLink("unknown")
    if request.appointment.anonymised_at is not None or now >= valid_until(request):
        raise InvalidLink("expired")
    return request
