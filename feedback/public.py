"""The comments the public pages show (home, about, services), read once and cached until what they show changes: a
comment shown, withdrawn (by the clinician, or by the patient's change to it) or deleted while shown (`core.stale`,
"feedback-shown", declared in `apps.py` and announced by `answers`): a constant, small cost for every page."""

from django.core.cache import cache
from django.utils import timezone

from feedback.models import Feedback

CACHE_KEY = "feedback:shown"
SHOWN = 3  # the newest approved comments; older ones stay approved and come back if a newer one is withdrawn


def _newest():
    rows = Feedback.objects.shown().order_by("-submitted_at", "-pk")[:SHOWN]
    return [
        {"comment": comment, "name": name, "month": timezone.localtime(submitted_at).date().replace(day=1)}
        for comment, name, submitted_at in rows.values_list("comment", "shown_name", "submitted_at")
    ]


def shown_comments() -> list[dict]:
    """Each shown comment's words, the patient's first name and initial, and the month it was given."""
    return cache.get_or_set(CACHE_KEY, _newest, timeout=None)
