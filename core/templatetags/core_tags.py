from django import template

from core.contributions import templates_for
from core.phones import tel_uri

register = template.Library()


@register.simple_tag
def contributions(place):
    """The templates other apps contribute to `place` on this page (`core.contributions`), to include in order."""
    return templates_for(place)


@register.filter
def tel(phone):
    """`{{ phone|tel }}`: the number as a `tel:` address (`core.phones.tel_uri`)."""
    return tel_uri(phone)
