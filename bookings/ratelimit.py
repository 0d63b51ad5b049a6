"""Submission limits per key (a client address, an email address) over a sliding hour.

Counted in the database, so every worker and app server counts together, exactly: the count
and the insert happen under a lock on the key (`core.locks`). Keys are stored as a keyed
hash, never as the address itself.
"""

import datetime as dt

from django.db import transaction
from django.utils.crypto import salted_hmac

from bookings.models import RateLimitHit
from core import locks


def hit(key: str, limit: int, window: dt.timedelta, now: dt.datetime) -> bool:
    """Count one submission under `key`; False (and nothing counted) once `limit` were made within `window`."""
    digest = salted_hmac("bookings.ratelimit", key, algorithm="sha256").hexdigest()
    with transaction.atomic():
        locks.serialize(f"ratelimit:{digest}")
        RateLimitHit.objects.filter(at__lte=now - window).delete()
        if RateLimitHit.objects.filter(key=digest).count() >= limit:
            return False
        RateLimitHit.objects.create(key=digest, at=now)
    return True
