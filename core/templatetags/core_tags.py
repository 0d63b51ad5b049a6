from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

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


@register.filter
def breakable_email(address):
    """`{{ email|breakable_email }}`: the address with line-break opportunities after the @ and before each dot
    of the domain, so on a narrow screen it wraps as "name@" / "example.co.uk", not mid-word."""
    local_part, at, domain = escape(address).partition("@")
    if not at:
        return escape(address)
    return mark_safe(f"{local_part}@<wbr>{domain.replace('.', '<wbr>.')}")
