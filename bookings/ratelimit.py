"""Submission limits per key (a client address, an email address) over a sliding hour.

`submission_allowed` is the limit the patients' forms share (a booking request, joining the waitlist); `hit`
counts one key.

Counted in the database, so every worker and app server counts together, exactly: the count
and the insert happen under a lock on the key (`core.locks`). Keys are stored as a keyed
hash, never as the address itself.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac

from bookings.models import RateLimitHit
from core import locks

HOUR = dt.timedelta(hours=1)


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


def submission_allowed(form: str, client_ip: str, email: str, now: dt.datetime) -> bool:
    """Count one submission of a patient's `form` ("book", "waitlist"): at most BOOKING_LIMIT_PER_IP an hour from
    one client address and BOOKING_LIMIT_PER_EMAIL for one email address, each form counted on its own. False
    once either is used up; an address refused leaves the email address's count alone."""
    return hit(f"{form}-ip:{client_ip}", settings.BOOKING_LIMIT_PER_IP, HOUR, now) and hit(
        f"{form}-email:{email}", settings.BOOKING_LIMIT_PER_EMAIL, HOUR, now
    )
