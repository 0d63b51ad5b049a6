"""Screenshots of every public page and every booking step at 320, 390, 768 and 1280 px (`make screenshots`).

Serves the site from a copy of the development database (so walking the booking flow to the end leaves the
clinic's own data untouched), then saves full-page PNGs to var/screenshots/<width>/ for anyone reviewing the look.
Uses Playwright with Debian's Chromium (/usr/bin/chromium) where Playwright has none of its own.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE_DIR = Path(__file__).resolve().parent.parent
OUT = BASE_DIR / "var" / "screenshots"
WIDTHS = [320, 390, 768, 1280]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(database: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}", "REDIS_URL": ""}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("The development server did not start; run `make run` once to set the site up.")


def public_paths(page, base) -> list[str]:
    """Every page a visitor can reach from the home page, the services list and the blog list."""
    paths = [
        "/",
        "/about/",
        "/first-visit/",
        "/faq/",
        "/services/",
        "/contact/",
        "/privacy/",
        "/blog/",
        "/book/waitlist/",
        "/no-such-page/",
    ]
    for start in ["/services/", "/blog/"]:
        page.goto(base + start)
        for href in page.eval_on_selector_all("main a[href^='/']", "links => links.map(a => a.getAttribute('href'))"):
            path = href.split("#")[0].split("?")[0]
            if re.match(r"^/(services|blog)/.+/$", path) and path not in paths:
                paths.append(path)
    return paths


def shoot(page, folder: Path, name: str):
    page.wait_for_load_state("load")
    target = folder / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    print(target.relative_to(BASE_DIR))


def booking_steps(page, base, folder: Path):
    """Step by step as a patient, mouse only: a back problem with one emergency answer, then booked anyway."""
    page.goto(base + "/book/")
    shoot(page, folder, "book-1-service")
    page.locator("input[name=service]").first.check()
    page.check("input[name=concern][value=back]")
    page.click("main button[type=submit]")
    shoot(page, folder, "book-2-safety")
    for radio in page.locator("input[type=radio][value=no]").all():
        radio.check()
    page.locator("input[type=radio][value=yes]").nth(1).check()
    page.click("main form[method=post] button[type=submit]")
    shoot(page, folder, "book-2-advice")
    page.click("text=Continue to book a consult")
    shoot(page, folder, "book-3-time")
    page.locator("input[name=slot]").first.check()
    page.click("main form[method=post] button[type=submit]")
    shoot(page, folder, "book-4-details")
    page.fill("#id_name", "Screen Shot")
    page.fill("#id_email", f"screenshots-{folder.name}@example.com")
    page.fill("#id_phone", "07700 900123")
    page.check("#id_consent")
    page.click("main button[type=submit]")
    shoot(page, folder, "book-5-check")
    page.click("main button[type=submit]")
    shoot(page, folder, "book-6-done")


def main():
    source = BASE_DIR / "var" / "db.sqlite3"
    if not source.exists():
        raise SystemExit("No development database: run `make run` (or `make seed`) first.")
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "screenshots.sqlite3"
        shutil.copy(source, database)
        port = free_port()
        server = serve(database, port)
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as p:
                executable = None if Path(p.chromium.executable_path).exists() else "/usr/bin/chromium"
                browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                paths = public_paths(browser.new_page(), base)
                for width in WIDTHS:
                    folder = OUT / str(width)
                    folder.mkdir(parents=True, exist_ok=True)
                    context = browser.new_context(viewport={"width": width, "height": 900})
                    page = context.new_page()
                    for path in paths:
                        page.goto(base + path)
                        shoot(page, folder, path.strip("/").replace("/", "_") or "home")
                    booking_steps(page, base, folder)
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
