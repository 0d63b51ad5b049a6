"""Reading an email as its recipient does (`test_email_kinds`): the message as sent and parsed back, its links, and
whether a link opens."""

import re
from email import policy
from email.parser import BytesParser
from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import urlsplit

from django.urls import resolve


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name in ("href", "src") and value is not None]


def hrefs_in(html):
    parser = Links()
    parser.feed(html)
    return parser.hrefs


URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)


def received(message):
    """The message as sent (MIME, encoded) and parsed back: (headers, text, html, calendar or None)."""
    parsed = BytesParser(policy=policy.default).parsebytes(message.message().as_bytes())
    text = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    calendars = [part for part in parsed.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert len(calendars) <= 1
    calendar = calendars[0].get_content().replace("\r\n ", "") if calendars else None  # lines unfolded
    headers = "\n".join(f"{name}: {value}" for name, value in parsed.items())
    return headers, text and text.get_content(), html and html.get_content(), calendar


def opens(url, client, admin_client):
    """The page a link in an email leads to answers 200 (the admin's pages to a signed-in clinician)."""
    parts = urlsplit(url)
    match = resolve(parts.path)
    browser = admin_client if match.namespace == "admin" else client
    if browser is admin_client:  # signed in now: the email may come weeks after the test's session began
        from django.contrib.auth import get_user_model

        admin_client.force_login(get_user_model().objects.get(username="admin"))
    response = browser.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    return response.status_code == HTTPStatus.OK
