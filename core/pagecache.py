"""Whole-page caching for anonymous visitors, answered before sessions, CSRF and auth run.

A view opts in with `@public_page(...)`, which declares everything about its caching: how
long, which query parameters change the page, which make it uncacheable, and when the
clock makes it stale. The middleware stores the finished response (security headers
included) for visitors without a session cookie, keyed by the path and only the declared
parameters, and serves it with a single cache round trip. What makes pages stale is
declared by each app (`core.stale.when_saved(..., pages=…)`, `on_event`); any of it bumps a
version number so every stored page is stale at once. A deploy needs no step: each key carries the code's fingerprint
(`release`), so a new release never serves a page the previous one rendered.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control

VERSION_KEY = "pagecache:version"
DEFAULT_SECONDS = 300


def invalidate():
    """Make every cached page stale now (`stale` calls it, now and on commit, for each declared change)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, int(time.time()), timeout=None)


# --- The code a page was rendered by ------------------------------------------------------

RENDERED_FROM = {".py", ".html", ".txt", ".json"}  # code, templates, the static files' manifest (hashed names)


def fingerprint(roots: Iterable[Path]) -> str:
    """A short hash of every file under `roots` that shapes a page (name and content)."""
    digest = hashlib.sha256()
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix in RENDERED_FROM)
        for path in files:
            digest.update(str(path.relative_to(root.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@functools.cache
def release() -> str:
    """This process’s code: our apps, config, the template folders, the pinned dependencies and the static manifest
    (read once, at the first page)."""
    base = Path(settings.BASE_DIR)
    ours = [Path(config.path) for config in apps.get_app_configs() if Path(config.path).parent == base]
    templates = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    files = [base / "config", base / "requirements.txt", Path(settings.STATIC_ROOT) / "staticfiles.json"]
    return fingerprint([*ours, *templates, *(path for path in files if path.exists())])


# --- Declaring a page public ---------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    seconds: int = DEFAULT_SECONDS
    params: tuple[str, ...] = ()  # query parameters that change the page; the rest are ignored
    uncached_params: tuple[str, ...] = ()  # a request with any of these is answered fresh and not kept
    until: Callable[[], dt.datetime | None] | None = None  # the next moment the clock changes the page

    def key(self, request) -> str | None:
        if any(name in request.GET for name in self.uncached_params):
            return None
        read = sorted((name, request.GET[name]) for name in self.params if name in request.GET)
        digest = hashlib.sha256(f"{request.path}?{urlencode(read)}".encode()).hexdigest()
        return f"pagecache:page:{release()}:{digest}"


def public_page(seconds=DEFAULT_SECONDS, *, params=(), uncached_params=(), until=None):
    """Mark a view (function or class) as one page for every anonymous visitor, cacheable."""
    policy = Policy(seconds, tuple(params), tuple(uncached_params), until)

    def decorator(view):
        view.public_page = policy
        return view

    return decorator


def policy_for(request) -> Policy | None:
    try:
        func = resolve(request.path_info).func
    except Resolver404:
        return None
    return getattr(func, "public_page", None) or getattr(getattr(func, "view_class", None), "public_page", None)


# What else the clock changes on every page, registered by the app that shows it (the clinic: the open-now line):
# each a function of `now` giving the next such moment, or None.
CLOCK_CHANGES: list[Callable[[dt.datetime], dt.datetime | None]] = []


def clock_changes_pages(next_change: Callable[[dt.datetime], dt.datetime | None]) -> None:
    if next_change not in CLOCK_CHANGES:
        CLOCK_CHANGES.append(next_change)


def seconds_until_clock_changes_page(now: dt.datetime) -> int:
    """Seconds until midnight (UK time: today's row in the footer) or a registered change would make a page read
    differently."""
    local_now = timezone.localtime(now)
    midnight = dt.datetime.combine(local_now.date() + dt.timedelta(days=1), dt.time(0), tzinfo=local_now.tzinfo)
    moments = [midnight, *(next_change(now) for next_change in CLOCK_CHANGES)]
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
        policy = self._policy(request)
        key = policy.key(request) if policy else None
        if key is None:
            return self.get_response(request)
        request.get_host()  # a disallowed Host is refused (400) here, as it would be uncached
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
        if response.status_code == 200 and not response.cookies and not response.streaming:
            self._store(key, version, response, policy)
        return response

    @staticmethod
    def _policy(request):
        if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        return policy_for(request)

    def _remember(self, key, page):
        if key not in self.local and len(self.local) >= self.LOCAL_ENTRIES:
            self.local.pop(next(iter(self.local)))
        self.local[key] = page

    def _store(self, key, version, response, policy):
        now = timezone.now()
        seconds = min(policy.seconds, seconds_until_clock_changes_page(now))
        until = policy.until() if policy.until else None
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
