"""The house's layout holds: no module over 400 lines (outside migrations and demo content), so a growing file is
split by subject when it grows, not when someone notices."""

from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
LIMIT = 400
TREES = ["config", "core", "clinic", "blog", "bookings", "care", "outcomes", "feedback", "bench", "scripts"]
DEMO_CONTENT = {"blog/demo_articles.py"}


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(BASE)): lines
        for tree in TREES
        for path in (BASE / tree).rglob("*.py")
        if "migrations" not in path.parts and str(path.relative_to(BASE)) not in DEMO_CONTENT
        if (lines := len(path.read_text().splitlines())) > LIMIT
    }
    assert long == {}
