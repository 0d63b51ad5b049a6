"""Many patients asking for the same slot at the same moment get exactly one appointment.

Real threads, each with its own database connection, against the real database: the
SQLite file (IMMEDIATE transactions) or PostgreSQL (exclusion constraint).
"""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from bookings.booking import PatientDetails, SlotTaken, request_appointment
from bookings.models import Appointment, Service

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
SLOT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
REQUESTS = 8


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_for_one_slot_make_exactly_one_appointment(seeded):
    service = Service.objects.get(slug="initial-assessment")
    barrier = threading.Barrier(REQUESTS)
    outcomes = []
    lock = threading.Lock()

    def attempt(n):
        try:
            barrier.wait()
            result = request_appointment(
                service,
                # Overlapping but different starts also race for the same time.
                SLOT + dt.timedelta(minutes=15 * (n % 3)),
                PatientDetails(f"Patient {n}", f"p{n}@example.com", "07700 900123", "knee", "", "v1"),
                NOW,
            )
            outcome = ("booked", result.reference)
        except SlotTaken:
            outcome = ("taken", None)
        except Exception as error:  # noqa: BLE001 - any other outcome is a failure to report
            outcome = ("error", repr(error))
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["booked"] + ["taken"] * (REQUESTS - 1), outcomes
    assert Appointment.objects.holding_time().count() == 1
    assert connection.vendor in {"sqlite", "postgresql"}
