"""Whole-page caching for anonymous visitors, answered before sessions, CSRF and auth run.

A view opts in with `@public_page()`. The middleware stores the finished response
(security headers included) for visitors without a session cookie, and serves it
from the cache on the next request with a single cache round trip. Any content
change calls `invalidate()`, which bumps a version number so every stored page is
stale at once. A page never outlives a change in what it shows by the clock: the
clinic's "open now" line and today's row, or a scheduled post going live.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from clinic.hours import current_schedule, local

VERSION_KEY = "pagecache:version"
DEFAULT_SECONDS = 300


def public_page(seconds=DEFAULT_SECONDS):
    """Mark a view's successful responses as cacheable for anonymous visitors."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.public_cache_seconds = seconds
            return response

        return wrapper

    return decorator


def invalidate(**_signal_kwargs):
    """Make every cached page stale (connected to content-change signals)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, int(time.time()), timeout=None)


def invalidate_on_change(*models):
    """Make every cached page stale whenever one of these models is saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        label = model._meta.label
        post_save.connect(invalidate, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"pagecache-delete-{label}")


def _key(request):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"pagecache:page:{request.method}:{digest}"


def _eligible(request):
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def seconds_until_clock_changes_page(now: dt.datetime) -> int:
    """Seconds until the footer's open/closed line or today's row would read differently."""
    status = current_schedule().status_at(now)
    moments = [status.until or status.next_opening]
    midnight = dt.datetime.combine(local(now).date() + dt.timedelta(days=1), dt.time(0), tzinfo=local(now).tzinfo)
    moments.append(midnight)
    return max(1, int(min((m - now).total_seconds() for m in moments if m is not None)))


@dataclass(frozen=True)
class StoredPage:
    version: int
    expires_at: float
    stored_at: float
    status: int
    headers: tuple
    content: bytes

    def response(self):
        response = HttpResponse(self.content, status=self.status, headers=dict(self.headers))
        response["Age"] = str(int(time.time() - self.stored_at))
        return response


class PublicPageCacheMiddleware:
    """Serve and store public pages. A hit costs one shared-cache read (the version number): each
    worker also keeps the pages it has served in memory, valid only while the version is unchanged."""

    LOCAL_ENTRIES = 256

    def __init__(self, get_response):
        self.get_response = get_response
        self.local: dict[str, StoredPage] = {}

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        now = time.time()
        page = self.local.get(key)
        if page is not None:
            version = cache.get(VERSION_KEY)
        else:
            found = cache.get_many([VERSION_KEY, key])
            version, page = found.get(VERSION_KEY), found.get(key)
        if page is not None and version is not None and page.version == version and page.expires_at > now:
            self._remember(key, page)
            return page.response()
        self.local.pop(key, None)
        response = self.get_response(request)
        seconds = getattr(response, "public_cache_seconds", 0)
        if seconds and response.status_code == 200 and not response.cookies and not response.streaming:
            self._store(key, version, response, seconds)
        return response

    def _remember(self, key, page):
        if key not in self.local and len(self.local) >= self.LOCAL_ENTRIES:
            self.local.pop(next(iter(self.local)))
        self.local[key] = page

    def _store(self, key, version, response, seconds):
        now = timezone.now()
        seconds = min(seconds, seconds_until_clock_changes_page(now))
        until = getattr(response, "public_cache_until", None)
        if until is not None:
            seconds = max(1, min(seconds, int((until - now).total_seconds())))
        if version is None:
            cache.add(VERSION_KEY, int(time.time()), timeout=None)
            version = cache.get(VERSION_KEY)
        patch_cache_control(response, public=True, max_age=seconds)
        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.render()
        stored_at = time.time()
        page = StoredPage(version, stored_at + seconds, stored_at, response.status_code,
                          tuple(response.headers.items()), response.content)  # fmt: skip
        cache.set(key, page, timeout=seconds)
        self._remember(key, page)
