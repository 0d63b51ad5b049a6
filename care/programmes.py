"""Giving a programme: where it starts from (a template, or the patient's previous one), the version kept at each
save, and the email with the patient's link."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bookings import emails
from care.links import programme_path
from care.models import TOO_MANY_EXERCISES, Programme, ProgrammeVersion

DOSE_FIELDS = ("sets", "reps", "hold_seconds", "rest_seconds", "load", "times_per_day", "days_per_week", "note")


def previous_programme(appointment, exclude=None) -> Programme | None:
    """The patient's most recent programme (by the email address on their appointments), if they have one."""
    found = Programme.objects.for_email(appointment.email if appointment else "")
    if exclude is not None and exclude.pk:  # a programme's page: one given at an earlier visit, not its companion
        found = found.exclude(pk=exclude.pk).exclude(appointment_id=exclude.appointment_id)
    return found.order_by("-created_at", "-pk").first()


def starting_items(source: Programme) -> list[dict]:
    """A programme's exercises and doses as initial rows for a new one."""
    return [
        {"exercise": item.exercise_id, "order": item.order, **{name: getattr(item, name) for name in DOSE_FIELDS}}
        for item in source.items.all()
    ]


def too_many(count: int) -> bool:
    return count > TOO_MANY_EXERCISES


def snapshot(programme) -> dict:
    return {
        "title": programme.title,
        "start_date": programme.start_date.isoformat() if programme.start_date else None,
        "review_date": programme.review_date.isoformat() if programme.review_date else None,
        "exercises": [item.snapshot() for item in programme.items.select_related("exercise")],
    }


def readable(content: dict) -> dict:
    """A version's stored content with its dates as dates again (stored as ISO text), for a template to format."""
    dates = {
        name: dt.date.fromisoformat(content[name]) if content.get(name) else None
        for name in ("start_date", "review_date")
    }
    return {**content, **dates}


def keep_version(programme) -> ProgrammeVersion:
    """Store the programme as it now is, numbered after the last version, when a save in admin changed what the
    patient sees (clearing a log's flag, or saving unchanged, keeps none); return the version that is current."""
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        content = snapshot(programme)
        last = programme.versions.order_by("-number").first()
        if last is not None and last.content == content:
            return last
        number = last.number + 1 if last is not None else 1
        return ProgrammeVersion.objects.create(programme=programme, number=number, content=content)


def email_link(programme):
    """Email the patient the link to their programme, once; None (nothing queued) for a patient without an email
    address, a template, a programme with no exercises yet, or one already emailed. The email says only that it is
    their exercise programme."""
    if programme.is_template or programme.emailed_at is not None or not programme.items.exists():
        return None
    email = emails.queue(
        "programme_given",
        programme.appointment,
        programme_url=f"{settings.SITE_URL}{programme_path(programme)}",
    )
    if email is not None:
        Programme.objects.filter(pk=programme.pk).update(emailed_at=timezone.now())
        programme.emailed_at = timezone.now()
    return email
