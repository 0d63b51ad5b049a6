"""`make lighthouse`: Lighthouse (mobile, default throttling) against the local production stack.

Serves the site with DEBUG off through gunicorn on loopback, walks the booking flow as a patient to
reach each step with the walker the tests use (`bookings.tests.walker`), passing the session cookie to
Lighthouse, and prints the four category scores per page; any category under 100 is listed with its
failing audits. Reports go to var/lighthouse/.

Pages reached only by a signed link (a patient's exercise programme, a follow-up, the feedback request) are made for
a patient of Lighthouse's own; being noindex on purpose, they skip the audit that asks for indexing, and must weigh
under 60 KB before images.

Exit status 1 if any score is under 100 (or a private page is over its weight), or if any page could not be
measured: the walk could not reach a booking step, a page did not answer 200 itself (a redirect measures another
page), or Lighthouse failed or left a category without a score.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import BASE_DIR, Server, free_port, manage, setup_django  # noqa: E402

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


def booking_patients(base):
    """Two patients walked through the booking flow as it is today (`bookings.tests.walker`): one who sent the
    request (for the confirmation page), then one left at "check your answers" (for steps 2 to 5), each at the
    first time still free. Their browsers carry the session cookies."""
    from bookings.tests.walker import DETAILS, BookingWalk, FlowChanged, HttpBrowser

    walks = []
    for name in ("sent", "checking"):
        walk = BookingWalk(HttpBrowser(base))
        email = f"lighthouse-{secrets.token_hex(4)}@example.com"  # a new one each run: repeated runs stay under the cap
        walk.to_check("follow-up", "knee", details={**DETAILS, "name": "Light House", "email": email})
        walk.check()
        if name == "sent" and walk.send()[0] != "booked":
            raise FlowChanged("send: the first time offered was taken before Lighthouse's patient could book it")
        walks.append(walk)
    sent, checking = walks
    return sent.transport, checking.transport


def private_pages():
    """Pages a patient reaches only by a signed link from an email, made for a patient of Lighthouse's own: their
    exercise programme (four exercises of the seeded library, the size of a usual programme), a follow-up sent six
    weeks after their last visit (three activities, the most the questionnaire asks) and the request for feedback
    on that visit. Each name: its path."""
    from django.utils import timezone

    from bookings.models import Appointment, Service
    from care.links import programme_path
    from care.models import Exercise, Programme
    from feedback.links import answer_path
    from feedback.models import FeedbackRequest
    from outcomes.links import followup_path
    from outcomes.models import FollowUp

    now = timezone.now().replace(second=0, microsecond=0)
    email = f"lighthouse-{secrets.token_hex(4)}@example.com"  # a new one each run: asked for feedback once ever

    def appointment(start, status):
        return Appointment.objects.create(
            service=Service.objects.get(slug="follow-up"), start=start, patient_name="Light House", email=email,
            status=status,
        )  # fmt: skip

    visit = appointment(now + dt.timedelta(days=400, minutes=secrets.randbelow(600)), Appointment.Status.CONFIRMED)
    today = timezone.localdate()
    programme = Programme.objects.create(
        appointment=visit, title="Knee: early strength", start_date=today, review_date=today + dt.timedelta(42)
    )
    for order, exercise in enumerate(Exercise.objects.order_by("name")[:4]):
        programme.items.create(exercise=exercise, order=order, sets=3, reps=10, load="bodyweight")

    last = appointment(now - dt.timedelta(weeks=6, minutes=secrets.randbelow(600)), Appointment.Status.COMPLETED)
    activities = [("Running downhill", 3), ("Going down stairs", 5), ("Squatting to lift a child", 4)]
    followup = FollowUp.objects.create(
        appointment=last, baseline_appointment=last, number=FollowUp.Number.FIRST, due_on=today, sent_at=now,
        activities=[{"activity": activity, "baseline": score} for activity, score in activities],
    )  # fmt: skip
    asked = FeedbackRequest.objects.create(appointment=last, email=email, sent_at=now)
    return {
        "exercise programme": programme_path(programme),
        "follow-up": followup_path(followup),
        "feedback": answer_path(asked),
    }


# Pages that must not be indexed (signed links: robots noindex on purpose) skip the one SEO audit that checks a page
# may be indexed; every other audit of the four categories counts for them as for the public pages.
NOT_FOR_INDEXING_SKIPS = ["is-crawlable"]
PRIVATE_BUDGET_KB = 60  # what a patient's own pages (programme, follow-up) may weigh before images, on a phone


def lighthouse(url, name, headers=None, private=False):
    report = OUT_DIR / f"{name}.json"
    command = [
        str(BASE_DIR / "node_modules" / ".bin" / "lighthouse"), url,
        "--output=json", f"--output-path={report}", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    if headers:
        command.append(f"--extra-headers={json.dumps(headers)}")
    if private:
        command.append(f"--skip-audits={','.join(NOT_FOR_INDEXING_SKIPS)}")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    for attempt in range(3):  # Chromium sometimes fails to record the trace (NO_NAVSTART): Lighthouse says to rerun
        report.unlink(missing_ok=True)
        if subprocess.run(command, env=env).returncode == 0 and report.exists():
            result = json.loads(report.read_text())
            if not unmeasured(result, url):
                return result
        print(f"Lighthouse failed on {url} (attempt {attempt + 1} of 3)", file=sys.stderr)
    return None


def unmeasured(result, url):
    """Why a Lighthouse report does not measure the page at `url` (None when it does)."""
    if result.get("runtimeError"):
        return f"Lighthouse error {result['runtimeError'].get('code')}: {result['runtimeError'].get('message')}"
    if result.get("finalDisplayedUrl") != url:
        return f"Lighthouse ended on {result.get('finalDisplayedUrl')}, not {url}"
    missing = [c for c in CATEGORIES if result.get("categories", {}).get(c, {}).get("score") is None]
    if missing:
        return f"no score for {', '.join(missing)}"
    document = next((r for r in network_requests(result) if r.get("resourceType") == "Document"), None)
    if not document or document.get("statusCode") != 200:
        return f"the page answered {document.get('statusCode') if document else 'nothing'}, not 200"
    return None


def network_requests(result):
    return ((result.get("audits", {}).get("network-requests") or {}).get("details") or {}).get("items", [])


def failing_audits(result, category):
    audits = result["audits"]
    for ref in result["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            yield f"{audit['id']} ({audit['score']}): {audit['title']}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", help='only these pages, by name (e.g. "booking 3 time"); all by default')
    only = parser.parse_args().pages
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
    setup_django(env)  # the walker reads the safety questions from the same database
    from bookings.tests.walker import FlowChanged, HttpBrowser

    base = f"http://127.0.0.1:{port}"
    scores, failures, weights, unmeasurable = {}, {}, {}, {}
    with Server(env, port):
        anyone = HttpBrowser(base)
        try:
            sent, checking = booking_patients(base)
        except FlowChanged as error:
            unmeasurable["booking steps 2 to 6"] = f"the walk could not reach them: {error}"
            sent = checking = None
        pages = {
            "home": ("/", anyone),
            "article": ("/blog/knee-pain-when-running/", anyone),
            "blog list": ("/blog/", anyone),
            "services": ("/services/", anyone),
            "service page": ("/services/initial-assessment/", anyone),
            "about": ("/about/", anyone),
            "first visit": ("/first-visit/", anyone),
            "faq": ("/faq/", anyone),
            "booking 1 service": ("/book/", anyone),
            "booking 2 safety": ("/book/safety/", checking),
            "booking 3 time": ("/book/time/", checking),
            "booking 4 details": ("/book/details/", checking),
            "booking 5 check": ("/book/check/", checking),
            "booking 6 done": ("/book/done/", sent),
        }
        private = private_pages()
        pages.update({name: (path, anyone) for name, path in private.items()})
        unknown = set(only) - set(pages)
        if unknown:
            sys.exit(f"No page called {', '.join(sorted(unknown))}; the pages are: {', '.join(pages)}")
        for name, (path, browser) in pages.items():
            if browser is None or (only and name not in only):
                continue
            answer = browser.get(path)  # as Lighthouse will ask for it, with the same cookies
            if answer.status != 200:
                unmeasurable[name] = f"{path} answered {answer.summary()}, not 200"
                continue
            headers = {"Cookie": browser.cookie_header()} if browser is not anyone else None
            result = lighthouse(base + path, name.replace(" ", "-"), headers, private=name in private)
            if result is None:
                report = OUT_DIR / f"{name.replace(' ', '-')}.json"
                last = json.loads(report.read_text()) if report.exists() else {}
                unmeasurable[name] = unmeasured(last, base + path) if last else "Lighthouse wrote no report"
                continue
            scores[name] = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
            requests = network_requests(result)
            weights[name] = {
                "kb_without_images": round(sum(r.get("transferSize", 0) for r in requests
                                               if r.get("resourceType") != "Image") / 1024, 1),
                "kb_javascript": round(sum(r.get("transferSize", 0) for r in requests
                                           if r.get("resourceType") == "Script") / 1024, 1),
            }  # fmt: skip
            for category in CATEGORIES:
                if scores[name][category] < 100:
                    failures.setdefault(name, {})[category] = list(failing_audits(result, category))
            if name in private and weights[name]["kb_without_images"] > PRIVATE_BUDGET_KB:
                failures.setdefault(name, {})["weight"] = [
                    f"{weights[name]['kb_without_images']} KB before images: over the {PRIVATE_BUDGET_KB} KB budget"
                ]
    now = dt.datetime.now(dt.UTC)
    lines = [f"Lighthouse {now:%Y-%m-%d %H:%M} UTC (mobile, default throttling; production stack on loopback; "
             f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs at the end)", "",
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
            lines.append(f"\n{name} — {category} {scores[name].get(category, '')}:")
            lines += [f"  - {audit}" for audit in audits] or ["  - (no weighted audit failed: rounding)"]
    if unmeasurable:
        lines += ["", "NOT MEASURED — the run exits 1:"] + [f"- {name}: {why}" for name, why in unmeasurable.items()]
    (OUT_DIR / "latest.json").write_text(
        json.dumps(
            {
                "when": now.isoformat(timespec="seconds"),
                "scores": scores,
                "weights": weights,
                "failures": failures,
                "unmeasured": unmeasurable,
            },
            indent=2,
        )
    )
    print("\n".join(lines))
    sys.exit(1 if failures or unmeasurable else 0)


if __name__ == "__main__":
    main()
