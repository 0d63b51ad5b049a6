"""A patient walking the booking flow, step by step: the one walker the tests, `make bench` and `make lighthouse` use.

Each step says where it must lead today (the next step's URL) and raises `FlowChanged` when it leads elsewhere.
Add a step to the flow, or a field a step requires, and the walker stops at the step before it, in the tests and
in the benchmarks alike, until it learns the new step: nothing goes on measuring a flow that no longer exists.

The walker drives a transport, as one browser: Django's test client (`DjangoTestClient`) or a real server over
HTTP (`HttpBrowser`). Both send the CSRF token a browser would send, and neither follows redirects: the walker
reads each one.
"""

from __future__ import annotations

import html
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http import HTTPStatus

from django.conf import settings
from django.urls import reverse

from bookings import availability, triage
from clinic.hours import local

DETAILS = {
    "name": "Ann Runner",
    "email": "Ann@Example.com",
    "phone": "07700 900123",
    "concern": "knee",
    "notes": "Hurts after 5 km.",
    "consent": "on",
}


class FlowChanged(AssertionError):
    """A step of the booking flow did not lead where the walker expects: the flow changed, or the walk broke."""


@dataclass(frozen=True)
class Reply:
    status: int
    location: str  # the redirect's path ("" unless a redirect)
    text: str
    raw: object  # the transport's own response: a Django response from the test client

    def summary(self) -> str:
        """The status, where it leads, the page's title and any error messages: enough to see what went wrong."""
        title = re.search(r"<title>(.*?)</title>", self.text, re.S)
        errors = re.findall(r'class="(?:field-error|error-summary)[^"]*"[^>]*>(.*?)</(?:p|div)>', self.text, re.S)
        words = [html.unescape(re.sub(r"<[^>]+>|\s+", " ", e)).strip() for e in errors]
        parts = [f"HTTP {self.status}", f"→ {self.location}" if self.location else "",
                 f"“{html.unescape(title.group(1).strip())}”" if title else self.text[:200], *words]  # fmt: skip
        return " ".join(p for p in parts if p)


def _path(location: str) -> str:
    return urllib.parse.urlsplit(location).path if location else ""


class DjangoTestClient:
    """Django's test `Client` as the walker's browser."""

    def __init__(self, client):
        self.client = client

    def get(self, path, params=None) -> Reply:
        return self._reply(self.client.get(path, params or {}))

    def post(self, path, data) -> Reply:
        cookie = self.client.cookies.get(settings.CSRF_COOKIE_NAME)
        token = {"csrfmiddlewaretoken": cookie.value} if cookie else {}
        return self._reply(self.client.post(path, {**data, **token}))

    @staticmethod
    def _reply(response) -> Reply:
        text = "" if response.streaming else response.content.decode(errors="replace")
        return Reply(response.status_code, _path(response.get("Location", "")), text, response)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # urllib then raises the redirect as an HTTPError, which `HttpBrowser` reads as a reply


class HttpBrowser:
    """One browser (its own cookies) talking to a server at `base` (http://host:port) over HTTP."""

    def __init__(self, base: str, timeout: float = 60):
        self.base, self.timeout = base, timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects)

    def cookie_header(self) -> str:
        """The browser's cookies as a Cookie header (to hand its session to another client, e.g. Lighthouse)."""
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def get(self, path, params=None) -> Reply:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return self._open(urllib.request.Request(self.base + path + query))

    def post(self, path, data) -> Reply:
        token = next((c.value for c in self.jar if c.name == settings.CSRF_COOKIE_NAME), "")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        return self._open(urllib.request.Request(self.base + path, data=body))

    def _open(self, request) -> Reply:
        try:
            response = self.opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            response = error
        with response:
            text = response.read().decode(errors="replace")
            return Reply(response.status, _path(response.headers.get("Location", "")), text, response)


def safety_answers(concern="knee", worrying=()):
    """The form's answers to an area's safety questions: the reassuring answer to each ("no", or "yes" to a question
    worded positively), except the worrying answer to those whose text is in `worrying`."""
    return {
        f"q{q.pk}": "yes" if (q.question in worrying) == q.worrying_answer else "no"
        for q in triage.questions_for(concern)
    }


def offered_times(text: str) -> list[str]:
    """The times a page offers as radio buttons (the time step, the "just taken" page): their slot values."""
    return re.findall(r'<input type="radio" name="slot"[^>]*? value="([^"]+)"', text)


class BookingWalk:
    """A patient's walk through the booking flow: service and area → safety questions → day and time → details
    and consent → check → send. Each step returns the server's `Reply` and raises `FlowChanged` unless it leads
    where the flow leads today."""

    def __init__(self, transport):
        self.transport = transport
        self.concern = None

    def _expect(self, reply: Reply, step: str, status=HTTPStatus.OK, leads_to=()) -> Reply:
        paths = [reverse(name) for name in leads_to]
        if reply.status != status or (paths and reply.location not in paths):
            wanted = f"HTTP {status}" + (f" → {' or '.join(paths)}" if paths else "")
            raise FlowChanged(f"{step}: expected {wanted}, got {reply.summary()}")
        return reply

    def start(self, service="initial-assessment", concern="knee") -> Reply:
        """Step 1 → 2: the service and the area (step 1's form is a GET to step 2); the safety questions."""
        self.concern = concern
        reply = self.transport.get(reverse("bookings:safety"), {"service": service, "concern": concern})
        return self._expect(reply, "service and area")

    def answer_safety(self, worrying=()) -> Reply:
        """Step 2 → 3: the reassuring answer to each safety question but those in `worrying`; on to the times, or to
        the advice first."""
        reply = self.transport.post(reverse("bookings:safety"), safety_answers(self.concern, worrying))
        return self._expect(reply, "safety questions", HTTPStatus.FOUND, ["bookings:time", "bookings:safety_advice"])

    def choose_time(self, slot=None) -> Reply:
        """Step 3 → 4: the days and times, then `slot` (an `availability` value; by default the first time
        offered) on its day; on to the details (or back to "check", if they were given already)."""
        page = self._expect(self.transport.get(reverse("bookings:time")), "times")
        slot = slot or next(iter(offered_times(page.text)), None)
        if slot is None:
            raise FlowChanged(f"times: no time offered: {page.summary()}")
        day = local(availability.parse_value(slot)).date()
        reply = self.transport.post(reverse("bookings:time"), {"date": f"{day:%Y-%m-%d}", "slot": slot})
        return self._expect(reply, "times", HTTPStatus.FOUND, ["bookings:details", "bookings:check"])

    def give_details(self, details=DETAILS) -> Reply:
        """Step 4 → 5: name, email, phone, notes and consent; on to "check your answers"."""
        reply = self.transport.post(reverse("bookings:details"), details)
        return self._expect(reply, "details", HTTPStatus.FOUND, ["bookings:check"])

    def to_check(self, service="initial-assessment", concern="knee", slot=None, details=DETAILS) -> Reply:
        """Steps 1 to 4 with the reassuring answer to every safety question; returns the details step's reply."""
        self.start(service, concern)
        self._expect(self.answer_safety(), "safety questions", HTTPStatus.FOUND, ["bookings:time"])
        self.choose_time(slot)
        return self.give_details(details)

    def check(self) -> Reply:
        """Step 5: "check your answers", as shown before sending."""
        return self._expect(self.transport.get(reverse("bookings:check")), "check")

    def send(self) -> tuple[str, Reply]:
        """Step 5 → 6: send the request. ("booked", reply) when it leads to the confirmation; ("taken", reply) when
        the time went to someone else first and the page offers other times; anything else raises `FlowChanged`."""
        reply = self.transport.post(reverse("bookings:check"), {})
        if reply.status == HTTPStatus.FOUND and reply.location == reverse("bookings:done"):
            return "booked", reply
        if reply.status == HTTPStatus.CONFLICT and offered_times(reply.text):
            return "taken", reply
        raise FlowChanged(
            f"send: expected HTTP 302 → {reverse('bookings:done')}, or HTTP 409 offering other times; "
            f"got {reply.summary()}"
        )
