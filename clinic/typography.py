"""Typographic quotes in the plain text the clinician types in admin: "don't" is saved as “don’t”, so the
site's words look the same whoever wrote them (Markdown article bodies get the same from the renderer)."""

import smartypants

QUOTES_ONLY = smartypants.Attr.q | smartypants.Attr.u  # curly quotes and apostrophes as characters; dashes left
LESS_THAN = "\ue000"  # smartypants reads <…> as an HTML tag and skips it: plain text's "<" is held aside meanwhile


def typographic(text: str) -> str:
    """Straight quotes and apostrophes as ‘ ’ “ ”; text already typographic comes back unchanged."""
    if not text:
        return text
    return smartypants.smartypants(text.replace("<", LESS_THAN), QUOTES_ONLY).replace(LESS_THAN, "<")


class TypographicFields:
    """Model mixin: the fields in `typographic_fields` get typographic quotes in `clean_fields` (so a unique check
    in admin sees the saved form) and again in `save` (for text saved without a form)."""

    typographic_fields: tuple[str, ...] = ()

    def make_typographic(self):
        for name in self.typographic_fields:
            setattr(self, name, typographic(getattr(self, name)))

    def clean_fields(self, exclude=None):
        self.make_typographic()
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        self.make_typographic()
        super().save(*args, **kwargs)
