"""Submission limits: a sliding hour, counted in the database, storing no address."""

import datetime as dt

import pytest
from django.core.cache import cache

from bookings import ratelimit
from bookings.models import RateLimitHit

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def test_the_limit_holds_for_the_whole_hour_and_no_longer():
    assert all(ratelimit.hit("k", 3, HOUR, NOW + dt.timedelta(minutes=n)) for n in range(3))
    assert not ratelimit.hit("k", 3, HOUR, NOW + dt.timedelta(minutes=59))  # not "5 minutes since the last hit"
    assert ratelimit.hit("k", 3, HOUR, NOW + dt.timedelta(minutes=60, seconds=1))  # the first hit has aged out


def test_refused_attempts_are_not_counted_against_the_next_hour():
    for n in range(5):
        ratelimit.hit("k", 2, HOUR, NOW + dt.timedelta(minutes=n))
    assert RateLimitHit.objects.count() == 2


def test_clearing_the_cache_does_not_reset_the_counters():
    assert ratelimit.hit("k", 1, HOUR, NOW)
    cache.clear()  # e.g. evicted by a flood of page-cache entries
    assert not ratelimit.hit("k", 1, HOUR, NOW)


def test_keys_are_stored_as_a_keyed_hash_not_the_address():
    ratelimit.hit("book-email:ann@example.com", 5, HOUR, NOW)
    stored = RateLimitHit.objects.get().key
    assert "ann" not in stored and "@" not in stored and len(stored) == 64
