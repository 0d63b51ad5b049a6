"""The feedback answer link (`bookings.links.LinkKind`): tokens already emailed keep loading, an anonymised visit's
link names no one."""

import pytest
from django.core import signing

from bookings.links import InvalidLink
from feedback import links
from feedback.tests.conftest import DUE


def test_a_token_made_before_link_kinds_still_loads(feedback_request):
    payload = {"q": feedback_request.pk, "s": feedback_request.sent_at.timestamp()}
    token = signing.dumps(payload, salt="feedback.answer", compress=True)
    assert links.request_for(token, DUE) == feedback_request
    assert links.answer_token(feedback_request) == token  # the very same token


def test_an_anonymised_visits_link_names_no_one(feedback_request):
    token = links.answer_token(feedback_request)
    type(feedback_request.appointment).objects.update(anonymised_at=DUE)
    with pytest.raises(InvalidLink, match="unknown"):
        links.request_for(token, DUE)
