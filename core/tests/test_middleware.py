"""Answers given before any view runs still carry the security headers; the clinician's session times out."""

import datetime as dt
from http import HTTPStatus

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
SECURITY_HEADERS = ["Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"]


@pytest.mark.parametrize(
    ("path", "host"),
    [
        ("/?q=%00", "testserver"),  # a NUL character, refused by core.middleware
        ("/", "evil.example"),  # a Host that is not allowed (the home page is cached)
        ("/book/time/", "evil.example"),  # …and one that is not
        ("/no-such-page/", "testserver"),
    ],
)
def test_every_answer_carries_the_security_headers(path, host):
    client = Client(raise_request_exception=False)
    client.get("/")  # warm the page cache
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code >= 400
    assert [h for h in SECURITY_HEADERS if h not in response] == []


class TestStaffSessions:
    START = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)

    def is_signed_in(self, client):
        response = client.get(reverse("admin:index"))
        return response.status_code == HTTPStatus.OK

    def test_thirty_minutes_idle_signs_the_clinician_out(self, client, admin_user):
        with time_machine.travel(self.START, tick=False) as clock:
            client.force_login(admin_user)
            assert self.is_signed_in(client)
            clock.shift(dt.timedelta(minutes=29))
            assert self.is_signed_in(client)  # and that request restarts the idle clock
            clock.shift(dt.timedelta(minutes=31))
            assert not self.is_signed_in(client)

    def test_twelve_hours_is_the_most_however_busy(self, client, admin_user):
        with time_machine.travel(self.START, tick=False) as clock:
            client.force_login(admin_user)
            for _ in range(12 * 3):  # a request every 20 minutes for 12 hours
                assert self.is_signed_in(client)
                clock.shift(dt.timedelta(minutes=20))
            clock.shift(dt.timedelta(minutes=1))
            assert not self.is_signed_in(client)
