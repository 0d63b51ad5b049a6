"""Follow-up answers are health data: in the subject-access export, and deleted when the retention purge anonymises
either the visit they follow or the one whose questionnaire gave their activities (`core.patientdata`)."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from outcomes.models import FollowUp


def export(email: str) -> dict:
    followups = FollowUp.objects.for_email(email).select_related("appointment").order_by("due_on", "number")
    return {
        "follow_ups": [
            {
                "appointment": f.appointment.reference,
                "follow_up": f.get_number_display(),
                "due_on": f.due_on.isoformat(),
                "state": f.state,
                "sent_at": f.sent_at.isoformat() if f.sent_at else None,
                "answered_at": f.answered_at.isoformat() if f.answered_at else None,
                "stopped_at": f.stopped_at.isoformat() if f.stopped_at else None,
                "activities": [
                    {"activity": row["activity"], "score_before": row["baseline"], "score_now": row["now"]}
                    for row in f.rows()
                ],
                "compared_with_before": f.get_change_display() if f.change is not None else None,
                "marked_as_seen_at": f.seen_at.isoformat() if f.seen_at else None,
            }
            for f in followups
        ]
    }


def erase(appointment_ids) -> None:
    """Delete the follow-ups of these appointments (as the visit followed, or as the questionnaire's), and the
    admin's history of them."""
    followups = FollowUp.objects.filter(
        Q(appointment_id__in=appointment_ids) | Q(baseline_appointment_id__in=appointment_ids)
    )
    ids = [str(pk) for pk in followups.values_list("pk", flat=True)]
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(FollowUp), object_id__in=ids).delete()
    followups.delete()
