from django import template

from bookings.models import BookingRules, Service

register = template.Library()


@register.simple_tag
def bookable_services():
    """The services patients can book online, in the clinic's order (for the home page)."""
    return list(Service.objects.active())


@register.simple_tag
def booking_rules():
    """The booking rules, for pages outside this app that quote them (the cancellation policy on the first-visit
    page, the keeping periods in the privacy notice)."""
    return BookingRules.load()
