"""Programmes, their versions and the sessions patients logged are health data: in the subject-access export, and
deleted with the appointment they were given at when the retention purge anonymises it (`core.patientdata`)."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from care import reminders
from care.models import Programme


def export(email: str) -> dict:
    programmes = (
        Programme.objects.for_email(email)
        .select_related("appointment")
        .prefetch_related("items__exercise", "versions", "logs")
        .order_by("created_at")
    )
    return {
        "exercise_programmes": [
            {
                "appointment": p.appointment.reference,
                "title": p.title,
                "start_date": p.start_date.isoformat(),
                "review_date": p.review_date.isoformat(),
                "reminder_emails_on": reminders.in_words(p.reminder_weekdays) or "none chosen",
                "exercises": [item.snapshot() for item in p.items.all()],
                "earlier_versions": [
                    {"version": v.number, "saved_at": v.saved_at.isoformat(), **v.content} for v in p.versions.all()
                ],
                "sessions_logged": [
                    {
                        "day": log.day.isoformat(),
                        "exercises_done": log.done,
                        "pain_out_of_10": log.pain,
                        "highest_pain_that_day": log.highest_pain,
                        "pain_when": log.get_pain_when_display(),
                        "note": log.note,
                    }
                    for log in sorted(p.logs.all(), key=lambda log: log.day)
                ],
            }
            for p in programmes
        ]
    }


def erase(appointment_ids) -> None:
    """Delete the programmes given at these appointments, with their versions and logs, and the admin's history of
    them (“Recent actions” names the patient)."""
    programmes = Programme.objects.given().filter(appointment_id__in=appointment_ids)
    ids = [str(pk) for pk in programmes.values_list("pk", flat=True)]
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Programme), object_id__in=ids).delete()
    programmes.delete()
