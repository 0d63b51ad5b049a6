"""Booking under contention: many patients send their requests at once for a few slots, through the flow the
tests walk (`bookings.tests.walker`); exactly one per slot must book and every other one be shown other times."""

from __future__ import annotations

import datetime as dt
import threading
import time


def booking_contention(base, slot_values, patients=48):
    """Many patients send their requests at once for a handful of slots: POSTs per second, and who won.

    Each patient is a browser of its own walking the booking flow as it is today (`bookings.tests.walker`, the
    walker the tests use) up to "check your answers", the patients spread evenly over the slots; then all send
    at the same moment. Exactly one per slot should book; every other one should be shown other times."""
    from bookings import availability
    from bookings.models import Appointment
    from bookings.tests.walker import DETAILS, BookingWalk, FlowChanged, HttpBrowser

    run = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")  # a new email each run: reruns stay under the caps
    emails = [f"contend{n}-{run}@example.com" for n in range(patients)]
    walks = []
    for n in range(patients):
        walk = BookingWalk(HttpBrowser(base))
        details = {**DETAILS, "name": f"Bench Patient {n}", "email": emails[n]}
        walk.to_check("follow-up", "knee", slot=slot_values[n % len(slot_values)], details=details)
        walk.check()
        walks.append(walk)
    barrier = threading.Barrier(patients)
    outcomes, lock = [], threading.Lock()

    def send(walk):
        barrier.wait()
        try:
            outcome = walk.send()[0]
        except (FlowChanged, OSError) as error:
            outcome = f"other: {error}"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=send, args=(walk,)) for walk in walks]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    made = Appointment.objects.filter(email__in=emails)
    others = sorted({o for o in outcomes if o not in ("booked", "taken")})
    return {"patients": patients, "slots": len(slot_values), "seconds": round(elapsed, 3),
            "posts_per_second": round(patients / elapsed, 1), "booked": outcomes.count("booked"),
            "taken": outcomes.count("taken"), "other": patients - outcomes.count("booked") - outcomes.count("taken"),
            "other_examples": others[:3], "appointments_made": made.count(),
            "slots_booked": sorted({availability.as_value(a.start) for a in made})}  # fmt: skip


def contention_problems(c, slot_values):
    """Why the contention run did not measure what it names (empty when it did)."""
    expected = {"booked": c["slots"], "taken": c["patients"] - c["slots"], "other": 0,
                "appointments_made": c["slots"], "slots_booked": sorted(slot_values)}  # fmt: skip
    if all(c[key] == value for key, value in expected.items()):
        return []
    return [
        f"booking contention: {c['patients']} patients for {c['slots']} slots → {c['booked']} booked, "
        f"{c['taken']} shown other times, {c['other']} other {c['other_examples']}; {c['appointments_made']} "
        f"appointments in the database on {len(c['slots_booked'])} of the slots; expected {c['slots']} booked, "
        f"one per slot, and {c['patients'] - c['slots']} shown other times"
    ]
