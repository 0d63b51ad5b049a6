"""The site's one typography rule: straight quotes and apostrophes become ‘ ’ “ ”, "--" an en dash, "---" an em
dash and "..." an ellipsis. Plain text the clinician types in admin is saved so ("don't" becomes “don’t”); Markdown
article bodies get the same from the renderer's smarty extension, configured here (`MARKDOWN_SMARTY`), so a title
and its body never differ."""

import smartypants

RULE = smartypants.Attr.q | smartypants.Attr.D | smartypants.Attr.e | smartypants.Attr.u  # as characters
MARKDOWN_SMARTY = {"smart_quotes": True, "smart_dashes": True, "smart_ellipses": True, "smart_angled_quotes": False}
LESS_THAN = "\ue000"  # smartypants reads <…> as an HTML tag and skips it: plain text's "<" is held aside meanwhile


def typographic(text: str) -> str:
    """The rule applied to plain text; text already typographic comes back unchanged."""
    if not text:
        return text
    return smartypants.smartypants(text.replace("<", LESS_THAN), RULE).replace(LESS_THAN, "<")


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
