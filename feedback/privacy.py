"""Feedback is the patient's data (a rating and their words): in the subject-access export, and deleted with the
appointment it was asked about when the retention purge anonymises it (`core.patientdata`), its published comment
with it."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from bookings.models import patient_filter
from feedback.models import Feedback, FeedbackRequest


def export(email: str) -> dict:
    requests = (
        FeedbackRequest.objects.filter(patient_filter(email, "appointment__email"))
        .select_related("appointment", "feedback")
        .order_by("sent_at")
    )
    return {"feedback": [_exported(request) for request in requests]}


def _exported(request) -> dict:
    answer = getattr(request, "feedback", None)
    exported = {"appointment": request.appointment.reference, "asked_at": request.sent_at.isoformat(), "answer": None}
    if answer is not None:
        exported["answer"] = {
            "rating_out_of_5": answer.rating,
            "comment": answer.comment,
            "allowed_to_publish": answer.may_publish,
            "shown_as": answer.shown_name,
            "given_at": answer.submitted_at.isoformat(),
            "last_changed_at": answer.updated_at.isoformat(),
            "shown_on_the_site_since": answer.approved_at.isoformat() if answer.is_shown else None,
            "kept_off_the_site_since": answer.kept_off_at.isoformat() if answer.kept_off_at else None,
        }
    return exported


def erase(appointment_ids) -> None:
    """Delete the feedback requests about these appointments and the answers to them, and the admin's history of the
    answers."""
    requests = FeedbackRequest.objects.filter(appointment_id__in=appointment_ids)
    ids = [str(pk) for pk in Feedback.objects.filter(request__in=requests).values_list("pk", flat=True)]
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Feedback), object_id__in=ids).delete()
    Feedback.objects.filter(request__in=requests).delete()  # one by one, so the cached comments are dropped
    requests.delete()
