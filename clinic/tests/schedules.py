"""The clinic's real weekly hours as a plain Schedule, for tests of anything built on clinic.hours."""

import datetime as dt
from zoneinfo import ZoneInfo

from clinic.hours import ClosedPeriod, Schedule

UK = ZoneInfo("Europe/London")
T = dt.time

CLINIC_WEEK = Schedule(
    weekly={
        0: ((T(7), T(19)),),
        1: ((T(7), T(17)),),
        2: ((T(7), T(17)),),
        3: ((T(7), T(19)),),
        4: ((T(7), T(14)),),
        5: ((T(7), T(12)),),
    },
    closures=(ClosedPeriod(dt.date(2026, 12, 25), dt.date(2026, 12, 28), "Christmas"),),
)
