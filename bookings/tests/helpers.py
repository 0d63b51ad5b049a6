"""Constants and helpers shared by the bookings tests (fixtures are in conftest.py)."""

import datetime as dt
from http import HTTPStatus

from django.urls import reverse
from icalendar import Calendar

from bookings import triage
from bookings.models import Appointment

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
S = Appointment.Status
SECRET_NOTE = "left knee swollen after the marathon"


def calendar_of(message):
    ics = next(content for name, content, mimetype in message.attachments if name.endswith(".ics"))
    return Calendar.from_ical(ics)


def event_of(calendar):
    return next(iter(calendar.walk("VEVENT")))


DETAILS = {
    "name": "Ann Runner",
    "email": "Ann@Example.com",
    "phone": "07700 900123",
    "concern": "knee",
    "notes": "Hurts after 5 km.",
    "consent": "on",
}


def safety_answers(concern="knee", yes=()):
    """The form's answers to an area's safety questions: "no" to each, except "yes" to those whose text is in
    `yes`."""
    return {f"q{q.pk}": "yes" if q.question in yes else "no" for q in triage.questions_for(concern)}


def begin(client, service="initial-assessment", concern="knee", yes=()):
    """Steps 1 and 2: choose the service and the area, then answer the area's safety questions
    (`safety_answers`). Returns the response to the answers."""
    response = client.get(reverse("bookings:safety"), {"service": service, "concern": concern})
    assert response.status_code == HTTPStatus.OK, response.content.decode()[:2000]
    return client.post(reverse("bookings:safety"), safety_answers(concern, yes))


def walk_to_check(client, service="initial-assessment", slot="2026-11-30T09:00:00Z", details=DETAILS):
    assert begin(client, service)["Location"] == reverse("bookings:time")
    assert client.get(reverse("bookings:time")).status_code == HTTPStatus.OK
    response = client.post(reverse("bookings:time"), {"date": "2026-11-30", "slot": slot})
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    response = client.post(reverse("bookings:details"), details)
    assert response["Location"] == reverse("bookings:check")
    return response
