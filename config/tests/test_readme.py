"""The README's "Where things live" map stays true: every path it names exists, every module is named."""

import re
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
APPS = ["config", "core", "clinic", "blog", "bookings", "care", "outcomes", "feedback"]


def mapped_paths():
    readme = (BASE / "README.md").read_text()
    section = readme.split("## Where things live", 1)[1].split("\n## ", 1)[0]
    return {
        path for path in re.findall(r"`([\w/.]+)`", section) if path.split("/")[0] in [*APPS, "templates", "static"]
    }


def test_every_path_in_the_map_exists():
    missing = sorted(path for path in mapped_paths() if not (BASE / path).exists())
    assert missing == []


def test_every_module_is_in_the_map():
    ignored = {"__init__.py", "apps.py", "urls.py", "demo.py", "demo_articles.py"}
    modules = {
        str(path.relative_to(BASE))
        for app in APPS
        for path in (BASE / app).rglob("*.py")
        if not {"tests", "migrations", "management", "templatetags"} & set(path.parts) and path.name not in ignored
    }
    assert sorted(modules - mapped_paths()) == []
