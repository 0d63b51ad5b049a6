"""The privacy notice's version (recorded with every consent a patient gives), and the cookies it lists.

Change the version whenever the wording of clinic/templates/clinic/privacy.html changes in substance.
The cookie list is built from the settings that decide each cookie, so the notice says what the site sets.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

PRIVACY_NOTICE_VERSION = "2026-11-26.1"  # .1: exercise programmes, follow-ups and feedback


def last_updated(version: str = PRIVACY_NOTICE_VERSION) -> dt.date:
    """The day a version of the notice was written, which patients read ("Last updated 25 November 2026"): the
    version is that date in ISO form, then a number for the day's edits ("2026-11-25.3")."""
    return dt.date.fromisoformat(version.split(".", 1)[0])


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lasts: str


def _duration(seconds: int) -> str:
    """A cookie's lifetime as a person says it (Django's CSRF default, 364 days, is "1 year")."""
    if seconds >= 360 * 86400:
        count, unit = round(seconds / (365 * 86400)), "year"
    else:
        size, unit = next((size, unit) for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))
                          if seconds % size == 0 and seconds >= size)  # fmt: skip
        count = seconds // size
    return f"{count} {unit}{'s' if count != 1 else ''}"


def cookies() -> list[Cookie]:
    """Every cookie the site can set, with what it is for and how long it lasts (all strictly necessary)."""
    return [
        Cookie(
            settings.CSRF_COOKIE_NAME,
            "Set when a page has a form (booking, managing an appointment), so that no other website can send "
            "the form in your name.",
            _duration(settings.CSRF_COOKIE_AGE),
        ),
        Cookie(
            settings.SESSION_COOKIE_NAME,
            "Keeps your answers between the booking steps, and the clinician signed in to admin.",
            f"{_duration(settings.BOOKING_DRAFT_SECONDS)} after your last booking step "
            f"(the clinician’s: {_duration(settings.STAFF_SESSION_IDLE_SECONDS)} idle)",
        ),
        Cookie(
            "messages",
            "Carries a one-line notice (such as “Choose a service first”) to the next page.",
            "until the next page",
        ),  # fmt: skip
    ]
