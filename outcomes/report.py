"""The outcomes report: how many answered, and how much patients changed on their own activities (Patient-Specific
Functional Scale: higher is better), overall, by service and by area of concern, and as a pseudonymous CSV.

A patient's change is their latest answered follow-up's average score minus their average before the visit, over
the activities scored both times. A change is clinically important at an average of 2 points or more, or 3 points or
more on any one activity (Stratford et al.). Exact fractions, so a change of exactly 2 is 2.
"""

from __future__ import annotations

import csv
import statistics
from dataclasses import dataclass
from fractions import Fraction

from django.utils import timezone

from bookings.reports import csv_safe
from outcomes.models import FollowUp

IMPORTANT_AVERAGE = 2
IMPORTANT_SINGLE = 3


@dataclass(frozen=True)
class Outcome:
    """One answered follow-up, measured against the scores before the visit."""

    followup: FollowUp
    before: Fraction | None  # average of the activities scored both times; None if none was scored before
    now: Fraction | None
    best_single: int | None  # the largest change on one activity

    @classmethod
    def of(cls, followup) -> Outcome:
        pairs = [(row["baseline"], row["now"]) for row in followup.rows() if row["baseline"] is not None]
        if not pairs:
            return cls(followup, None, None, None)
        before = Fraction(sum(b for b, _ in pairs), len(pairs))
        now = Fraction(sum(n for _, n in pairs), len(pairs))
        return cls(followup, before, now, max(n - b for b, n in pairs))

    @property
    def change(self) -> Fraction | None:
        return None if self.before is None else self.now - self.before

    @property
    def important(self) -> bool | None:
        if self.change is None:
            return None
        return self.change >= IMPORTANT_AVERAGE or self.best_single >= IMPORTANT_SINGLE


def _patient(followup) -> str:
    return followup.appointment.email.lower()


def latest_per_patient(outcomes) -> list[Outcome]:
    """Each patient's latest answered follow-up (the last word on how they are)."""
    latest = {}
    for outcome in sorted(outcomes, key=lambda o: (o.followup.answered_at, o.followup.pk)):
        latest[_patient(outcome.followup)] = outcome
    return list(latest.values())


@dataclass(frozen=True)
class Group:
    name: str
    sent: int
    answered: int
    patients: int  # with a measured change
    median_change: Fraction | None
    important: int

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.answered / self.sent) if self.sent else None

    @property
    def important_share(self) -> int | None:
        return round(100 * self.important / self.patients) if self.patients else None


def group(name, followups) -> Group:
    sent = [f for f in followups if f.sent_at]
    answered = [Outcome.of(f) for f in sent if f.answered_at]
    measured = [o for o in latest_per_patient(answered) if o.change is not None]
    return Group(
        name=name,
        sent=len(sent),
        answered=len(answered),
        patients=len(measured),
        median_change=statistics.median([o.change for o in measured]) if measured else None,
        important=sum(1 for o in measured if o.important),
    )


def _followups():
    return list(FollowUp.objects.sent().select_related("appointment__service"))


def build() -> dict:
    """Every group the report shows: all patients, then by service and by area of concern (largest first)."""
    followups = _followups()

    def by(key):
        names = {}
        for f in followups:
            names.setdefault(key(f.appointment), []).append(f)
        groups = [group(name, members) for name, members in names.items()]
        return sorted(groups, key=lambda g: (-g.sent, g.name))

    return {
        "overall": [group("All patients", followups)],
        "by_service": by(lambda a: a.service.name),
        "by_concern": by(lambda a: a.get_concern_display() or "Not given"),
    }


CSV_HEADER = [
    "reference",
    "service",
    "area of concern",
    "last visit",
    "follow-up",
    "sent",
    "answered",
    "activities scored",
    "average before",
    "average now",
    "change",
    "largest change on one activity",
    "clinically important",
    "compared with before",
]


def _number(value) -> str:
    return "" if value is None else f"{float(value):.2f}"


def write_csv(stream) -> None:
    """Each answered follow-up, pseudonymous (the reference, no name or contact), text cells formula-safe."""
    writer = csv.writer(stream)
    writer.writerow(CSV_HEADER)
    answered = [f for f in _followups() if f.answered_at]
    for f in sorted(answered, key=lambda f: (f.answered_at, f.pk)):
        outcome = Outcome.of(f)
        a = f.appointment
        writer.writerow(
            [
                a.reference,
                csv_safe(a.service.name),
                csv_safe(a.get_concern_display()),
                f"{a.local_start:%Y-%m-%d}",
                f.number,
                f"{timezone.localtime(f.sent_at):%Y-%m-%d}",
                f"{timezone.localtime(f.answered_at):%Y-%m-%d}",
                len(f.activities),
                _number(outcome.before),
                _number(outcome.now),
                _number(outcome.change),
                outcome.best_single,  # None, nothing to compare, is an empty cell
                {True: "yes", False: "no", None: ""}[outcome.important],
                csv_safe(f.get_change_display()),
            ]
        )
