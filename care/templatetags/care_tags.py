"""What care shows on bookings' admin pages (its `core.contributions`): the progress of a patient's programmes on
their appointment's page, before a day's visits in the diary, and the painful logs still to see to on the admin
home. Each reads the date and Booking rules' alert level here, the page's one touch of the clock, and leaves the
rules to `care.progress`."""

from django import template
from django.utils import timezone

from bookings.models import BookingRules
from care import progress
from care.models import GIVEN_AT, Programme

register = template.Library()


@register.filter
def may_be_given_exercises(appointment) -> bool:
    """`{% if original|may_be_given_exercises %}`: a new programme may be given at it (`care.models.GIVEN_AT`)."""
    return appointment.status in GIVEN_AT


@register.simple_tag
def patient_progress(appointment):
    """`{% patient_progress original as found %}`: the progress of each programme in use of this appointment's
    patient (`progress.for_patient`), latest first."""
    threshold = BookingRules.load().pain_alert_threshold
    return progress.for_patient(appointment, timezone.localdate(), threshold=threshold)


@register.simple_tag
def exercises_before_visits(day):
    """`{% exercises_before_visits agenda_day as visits %}`: the day's appointments whose patient has a programme
    in use, each with its progress as of that day (`progress.before_visits`)."""
    return progress.before_visits(day.appointments, day.date, timezone.localdate())


@register.simple_tag
def programmes_needing_attention() -> int:
    """`{% programmes_needing_attention as flagged %}`: how many programmes have a log whose pain alerted the
    clinician and is not cleared yet (one query), for the admin home's "To see to"."""
    return Programme.objects.filter(logs__needs_attention=True).distinct().count()
