"""Constants and helpers shared by the bookings tests (fixtures are in conftest.py)."""

import datetime as dt

from icalendar import Calendar

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
