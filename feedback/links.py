"""The patient's signed link to answer the feedback request, a `bookings.links.LinkKind`: a salt of its own, no
change on opening (GET), and nothing shown of anyone when it is forged, expired or for a request deleted since, or
an appointment anonymised since (404).

The token names the request and when it was sent; it works through `valid_until`, the UK date `LINK_DAYS` after the
day it was sent (the date the email and the page show), and the same link shows the answer given and lets the
patient change it (never a second answer).
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from bookings.links import InvalidLink, LinkKind, timestamp_of
from feedback.models import FeedbackRequest

SALT = "feedback.answer"
LINK_DAYS = 60
MAX_AGE = dt.timedelta(days=LINK_DAYS + 2)  # bounds any token, the clocks changing too; `valid_until` is the rule

ANSWER = LinkKind(SALT, MAX_AGE, ("q", "s"), timestamp_of("sent_at"), appointment="appointment")


def answer_token(request) -> str:
    return ANSWER.sign(request)


def answer_path(request) -> str:
    return reverse("feedback:answer", args=[answer_token(request)])


def valid_until(request) -> dt.date:
    """The last day the link works (UK date)."""
    return timezone.localtime(request.sent_at).date() + dt.timedelta(days=LINK_DAYS)


def request_for(token: str, today: dt.date) -> FeedbackRequest:
    """The request a token names, if it still exists, its appointment is not anonymised and its link has not lapsed
    on `today` (UK date); else InvalidLink."""
    request = ANSWER.load(token, FeedbackRequest.objects.select_related("appointment", "feedback"))
    if today > valid_until(request):
        raise InvalidLink("expired")
    return request
