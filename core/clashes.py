"""Bookings that a change to the clinic's hours would leave outside them, asked about before the change is saved.

A closure saved over a confirmed appointment, or opening hours cut back under one, must not pass silently: the
clinician is shown each booking it clashes with and chooses, for each, to keep it, move it or cancel it. The app
that holds the bookings registers, from its AppConfig.ready, a `Holder` that finds them and acts on a choice, so
the clinic's admin, which asks, names no booking model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Clash:
    key: (
        str  # the holder's prefix, then what it needs to act on this booking as it was seen ("appointment:7:confirmed")
    )
    summary: str  # "Mon 30 Nov, 09:00–09:45 · Jane Doe · Follow-up (confirmed)"
    url: str  # the booking's own page
    move_url: str  # where it is given another time
    emails_patient: bool  # a cancellation tells the patient by email (they gave an address)


class Holder(Protocol):
    prefix: str

    def clashes(self, schedule, now) -> list[Clash]:
        """Bookings from `now` on that `schedule` (a `clinic.hours.Schedule`) would leave outside opening hours."""

    def keep(self, key: str, *, user, why: str) -> bool:
        """Record that the clinician keeps the booking despite the change; False if it changed meanwhile."""

    def cancel(self, key: str, *, user, message: str) -> bool:
        """Cancel the booking, telling the patient; False if it changed meanwhile."""


HOLDERS: dict[str, Holder] = {}

CHOICES = {"keep": "Keep it: I’ll see the patient anyway", "move": "Move it to another time", "cancel": "Cancel it"}


def register(holder: Holder) -> None:
    HOLDERS[holder.prefix] = holder


def new_clashes(before, after, now) -> list[Clash]:
    """The bookings `after` leaves outside opening hours that `before` did not (one kept through an earlier change
    is not asked about again)."""
    known = {clash.key for holder in HOLDERS.values() for clash in holder.clashes(before, now)}
    return [clash for holder in HOLDERS.values() for clash in holder.clashes(after, now) if clash.key not in known]


def _holder(key: str) -> Holder:
    return HOLDERS[key.split(":", 1)[0]]


def keep(key: str, *, user, why: str) -> bool:
    return _holder(key).keep(key, user=user, why=why)


def cancel(key: str, *, user, message: str) -> bool:
    return _holder(key).cancel(key, user=user, message=message)
