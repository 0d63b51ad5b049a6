from django import template

from bookings.models import Service

register = template.Library()


@register.simple_tag
def bookable_services():
    """The services patients can book online, in the clinic's order (for the home page)."""
    return list(Service.objects.active())
