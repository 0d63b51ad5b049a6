"""Which form inputs on a page a screen reader cannot name: axe's "label" rule, checked on every admin page without a
browser. An input is named by a `<label for>` (anywhere on the page), by a `<label>` around it, or by `aria-label` /
`aria-labelledby`; a `<fieldset>`'s legend does not name the input in it (Django's file widget), nor does a table's
column heading (inline rows, editable lists)."""

from html.parser import HTMLParser

UNNAMED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.label_for, self.inputs, self.open_labels = set(), [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.open_labels += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in {"input", "select", "textarea"} and attrs.get("type", "text") not in UNNAMED_TYPES:
            named = "aria-label" in attrs or "aria-labelledby" in attrs or self.open_labels > 0
            self.inputs.append((attrs.get("name") or attrs.get("id") or tag, attrs.get("id"), named))

    def handle_endtag(self, tag):
        if tag == "label" and self.open_labels:
            self.open_labels -= 1


def unnamed_inputs(html: str) -> list[str]:
    parser = _Inputs()
    parser.feed(html)
    return [name for name, id_, named in parser.inputs if not named and id_ not in parser.label_for]
