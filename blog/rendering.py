"""Markdown → sanitised HTML, done once when a post is saved.

Authors write Markdown with two short markers on lines of their own:
`[image: key]` places an image uploaded on the post, and `[book]` or
`[book: knee]` places the booking call to action (one that closes the article
takes the place of the page's own: see CLOSING). Everything the author typed
passes through nh3 with a strict allowlist; the markers are replaced afterwards
with HTML from our own templates.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import unescape

import markdown
import nh3
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.text import slugify

from core import typography

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "em", "strong", "a", "img",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "code", "pre",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "th": {"scope"},
}
URL_SCHEMES = {"https", "mailto", "tel"}
WORDS_PER_MINUTE = 200

MARKER = re.compile(r"^\[(?P<kind>image|book)(?::\s*(?P<arg>[\w-]*))?\]\s*$", re.MULTILINE | re.IGNORECASE)
PLACEHOLDER = re.compile(r"<p>RESTOREEMBED-(?P<kind>image|book|closing)-(?P<arg>[\w-]*)</p>")
# Call-outs the author put last. The article page ends with a call-out of its own unless the body already closes
# with one (it looks for CLOSING in body_html): two back to back read as a mistake. The last of them stays, marked,
# so the concern it books for ([book: knee]) is kept.
CLOSING_BOOK = re.compile(r"(?:\s*<p>RESTOREEMBED-book-[\w-]*</p>)+\s*\Z")
CLOSING = "book-cta-closing"


@dataclass
class Rendered:
    html: str
    toc: list[dict]
    minutes: int


def _mark(match):
    return f"\n\nRESTOREEMBED-{match['kind'].lower()}-{(match['arg'] or '').lower()}\n\n"


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_post_body(body: str, images: dict) -> Rendered:
    md = markdown.Markdown(
        extensions=["tables", "sane_lists", "toc", "smarty"],
        extension_configs={
            "toc": {"toc_depth": "2-3", "slugify": lambda value, sep: slugify(value)},
            "smarty": typography.MARKDOWN_SMARTY,
        },
        output_format="html",
    )
    html = md.convert(MARKER.sub(_mark, body))
    # Authors may start at "#": the page owns the only h1, so shift every heading down one level.
    html = re.sub(r"<(/?)h([1-3])\b", lambda m: f"<{m[1]}h{int(m[2]) + 1}", html) if "<h1" in html else html
    html = CLOSING_BOOK.sub(_closing, sanitise(html))

    def embed(match):
        if match["kind"] == "image":
            image = images.get(match["arg"])
            if image is None or not image.renditions:
                return ""
            return render_to_string("blog/includes/figure.html", {"picture": image.picture, "caption": image.caption})
        closing = CLOSING if match["kind"] == "closing" else ""
        return render_to_string("blog/includes/book_cta.html", {"concern": match["arg"], "closing": closing})

    html = PLACEHOLDER.sub(embed, html)
    toc = _toc(md.toc_tokens)
    words = len(strip_tags(html).split())
    return Rendered(html=html, toc=toc, minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)))


def _closing(match):
    """The last of the call-outs that end an article, marked as the one that closes it."""
    *_, last = PLACEHOLDER.finditer(match[0])
    return f"\n<p>RESTOREEMBED-closing-{last['arg']}</p>"


def _toc(tokens, depth=0):
    entries = []
    for token in tokens:
        if token["level"] > 3:
            continue
        entries.append(
            {
                "id": token["id"],
                # Markdown gives the heading as HTML ("it&rsquo;s"); the template escapes what it shows, so keep text.
                "name": unescape(strip_tags(token["name"])),
                "children": _toc(token["children"], depth + 1),
            }
        )
    return entries
