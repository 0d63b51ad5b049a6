from django import template

from feedback.public import shown_comments

register = template.Library()


@register.simple_tag
def patients_comments():
    """The comments approved for the public pages (`feedback.public`), newest first; none: hide the block."""
    return shown_comments()
