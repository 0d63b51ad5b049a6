"""Reading rendered HTML in tests: elements by tag and attributes, as a browser would find them."""

from django.test.html import parse_html


def elements(html, tag, **attributes):
    """Every `tag` element in `html` with all of `attributes` (`_` in a keyword for `-`; True: present at all)."""
    wanted = {key.replace("_", "-"): value for key, value in attributes.items()}
    found, stack = [], [parse_html(html)]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            continue
        present = dict(node.attributes)
        if node.name == tag and all(
            key in present and (value is True or present[key] == value) for key, value in wanted.items()
        ):
            found.append(node)
        stack.extend(reversed(node.children))
    return found
