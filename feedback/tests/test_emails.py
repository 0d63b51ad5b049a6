"""The one email asking for feedback: its link, when it works until, and nothing of the visit's health details or of
any answer; and answering emails no one (the clinician reads answers in admin)."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from bookings.models import OutboundEmail
from feedback import answers, links
from feedback.tests.conftest import DUE, asked, completed

pytestmark = pytest.mark.django_db
NOTES = "Zanzibar plantar fascia tear"


def test_the_email_links_to_the_page_says_until_when_and_holds_no_health_detail(clock, settings):
    settings.SITE_URL = "https://clinic.example.org"
    appointment = completed(clock, notes=NOTES, concern="ankle-foot")
    request = asked(clock, appointment)
    email = OutboundEmail.objects.get(kind="feedback_request")
    assert (email.to, email.subject) == ("ann@example.com", "How was your visit to Restore?")
    expected = f"https://clinic.example.org{links.answer_path(request)}"
    assert expected in email.body_text and f'href="{expected}"' in email.body_html
    assert "works until 30 January 2027" in email.body_text  # 60 days from 1 December
    for body in (email.subject, email.body_text, email.body_html):
        assert "Zanzibar" not in body and "plantar" not in body.lower() and "ankle" not in body.lower()
        assert "manage" not in body  # no "see, move or cancel" for a visit that is over


def test_the_link_in_the_email_opens_the_page(client, clock):
    asked(clock)
    email = OutboundEmail.objects.get(kind="feedback_request")
    (url,) = {u for u in re.findall(r"https?://\S+", email.body_text) if "/feedback/" in u}
    assert client.get(urlsplit(url).path).status_code == 200


def test_answering_sends_no_email_so_no_rating_or_comment_is_ever_in_one(
    client, clock, django_capture_on_commit_callbacks
):
    request = asked(clock)
    mail.outbox.clear()
    before = OutboundEmail.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(links.answer_path(request), {"rating": "2", "comment": "Xenial words", "may_publish": "on"})
        answers.approve(list(request.__class__.objects.values_list("feedback__pk", flat=True)), None, timezone.now())
    assert OutboundEmail.objects.count() == before and mail.outbox == []
    assert not OutboundEmail.objects.filter(body_text__contains="Xenial").exists()
    assert timezone.now() == DUE
