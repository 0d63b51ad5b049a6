"""Every write to feedback: the patient's answer (given, or changed through the same link) and the clinician's
decision about a comment: shown on the site, or kept off it. Nothing else changes a Feedback row (the purge deletes
it).

The patient's words are theirs: the clinician can show a comment or not, never change it. A change to the words,
or to the permission to publish, takes the comment off the site until the clinician approves it again: they
approved the words they read. New words wait for a new decision even if the old ones were kept off.

The public pages (`feedback.public`) are made stale only when what they show changes ("feedback-shown", declared
in `apps.py`): a comment shown or withdrawn, by the clinician or by the patient's change, or a shown one deleted.
A rating, or a comment kept private, changes no public page.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count

from core import stale
from feedback.models import Feedback
from feedback.names import public_name


def record(request, *, rating: int, comment: str, may_publish: bool, now) -> Feedback:
    """The patient's answer to `request`: stored once, however often (or concurrently) it is sent; sent again, it
    replaces the answer in the same row."""
    fields = {
        "rating": rating,
        "comment": comment,
        "may_publish": may_publish,
        "shown_name": public_name(request.appointment.patient_name),
        "updated_at": now,
    }
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().filter(request=request).first()
        if feedback is None:
            try:
                with transaction.atomic():
                    return Feedback.objects.create(request=request, submitted_at=now, **fields)
            except IntegrityError:  # the same answer sent twice at once: the other one is stored now
                feedback = Feedback.objects.select_for_update().get(request=request)
        if all(getattr(feedback, name) == value for name, value in fields.items() if name != "updated_at"):
            return feedback  # the same answer again (a second tap, a reload): no change, "last changed" stays
        was_shown, shown_as = feedback.is_shown, feedback.shown_name
        # The clinician decided about words the patient has since changed, or that are private now (a permission
        # given again is asked about afresh).
        if comment != feedback.comment or not may_publish:
            feedback.approved_at, feedback.approved_by, feedback.kept_off_at = None, None, None
        for name, value in fields.items():
            setattr(feedback, name, value)
        feedback.save()
        if was_shown and (not feedback.is_shown or feedback.shown_name != shown_as):
            stale.changed("feedback-shown")
    return feedback


def approve(feedback_ids, user, now) -> int:
    """Show these comments on the site (those the patient allowed and wrote, kept off until now or waiting; the rest
    are left alone); how many."""
    approved = (
        Feedback.objects.publishable()
        .filter(pk__in=feedback_ids, approved_at__isnull=True)
        .update(approved_at=now, approved_by=user, kept_off_at=None)
    )
    if approved:
        stale.changed("feedback-shown")
    return approved


def keep_off(feedback_ids, now) -> int:
    """The clinician's other decision: these comments are not shown (any shown stop being), and no longer wait for a
    decision; how many were shown or waiting."""
    chosen = Feedback.objects.publishable().filter(pk__in=feedback_ids, kept_off_at__isnull=True)
    with transaction.atomic():
        were_shown = chosen.filter(approved_at__isnull=False).exists()
        kept = chosen.update(approved_at=None, approved_by=None, kept_off_at=now)
    if were_shown:
        stale.changed("feedback-shown")
    return kept


def shown_one_deleted(sender, instance, **kwargs) -> None:
    """post_delete: a comment deleted while shown (the purge, or its appointment deleted) leaves the public pages."""
    if instance.is_shown:
        stale.changed("feedback-shown")


def average_rating(now, days=365) -> tuple[float | None, int]:
    """The average rating of the feedback given in the last `days` before `now`, and how many answers it is of."""
    summary = Feedback.objects.since(now - dt.timedelta(days=days)).aggregate(average=Avg("rating"), count=Count("pk"))
    return summary["average"], summary["count"]
