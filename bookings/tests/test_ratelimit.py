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


# --- The limit the patients' forms share ------------------------------------------------------------------------


@pytest.fixture
def limits(settings):
    settings.BOOKING_LIMIT_PER_IP, settings.BOOKING_LIMIT_PER_EMAIL = 3, 2


def allowed(form="book", ip="192.0.2.1", email="ann@example.com", minutes=0):
    return ratelimit.submission_allowed(form, ip, email, NOW + dt.timedelta(minutes=minutes))


def test_one_email_address_may_send_its_limit_an_hour_from_any_address(limits):
    assert allowed(ip="192.0.2.1") and allowed(ip="192.0.2.2")
    assert not allowed(ip="192.0.2.3")
    assert allowed(ip="192.0.2.3", minutes=61)


def test_one_address_may_send_its_limit_an_hour_whatever_the_email(limits):
    assert all(allowed(email=f"patient{n}@example.com") for n in range(3))
    assert not allowed(email="someone.new@example.com")


def test_a_refused_address_leaves_the_email_addresss_allowance_alone(limits):
    for n in range(3):
        allowed(email=f"patient{n}@example.com")
    assert not allowed(email="ann@example.com")  # refused for the address
    assert allowed(ip="198.51.100.7", email="ann@example.com") and allowed(ip="198.51.100.7", email="ann@example.com")
    assert not allowed(ip="198.51.100.8", email="ann@example.com")  # two for Ann, none used up by the refusal


def test_booking_and_joining_the_waitlist_are_counted_apart(limits):
    assert allowed("book") and allowed("book") and not allowed("book")
    assert allowed("waitlist") and allowed("waitlist") and not allowed("waitlist")
