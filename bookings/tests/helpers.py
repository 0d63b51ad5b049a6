"""Constants and helpers shared by the bookings tests (fixtures are in conftest.py)."""

import datetime as dt

from icalendar import Calendar

from bookings.models import Appointment
from bookings.tests.walker import DETAILS, BookingWalk, DjangoTestClient
from bookings.tests.walker import safety_answers as safety_answers  # the tests import it from here

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
S = Appointment.Status
SECRET_NOTE = "left knee swollen after the marathon"


def calendar_of(message):
    ics = next(content for name, content, mimetype in message.attachments if name.endswith(".ics"))
    return Calendar.from_ical(ics)


def event_of(calendar):
    return next(iter(calendar.walk("VEVENT")))


def begin(client, service="initial-assessment", concern="knee", worrying=()):
    """Steps 1 and 2 with the test client (`walker.BookingWalk`): choose the service and the area, then answer the
    area's safety questions (`safety_answers`: the worrying answer to those in `worrying`). Returns the response to
    the answers."""
    walk = BookingWalk(DjangoTestClient(client))
    walk.start(service, concern)
    return walk.answer_safety(worrying).raw


def walk_to_check(client, service="initial-assessment", slot="2026-11-30T09:00:00Z", details=DETAILS):
    """Steps 1 to 4 with the test client, the reassuring answer to every safety question; returns the response to
    the details."""
    return BookingWalk(DjangoTestClient(client)).to_check(service, slot=slot, details=details).raw
