from django import template

from feedback.public import shown_comments

register = template.Library()


@register.simple_tag
def patients_comments():
    """The comments approved for the public pages (`feedback.public`), newest first; none: hide the block."""
    return shown_comments()


@register.simple_tag
def feedback_about(appointment):
    """The feedback request about `appointment` and its answer, if it was asked about (one query), for its page."""
    from feedback.models import FeedbackRequest

    return FeedbackRequest.objects.select_related("feedback").filter(appointment=appointment).first()


@register.simple_tag
def comments_waiting() -> int:
    """`{% comments_waiting as waiting %}`: comments the patient allowed to be shown, not yet shown or withdrawn by
    the clinician (one query), for the admin home's "To see to"."""
    from feedback.models import Feedback

    return Feedback.objects.waiting_for_approval().count()
