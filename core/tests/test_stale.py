"""A save drops what it makes stale now and again on commit, so a request reading between the save and the commit
cannot leave the old rows cached (with no timeout) — a closure just added would stay invisible to the free times.

The race is run for real: a second thread, with its own database connection, reads while the clinician's
transaction is open, exactly as a patient's request would."""

import datetime as dt
import re
import threading
from pathlib import Path

import pytest
from django.db import connections, transaction

from bookings.models import BookingRules
from clinic.hours import SCHEDULE_CACHE_KEY, current_schedule
from clinic.identity import PROFILE_CACHE_KEY, current_profile
from clinic.models import ClinicProfile, Closure
from core import pagecache, stale


def read_elsewhere(read):
    """`read` on another thread with its own database connection: it sees only what is committed."""
    seen = []

    def run():
        try:
            seen.append(read())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert seen, "the concurrent read did not finish"
    return seen[0]


def add_closure():
    Closure.objects.create(start_date=dt.date(2026, 12, 7), end_date=dt.date(2026, 12, 7), reason="Training")


def change_notice():
    rules = BookingRules.load()
    rules.min_notice_hours = 48
    rules.save()


def rename_clinic():
    profile = ClinicProfile.load()
    profile.name = "Restore Knutsford"
    profile.save()


RACES = {
    "closure": (add_closure, current_schedule, lambda schedule: [c.reason for c in schedule.closures] == ["Training"]),
    "booking-rules": (change_notice, BookingRules.load, lambda rules: rules.min_notice_hours == 48),
    "clinic-profile": (rename_clinic, current_profile, lambda profile: profile.name == "Restore Knutsford"),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", sorted(RACES))
def test_a_read_between_the_save_and_the_commit_cannot_leave_the_old_rows_cached(name):
    change, read, is_new = RACES[name]
    read()  # cached before the change
    with transaction.atomic():
        change()
        old = read_elsewhere(read)  # a patient's request, before the clinician's save commits
        assert not is_new(old)  # it saw (and cached) the rows as they were
    assert is_new(read())


@pytest.mark.django_db
def test_every_cache_the_apps_read_is_declared_stale_by_some_save():
    declared = {key for staleness in stale.WHEN_SAVED.values() for key in staleness.keys}
    assert {SCHEDULE_CACHE_KEY, PROFILE_CACHE_KEY, BookingRules.CACHE_KEY} <= declared


def test_the_keys_the_migrations_drop_are_the_ones_in_use():
    """A migration's historical models send no signals, so two data migrations drop the schedule and the page
    version by their keys (the schedule's key changes when what it holds changes: v2 added closures' notes)."""
    migrations = Path(__file__).resolve().parents[2] / "clinic" / "migrations"
    for name in [
        "0004_bank_holidays_this_year_and_next.py",
        "0008_typographic_apostrophes.py",
        "0009_closure_note_for_patients.py",
    ]:
        keys = re.search(r"cache\.delete_many\(\[(.*?)\]\)", (migrations / name).read_text()).group(1)
        assert keys == f'"{SCHEDULE_CACHE_KEY}", "{pagecache.VERSION_KEY}"', name


def test_a_declared_event_drops_its_keys_and_the_pages_now(db, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    stale.on_event("test-only-event", "test:key", pages="nothing real")
    try:
        cache.set("test:key", "old")
        pagecache.invalidate()
        version = cache.get(pagecache.VERSION_KEY)
        with django_capture_on_commit_callbacks() as callbacks:
            stale.changed("test-only-event")
            assert cache.get("test:key") is None and cache.get(pagecache.VERSION_KEY) != version
            cache.set("test:key", "stored back meanwhile")
        assert len(callbacks) == 1
        callbacks[0]()
        assert cache.get("test:key") is None
    finally:
        del stale.ON_EVENT["test-only-event"]
