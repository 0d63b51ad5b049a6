"""Many patients asking for the same slot at the same moment get exactly one appointment.

Real threads, each with its own database connection, against the real database: the
SQLite file (IMMEDIATE transactions) or PostgreSQL (exclusion constraint).
"""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from bookings import ratelimit
from bookings.booking import BookingError, PatientDetails, SlotTaken, request_appointment
from bookings.models import Appointment, BookingRules, Service

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
SLOT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
REQUESTS = 8


def run_at_once(count, attempt):
    """Run attempt(n) for n in range(count) in threads released together; return their outcomes."""
    barrier = threading.Barrier(count)
    outcomes = []
    lock = threading.Lock()

    def run(n):
        try:
            barrier.wait()
            outcome = attempt(n)
        except Exception as error:  # noqa: BLE001 - reported as the outcome
            outcome = ("error", type(error).__name__, str(error))
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def patient(n, email):
    return PatientDetails(f"Patient {n}", email, "07700 900123", "knee", "", "v1")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_from_one_email_never_pass_the_cap(seeded):
    service = Service.objects.get(slug="follow-up")
    cap = BookingRules.load().max_upcoming_per_email

    def attempt(n):
        try:  # six different free times, one email address
            request_appointment(service, SLOT + dt.timedelta(hours=n), patient(n, "same@example.com"), NOW)
            return "booked"
        except BookingError as error:
            return "capped" if "upcoming" in error.message else ("error", error.message)

    outcomes = run_at_once(6, attempt)
    assert sorted(outcomes) == ["booked"] * cap + ["capped"] * (6 - cap), outcomes
    assert Appointment.objects.filter(email="same@example.com").count() == cap


@pytest.mark.django_db(transaction=True)
def test_one_draft_submitted_many_times_at_once_makes_one_appointment(seeded):
    service = Service.objects.get(slug="follow-up")

    def attempt(n):  # a double (quadruple) click: the same draft, the same slot
        return request_appointment(service, SLOT, patient(0, "click@example.com"), NOW, request_key="draft-1").pk

    outcomes = run_at_once(4, attempt)
    assert Appointment.objects.count() == 1
    assert outcomes == [Appointment.objects.get().pk] * 4, outcomes


@pytest.mark.django_db(transaction=True)
def test_the_rate_limit_is_exact_under_simultaneous_submissions(db):
    window = dt.timedelta(hours=1)
    outcomes = run_at_once(40, lambda n: ratelimit.hit("book-ip:203.0.113.7", 20, window, NOW))
    assert outcomes.count(True) == 20 and outcomes.count(False) == 20, outcomes


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_send_request_makes_one_appointment_and_both_see_it(seeded):
    import time_machine
    from django.test import Client
    from django.urls import reverse

    from bookings.tests.helpers import walk_to_check

    with time_machine.travel(NOW, tick=False):
        first = Client()
        walk_to_check(first, service="follow-up")
        second = Client()  # the same browser: the same session cookie
        second.cookies = first.cookies

        def click(n):
            response = (first, second)[n].post(reverse("bookings:check"))
            return response.status_code, response.get("Location")

        outcomes = run_at_once(2, click)
    assert outcomes == [(302, reverse("bookings:done"))] * 2, outcomes
    assert Appointment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_for_one_slot_make_exactly_one_appointment(seeded):
    service = Service.objects.get(slug="initial-assessment")

    def attempt(n):
        try:  # overlapping but different starts also race for the same time
            start = SLOT + dt.timedelta(minutes=15 * (n % 3))
            return ("booked", request_appointment(service, start, patient(n, f"p{n}@example.com"), NOW).reference)
        except SlotTaken:
            return ("taken", None)

    kinds = sorted(kind for kind, *_ in run_at_once(REQUESTS, attempt))
    assert kinds == ["booked"] + ["taken"] * (REQUESTS - 1), kinds
    assert Appointment.objects.holding_time().count() == 1
    assert connection.vendor in {"sqlite", "postgresql"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("write", ["booking", "move"])
def test_a_second_writer_of_a_time_checks_it_only_after_the_first_has_finished(seeded, monkeypatch, write):
    """Checked one after the other, the second is told "taken" by the check. Checked together, PostgreSQL's
    exclusion constraint made each insert wait for the other and ended them as a deadlock: a 500 for nine of ten
    patients firing one slot at two servers."""
    import threading
    import time

    from bookings import booking

    service = Service.objects.get(slug="follow-up")
    other = request_appointment(service, SLOT + dt.timedelta(days=1), patient(9, "mover@example.com"), NOW)
    events, first_checked, release = [], threading.Event(), threading.Event()
    real_check = booking.check_free

    def check_free(*args, **kwargs):
        name = threading.current_thread().name
        events.append(f"{name} checks")
        if name == "first":
            first_checked.set()
            release.wait(timeout=10)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(booking, "check_free", check_free)
    outcomes = {}

    def first():
        outcomes["first"] = request_appointment(service, SLOT, patient(0, "first@example.com"), NOW).reference
        connections.close_all()

    def second():
        try:
            if write == "booking":
                request_appointment(service, SLOT, patient(1, "second@example.com"), NOW)
            else:
                booking.move(Appointment.objects.get(pk=other.pk), SLOT, now=NOW)
            outcomes["second"] = "written"
        except SlotTaken:
            outcomes["second"] = "taken"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first, name="first"), threading.Thread(target=second, name="second")]
    threads[0].start()
    assert first_checked.wait(timeout=10)
    threads[1].start()
    time.sleep(0.5)  # time for the second to reach its check, were it let through
    events.append("first released")
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert events == ["first checks", "first released", "second checks"]
    assert outcomes["second"] == "taken" and Appointment.objects.filter(start=SLOT).count() == 1
