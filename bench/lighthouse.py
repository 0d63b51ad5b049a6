"""`make lighthouse`: Lighthouse (mobile, default throttling) against the local production stack.

Serves the site with DEBUG off through gunicorn on loopback, walks the booking flow as a patient to
reach each step (passing the session cookie to Lighthouse), and prints the four category scores per
page; any category under 100 is listed with its failing audits. Reports go to var/lighthouse/.
Exit status 1 if any score is under 100.
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import BASE_DIR, Server, free_port, manage  # noqa: E402

OUT_DIR = BASE_DIR / "var" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"


def environment(port):
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": "lighthouse-only-secret-" + "l" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_STATIC_ROOT": str(OUT_DIR / "static"),
        "DJANGO_VAR_DIR": str(OUT_DIR / "var"),
        "DJANGO_SERVE_MEDIA": "1",
        "DATABASE_URL": f"sqlite:///{OUT_DIR / 'db.sqlite3'}",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": "",
    }


def booking_session(base, submit=False):
    """Walk the booking flow up to "check your answers" (or past it); return the session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def go(path, data=None):
        body = None
        if data is not None:
            token = next(c.value for c in jar if c.name == "csrftoken")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        with opener.open(base + path, data=body, timeout=30) as response:
            return response.read().decode()

    questions = go("/book/safety/?service=follow-up&concern=knee&chosen=1")
    page = go("/book/safety/", dict.fromkeys(re.findall(r'name="(q\d+)" value="no"', questions), "no"))
    slot = page.split('name="slot" id="id_slot_1" value="' if submit else 'name="slot" id="id_slot_0" value="', 1)
    slot = slot[1].split('"', 1)[0]
    go("/book/time/", {"slot": slot})
    email = f"lighthouse-{secrets.token_hex(4)}@example.com"  # a new one each run: repeated runs stay under the cap
    go("/book/details/", {"name": "Light House", "email": email, "phone": "07700 900123", "consent": "on"})
    if submit:
        go("/book/check/", {})
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie


def lighthouse(url, name, headers=None):
    report = OUT_DIR / f"{name}.json"
    command = [
        str(BASE_DIR / "node_modules" / ".bin" / "lighthouse"), url,
        "--output=json", f"--output-path={report}", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    if headers:
        command.append(f"--extra-headers={json.dumps(headers)}")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    for attempt in range(3):  # Chromium sometimes fails to record the trace (NO_NAVSTART): Lighthouse says to rerun
        if subprocess.run(command, env=env).returncode == 0:
            return json.loads(report.read_text())
        print(f"Lighthouse failed on {url} (attempt {attempt + 1} of 3)", file=sys.stderr)
    raise SystemExit(f"Lighthouse could not measure {url}")


def failing_audits(result, category):
    audits = result["audits"]
    for ref in result["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            yield f"{audit['id']} ({audit['score']}): {audit['title']}"


def main():
    if not (BASE_DIR / "node_modules" / ".bin" / "lighthouse").exists():
        sys.exit("Lighthouse is not installed: run `npm install` (make lighthouse does).")
    if not (shutil.which(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))):
        sys.exit("Chromium is needed: apt-get install -y chromium")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = environment(port)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--no-input", "-v0")
    base = f"http://127.0.0.1:{port}"
    scores, failures, weights = {}, {}, {}
    with Server(env, port):
        cookie, done_cookie = booking_session(base), booking_session(base, submit=True)
        pages = {
            "home": ("/", None),
            "article": ("/blog/knee-pain-when-running/", None),
            "blog list": ("/blog/", None),
            "services": ("/services/", None),
            "service page": ("/services/initial-assessment/", None),
            "about": ("/about/", None),
            "first visit": ("/first-visit/", None),
            "faq": ("/faq/", None),
            "booking 1 service": ("/book/", None),
            "booking 2 safety": ("/book/safety/", {"Cookie": cookie}),
            "booking 3 time": ("/book/time/", {"Cookie": cookie}),
            "booking 4 details": ("/book/details/", {"Cookie": cookie}),
            "booking 5 check": ("/book/check/", {"Cookie": cookie}),
            "booking 6 done": ("/book/done/", {"Cookie": done_cookie}),
        }
        for name, (path, headers) in pages.items():
            result = lighthouse(base + path, name.replace(" ", "-"), headers)
            scores[name] = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
            requests = result["audits"]["network-requests"]["details"]["items"]
            weights[name] = {
                "kb_without_images": round(sum(r.get("transferSize", 0) for r in requests
                                               if r.get("resourceType") != "Image") / 1024, 1),
                "kb_javascript": round(sum(r.get("transferSize", 0) for r in requests
                                           if r.get("resourceType") == "Script") / 1024, 1),
            }  # fmt: skip
            for category in CATEGORIES:
                if scores[name][category] < 100:
                    failures.setdefault(name, {})[category] = list(failing_audits(result, category))
    today = dt.datetime.now(dt.UTC).date()
    lines = [f"Lighthouse {today} (mobile, default throttling; production stack on loopback)", "",
             "| page | performance | accessibility | best practices | SEO | KB without images | KB of JS |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    lines += [
        f"| {name} | "
        + " | ".join(str(s[c]) for c in CATEGORIES)
        + f" | {weights[name]['kb_without_images']} | {weights[name]['kb_javascript']} |"
        for name, s in scores.items()
    ]
    for name, categories in failures.items():
        for category, audits in categories.items():
            lines.append(f"\n{name} — {category} {scores[name][category]}:")
            lines += [f"  - {audit}" for audit in audits] or ["  - (no weighted audit failed: rounding)"]
    (OUT_DIR / "latest.json").write_text(
        json.dumps({"scores": scores, "weights": weights, "failures": failures}, indent=2)
    )
    print("\n".join(lines))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
