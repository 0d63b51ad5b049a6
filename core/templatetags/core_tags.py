from django import template

from core.contributions import templates_for

register = template.Library()


@register.simple_tag
def contributions(place):
    """The templates other apps contribute to `place` on this page (`core.contributions`), to include in order."""
    return templates_for(place)
