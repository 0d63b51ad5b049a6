"""Parts of one app's pages that show another app's data, registered by the app that owns the data.

A page names a place (`{% contributions "home" as parts %}{% for part in parts %}{% include part %}{% endfor %}`);
bookings and blog register, from their AppConfig.ready, the templates they add there (`contribute("home",
"blog/includes/latest_posts.html", order=20)`), so the page's own app names neither of them.
"""

PLACES: dict[str, list[tuple[int, str]]] = {}


def contribute(place: str, template: str, *, order: int = 50) -> None:
    parts = PLACES.setdefault(place, [])
    if (order, template) not in parts:
        parts.append((order, template))
        parts.sort()


def templates_for(place: str) -> list[str]:
    """The templates registered for `place`, in order (none: the page simply has no such part)."""
    return [template for _, template in PLACES.get(place, [])]
