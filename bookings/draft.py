"""The patient's booking draft: their answers between the booking steps, kept in their session until the request is
sent (`views.flow`), and read by the waitlist's form to fill in what the patient already said (`views.waitlist`).

A draft lasts BOOKING_DRAFT_SECONDS from its last change, not the session's weeks: it holds a name and health
details. Its `key`, drawn when it is first saved, names the request it becomes (`Appointment.request_key`), so a
draft sent twice (a double click, a resubmitted form) makes one appointment.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings

from bookings import availability
from bookings.models import Service


class BookingDraft:
    SESSION_KEY = "booking"
    SENT_KEY = "booking_done"  # the reference of the request the last draft became, for the confirmation page

    def __init__(self, session):
        self._session = session

    @property
    def _data(self) -> dict:
        return self._session.get(self.SESSION_KEY) or {}

    def _save(self, **changes) -> None:
        data = self._data
        self._session[self.SESSION_KEY] = {**data, "key": data.get("key") or secrets.token_hex(16), **changes}
        self._session.set_expiry(settings.BOOKING_DRAFT_SECONDS)

    # --- What the patient has answered -----------------------------------------------------------------------

    @property
    def key(self) -> str | None:
        """The draft's idempotency key: the request it becomes is found by it."""
        return self._data.get("key")

    @property
    def service(self) -> Service | None:
        """The service chosen, while it can still be booked online (one query)."""
        slug = self._data.get("service")
        return Service.objects.active().filter(slug=slug).first() if slug else None

    @property
    def concern(self) -> str | None:
        return self._data.get("concern")

    @property
    def screening(self) -> dict | None:
        """What the safety questions found (`triage.screen`: answers, advice, reasons), if they were answered for
        the area now chosen; None until they are, or once the patient chooses another area."""
        saved = self._data.get("safety") or {}
        return saved if self.concern and saved.get("concern") == self.concern else None

    @property
    def start(self) -> dt.datetime | None:
        return availability.parse_value(self._data.get("start"))

    @property
    def details(self) -> dict | None:
        """The patient's details as step 4 cleaned them (name, email, phone, notes)."""
        return self._data.get("details")

    @property
    def consented(self) -> bool:
        """Did the patient tick consent with their details?"""
        return bool(self._data.get("consent"))

    # --- Each step's answers -----------------------------------------------------------------------------------

    def choose(self, service: Service, concern: str) -> None:
        self._save(service=service.slug, concern=concern)

    def record_screening(self, screening: dict) -> None:
        """Keep `triage.screen`'s findings for the area now chosen."""
        self._save(safety={"concern": self.concern, **screening})

    def choose_start(self, start: dt.datetime | None) -> None:
        """Keep the start chosen, or forget it (None: the time was taken meanwhile)."""
        self._save(start=availability.as_value(start) if start else None)

    def give_details(self, details: dict) -> None:
        """Keep the patient's details and their consent, ticked with them."""
        self._save(details=details, consent=True)

    # --- Sent ----------------------------------------------------------------------------------------------------

    def sent(self, reference: str) -> None:
        """The draft became the request `reference`: forget the answers, and remember the reference."""
        self._session.pop(self.SESSION_KEY, None)
        self._session[self.SENT_KEY] = reference

    @property
    def sent_reference(self) -> str | None:
        """The reference of the request this browser's last draft became."""
        return self._session.get(self.SENT_KEY)
