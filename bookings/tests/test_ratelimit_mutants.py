"""Rate-limit behaviour that mutation testing found unguarded (docs/mutation.md)."""

import datetime as dt

import pytest

from bookings import ratelimit

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def test_each_key_is_counted_on_its_own():
    assert ratelimit.hit("book-email:ann@example.com", 1, HOUR, NOW)
    assert ratelimit.hit("book-email:bob@example.com", 1, HOUR, NOW)  # Ann's submission does not use up Bob's
    assert not ratelimit.hit("book-email:ann@example.com", 1, HOUR, NOW)
