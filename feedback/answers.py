"""Every write to feedback: the patient's answer (given, or changed through the same link) and the clinician's
approval of a comment for the site, or its withdrawal. Nothing else changes a Feedback row (the purge deletes it).

The patient's words are theirs: the clinician can show a comment or not, never change it. A change to the words,
or to the permission to publish, takes the comment off the site until the clinician approves it again: they
approved the words they read.

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
        if feedback.approved_at is not None and (comment != feedback.comment or not may_publish):
            feedback.approved_at, feedback.approved_by = None, None
        for name, value in fields.items():
            setattr(feedback, name, value)
        feedback.save()
        if was_shown and (not feedback.is_shown or feedback.shown_name != shown_as):
            stale.changed("feedback-shown")
    return feedback


def approve(feedback_ids, user, now) -> int:
    """Show these comments on the site (those the patient allowed and wrote; the rest are left alone); how many."""
    approved = (
        Feedback.objects.waiting_for_approval().filter(pk__in=feedback_ids).update(approved_at=now, approved_by=user)
    )
    if approved:
        stale.changed("feedback-shown")
    return approved


def withdraw(feedback_ids) -> int:
    """Stop showing these comments on the site; how many were shown."""
    withdrawn = Feedback.objects.filter(pk__in=feedback_ids, approved_at__isnull=False).update(
        approved_at=None, approved_by=None
    )
    if withdrawn:
        stale.changed("feedback-shown")
    return withdrawn


def shown_one_deleted(sender, instance, **kwargs) -> None:
    """post_delete: a comment deleted while shown (the purge, or its appointment deleted) leaves the public pages."""
    if instance.is_shown:
        stale.changed("feedback-shown")


def average_rating(now, days=365) -> tuple[float | None, int]:
    """The average rating of the feedback given in the last `days` before `now`, and how many answers it is of."""
    summary = Feedback.objects.since(now - dt.timedelta(days=days)).aggregate(average=Avg("rating"), count=Count("pk"))
    return summary["average"], summary["count"]
