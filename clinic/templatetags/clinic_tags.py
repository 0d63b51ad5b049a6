import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from clinic.structured_data import clinic_jsonld
from core.siteurl import absolute

register = template.Library()

# The same escapes Django's json_script uses, so data can't close the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def ld_json(data):
    """Render data as a JSON-LD block (a data block: CSP does not execute it)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def clinic_ld_json(context):
    clinic = context.get("clinic")
    if not clinic:
        return ""
    return ld_json(clinic_jsonld(clinic.profile, clinic.schedule))


@register.simple_tag
def absolute_url(path):
    return absolute(path)
