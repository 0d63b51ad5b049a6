from django import template

from bookings.models import BookingRules, Service

register = template.Library()


@register.simple_tag
def bookable_services():
    """The services patients can book online, in the clinic's order (for the home page)."""
    return list(Service.objects.active())


@register.simple_tag
def cancellation_policy():
    """The cancellation policy sentence, from the booking rules (for pages outside this app)."""
    return BookingRules.load().cancellation_policy


@register.simple_tag
def booking_rules():
    """The booking rules, for pages outside this app that quote them (the privacy notice's keeping periods)."""
    return BookingRules.load()
