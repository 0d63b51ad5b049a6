"""Follow-up figures for the admin home."""

from django import template

from outcomes.models import FollowUp

register = template.Library()


@register.simple_tag
def followups_to_see() -> int:
    """`{% followups_to_see as worse %}`: answers of worse than before not marked as seen (one query), for the admin
    home's "To see to"."""
    return FollowUp.objects.to_see().count()
