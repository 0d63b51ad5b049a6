"""The feedback answer link (`bookings.links.LinkKind`): tokens already emailed keep loading, an anonymised visit's
link names no one."""

import datetime as dt

import pytest
from django.core import signing

from bookings.links import InvalidLink
from feedback import links
from feedback.tests.conftest import DUE


def test_a_token_made_before_link_kinds_still_loads(feedback_request):
    payload = {"q": feedback_request.pk, "s": feedback_request.sent_at.timestamp()}
    token = signing.dumps(payload, salt="feedback.answer", compress=True)
    assert links.request_for(token, DUE.date()) == feedback_request
    assert links.answer_token(feedback_request) == token  # the very same token


def test_an_anonymised_visits_link_names_no_one(feedback_request):
    token = links.answer_token(feedback_request)
    type(feedback_request.appointment).objects.update(anonymised_at=DUE)
    with pytest.raises(InvalidLink, match="unknown"):
        links.request_for(token, DUE.date())


def test_the_link_works_through_the_uk_date_the_email_shows(feedback_request):
    """Sent at 10:00 on 1 December: the email says it works until 30 January, and it does, all that day."""
    token = links.answer_token(feedback_request)
    assert links.valid_until(feedback_request) == dt.date(2027, 1, 30)
    assert links.request_for(token, dt.date(2027, 1, 30)) == feedback_request
    with pytest.raises(InvalidLink, match="expired"):
        links.request_for(token, dt.date(2027, 1, 31))


def test_in_summer_the_last_day_is_the_uk_one(feedback_request):
    """Sent at 00:30 BST on 1 June (23:30 UTC on 31 May): the UK day it was sent counts."""
    feedback_request.sent_at = dt.datetime(2027, 5, 31, 23, 30, tzinfo=dt.UTC)
    assert links.valid_until(feedback_request) == dt.date(2027, 7, 31)
