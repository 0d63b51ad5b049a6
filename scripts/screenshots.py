"""Take phone (390 px) and desktop screenshots of pages of a running site.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 / /blog/ ...

PNG files go to var/screenshots/. Uses Playwright's Chromium if installed, else /usr/bin/chromium.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "var" / "screenshots"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def main(base, paths):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for label, viewport in SIZES.items():
            page = browser.new_page(viewport=viewport)
            for path in paths:
                page.goto(base + path)
                name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
                target = OUT / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2:] or ["/"])
