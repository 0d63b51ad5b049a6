"""The clinician's private calendar feed, subscribed to by address (the token is the secret)."""

import datetime as dt

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_safe

from bookings.calendar import clinic_feed
from bookings.models import Appointment, BookingRules


@require_safe
def clinic_calendar(request, token):
    """The clinician's private calendar feed: requested and confirmed appointments, no notes."""
    rules = BookingRules.load()
    if not constant_time_compare(token, rules.calendar_token):
        raise Http404("No such calendar.")
    now = timezone.now()
    appointments = (
        Appointment.objects.holding_time()
        .filter(start__gte=now - dt.timedelta(days=30), start__lte=now + dt.timedelta(days=365))
        .select_related("service")
    )
    response = HttpResponse(clinic_feed(appointments), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
