"""What a change makes stale in the shared cache, and the one way to drop it.

A cached entry that a save makes stale is dropped now (this process, and every request after the commit, read
afresh) and again once the transaction commits: a request running meanwhile reads the rows as they were before the
commit and may store them back, with no timeout. `now_and_on_commit` is that rule, and every cache goes through it.

Each app declares, from its AppConfig.ready, which of its models make which cache entries stale and what they
change on the cached pages (`when_saved`), and names the changes its code makes without a model signal — a
compare-and-set UPDATE — which it then announces with `changed` (`on_event`). This module names no app's model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


@dataclass(frozen=True)
class Staleness:
    keys: tuple[str, ...] = ()  # cache entries dropped
    pages: str = ""  # what the change shows on cached pages ("" = no page shows it)


WHEN_SAVED: dict[str, Staleness] = {}  # model label ("app.Model"; "app.Model_field" for a many-to-many table)
ON_EVENT: dict[str, Staleness] = {}  # an event a change without a model signal announces
_page_invalidators: list[Callable[[], None]] = []


def now_and_on_commit(action: Callable[[], None]) -> None:
    """Run `action` now and again once the current transaction commits (at once, outside one)."""
    action()
    transaction.on_commit(action)


def drop(*keys: str) -> None:
    """Drop cache entries a change made stale, now and again on commit."""
    now_and_on_commit(lambda: cache.delete_many(keys))


def pages_shown_from_cache(invalidate: Callable[[], None]) -> None:
    """The page cache registers how every stored page is made stale (its version bump)."""
    if invalidate not in _page_invalidators:
        _page_invalidators.append(invalidate)


def _apply(staleness: Staleness) -> None:
    def action():
        if staleness.keys:
            cache.delete_many(staleness.keys)
        if staleness.pages:  # after the entries the pages are built from, so no page is rebuilt from them
            for invalidate in _page_invalidators:
                invalidate()

    now_and_on_commit(action)


def _merged(table, name, keys, pages) -> Staleness:
    before = table.get(name, Staleness())
    return Staleness(tuple(dict.fromkeys([*before.keys, *keys])), "; ".join(filter(None, [before.pages, pages])))


def when_saved(label: str, *keys: str, pages: str = "") -> None:
    """Saving or deleting a `label` row (for a many-to-many table: changing its links) drops `keys` and, if it
    shows on pages (`pages` says what), every cached page."""
    first = label not in WHEN_SAVED
    WHEN_SAVED[label] = _merged(WHEN_SAVED, label, keys, pages)
    if first:
        model = apps.get_model(label)

        def receiver(**_kwargs):
            _apply(WHEN_SAVED[label])

        uid = f"stale-{label}"
        if model._meta.auto_created:
            m2m_changed.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        else:
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-save")
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def on_event(name: str, *keys: str, pages: str = "") -> None:
    """Declare a change made without a model signal, announced by the code that makes it with `changed(name)`."""
    ON_EVENT[name] = _merged(ON_EVENT, name, keys, pages)


def changed(event: str) -> None:
    """Announce a change declared with `on_event`."""
    if event not in ON_EVENT:
        raise ValueError(f"{event!r} is not a declared change (stale.on_event)")
    _apply(ON_EVENT[event])
