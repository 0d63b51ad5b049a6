"""Fixed-window rate limits kept in the shared cache (so every worker counts together)."""

from django.conf import settings
from django.core.cache import cache


def hit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit on `key`; True while the count within the window is at most `limit`."""
    cache_key = f"ratelimit:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds)
        return True
    return count <= limit


def client_ip(request) -> str:
    """The client's address: the proxy's last X-Forwarded-For hop when behind one, else the peer."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.BEHIND_PROXY else ""
    return forwarded.split(",")[-1].strip() if forwarded else request.META.get("REMOTE_ADDR", "")
