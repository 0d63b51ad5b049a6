"""The benchmark: `make bench`. Anyone can rerun it; it prints a Markdown table and writes JSON.

1. Seeds a separate database (SQLite var/bench/bench.sqlite3, or the `restore_bench` database beside
   DATABASE_URL on PostgreSQL) with 1,000 published posts and 100,000 appointments (back to back, from eight
   weeks ahead into the past),
   timing availability for a busy day as the appointments table grows.
2. Starts the production stack (collectstatic + gunicorn, DEBUG off, 2 workers) on loopback.
3. For each page, saves the same response bytes as a static file served by WhiteNoise from the same
   gunicorn (the practical limit), then measures page and static copy alternately with wrk.
4. Measures the booking POST rate with many patients contending for a few slots. Each patient walks the
   booking flow as it is today with the walker the tests use (`bookings.tests.walker`), so a step added to the
   flow stops the tests and this benchmark together.

Nothing here asserts a time: it reports. It does assert that each figure measured what it names, and exits 1
(after printing what it has) when one did not: a page that did not answer 200, a wrk run with no requests,
errors or non-2xx answers, an availability timing for a day without free times, or a contention run in which
not exactly one patient per slot booked and every other patient was shown other times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from admin_pages import TIMES, time_admin_pages  # noqa: E402
from contention import booking_contention, contention_problems  # noqa: E402
from stack import (  # noqa: E402
    OUT_DIR,
    STATIC_ROOT,
    Problems,
    Server,
    WrkFailed,
    bench_database_url,
    fetch,
    free_port,
    log,
    manage,
    production_env,
    setup_django,
    wrk,
)

BOOKED_AHEAD = dt.timedelta(days=10)  # how long before the visit a bench appointment was requested


def seed_and_time_availability(target_posts, target_appointments):
    from django.contrib.auth import get_user_model
    from django.db.models import F, Value
    from django.db.models.functions import Least
    from django.utils import timezone

    from blog.models import Category, Post
    from bookings import availability
    from bookings.models import Appointment, AppointmentEvent, Service
    from clinic.hours import current_schedule

    author, _ = get_user_model().objects.get_or_create(username="bench-author")
    categories = [Category.objects.get_or_create(slug=s, defaults={"name": s.title()})[0] for s in ("knee", "hip")]
    existing = Post.objects.count()
    if existing < target_posts:
        template = Post.objects.filter(slug="knee-pain-when-running").first()
        body = template.body if template else "## A heading\n\nSome text."
        sample = Post(body=body)
        sample.render()
        now = timezone.now()
        Post.objects.bulk_create(
            Post(title=f"Benchmark article {n}", slug=f"bench-{n}", summary="A benchmark article about running.",
                 body=body, body_html=sample.body_html, toc=sample.toc, reading_minutes=sample.reading_minutes,
                 author=author, status="published", published_at=now - dt.timedelta(hours=n + 1))
            for n in range(existing, target_posts)
        )  # fmt: skip
        through = Post.categories.through
        through.objects.bulk_create(
            (
                through(post_id=pk, category_id=categories[pk % 2].pk)
                for pk in Post.objects.values_list("pk", flat=True)
            ),
            ignore_conflicts=True,
        )
    service = Service.objects.get(slug="follow-up")
    schedule = current_schedule()
    now = timezone.now()
    busy_day = timezone.localdate() + dt.timedelta(days=7)
    while busy_day.weekday() != 0:
        busy_day += dt.timedelta(days=1)

    def time_availability():
        runs = []
        for _ in range(20):
            started = time.perf_counter()
            free = availability.free_slots(service, busy_day, now)
            runs.append(time.perf_counter() - started)
        runs.sort()
        return {"availability_ms": round(runs[len(runs) // 2] * 1000, 3), "free_slots": len(free)}

    # Appointments: every opening range filled back to back, day by day backwards from eight weeks ahead (as far
    # as patients book) into the past, until there are enough: one clinician's diary for decades, so that every
    # page sees the table at the size asked for, and this week and the weeks behind it as busy as they could be.
    def generate():
        day = timezone.localdate() + dt.timedelta(weeks=8)
        statuses = ["completed"] * 6 + ["confirmed", "requested", "cancelled_patient", "no_show"]
        n = 0
        while True:
            for opens, closes in schedule.periods_on(day):
                start = opens
                slot = 0
                while start + dt.timedelta(minutes=45) <= closes:
                    slot += 1
                    if slot % 5 in (0, 4):  # leave a 90-minute gap in every five slots: a busy, not full, diary
                        start += dt.timedelta(minutes=45)
                        continue
                    status = statuses[n % len(statuses)] if day < timezone.localdate() else "confirmed"
                    yield Appointment(reference=f"BEN-{n:06d}", service=service, start=start,
                                      end=start + dt.timedelta(minutes=45), hold_until=start + dt.timedelta(minutes=45),
                                      patient_name="Bench Patient", email=f"bench{n % 5000}@example.com",
                                      phone="07700 900000", concern="knee", status=status)  # fmt: skip
                    n += 1
                    start += dt.timedelta(minutes=45)
            day -= dt.timedelta(days=1)

    def booked_at(appointment):
        return min(appointment.start - BOOKED_AHEAD, now)

    def history(batch):
        """Each appointment's events as the site records them: requested, confirmed, then what became of it."""
        for a in batch:
            yield AppointmentEvent(appointment=a, at=booked_at(a), actor_label="patient", to_status="requested")
            if a.status != "requested":
                decided = min(booked_at(a) + dt.timedelta(hours=2), now)
                yield AppointmentEvent(appointment=a, at=decided, actor_label="bench-clinician",
                                       from_status="requested", to_status="confirmed")  # fmt: skip
            if a.status not in ("requested", "confirmed"):
                yield AppointmentEvent(appointment=a, at=a.start, actor_label="bench-clinician",
                                       from_status="confirmed", to_status=a.status)  # fmt: skip

    growth = []
    have = Appointment.objects.filter(reference__startswith="BEN-").count()
    if have == 0:
        Appointment.objects.all().delete()  # the demo appointments would overlap the generated diary
        growth.append({"appointments": 0, **time_availability()})
        source = generate()
        for size in (1_000, 10_000, target_appointments):
            batch = []
            while have + len(batch) < size:
                batch.append(next(source))
            Appointment.objects.bulk_create(batch, batch_size=2000)
            AppointmentEvent.objects.bulk_create(history(batch), batch_size=5000)
            have += len(batch)
            growth.append({"appointments": have, **time_availability()})
        # Requested some days ahead, as patients do (the weekly report counts requests by when they were made);
        # `created_at` is set on insert, so it is dated here.
        Appointment.objects.filter(reference__startswith="BEN-").update(
            created_at=Least(F("start") - BOOKED_AHEAD, Value(now))
        )
    else:
        growth.append({"appointments": have, **time_availability()})
    return {"posts": Post.objects.count(), "appointments": Appointment.objects.count(), "growth": growth,
            "busy_day": busy_day.isoformat()}  # fmt: skip


def count_queries(paths, problems):
    """Queries per page in-process with the production settings: cold cache, then warm."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    cache.clear()
    counts = {}
    for name, path in paths.items():
        with CaptureQueriesContext(connection) as cold:
            cold_status = client.get(path).status_code
        with CaptureQueriesContext(connection) as warm:
            warm_status = client.get(path).status_code
        if (cold_status, warm_status) != (200, 200):
            problems.add(f"{name} ({path}) answered {cold_status} then {warm_status} in-process, not 200: "
                         "its query counts are not the page's")  # fmt: skip
        counts[name] = {"cold": len(cold), "warm": len(warm)}
    return counts


# --- HTTP measurement ------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "5")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "2")))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--appointments", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=1_000)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk")

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    port = free_port()
    database_url = bench_database_url()
    env = production_env(database_url, port)
    log(f"Bench database: {database_url}")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--no-input", "-v0")
    setup_django(env)
    problems = Problems()
    log("Seeding and timing availability as the table grows…")
    data = seed_and_time_availability(args.posts, args.appointments)
    for g in data["growth"]:
        if not g["free_slots"]:
            problems.add(f"availability with {g['appointments']} appointments timed a day with no free times "
                         f"({data['busy_day']}): it measured nothing")  # fmt: skip

    from django.urls import reverse

    service_day = data["busy_day"]
    paths = {
        "home": reverse("clinic:home"),
        "blog list": reverse("blog:list"),
        "article": reverse("blog:post", args=["knee-pain-when-running"]),
        "category": reverse("blog:category", args=["knee"]),
        "availability JSON": f"{reverse('bookings:availability')}?service=follow-up&date={service_day}",
        "booking form": reverse("bookings:start"),
    }
    queries = count_queries(paths, problems)

    base = f"http://127.0.0.1:{port}"
    copies = STATIC_ROOT / "bench-copies"
    copies.mkdir(parents=True, exist_ok=True)
    with Server(env, port):
        for name, path in paths.items():
            status, body, content_type = fetch(base + path)
            suffix = ".json" if content_type == "application/json" else ".html"
            (copies / (re.sub(r"\W+", "-", name) + suffix)).write_bytes(body)
    results = {}
    contention = None
    with Server(env, port):  # restarted so WhiteNoise sees the copies
        for name, path in paths.items():
            status, body, _ = fetch(base + path)
            if status != 200:
                problems.add(f"{name} ({path}) answered {status}, not 200: not measured")
                continue
            suffix = ".json" if path.startswith(reverse("bookings:availability")) else ".html"
            static_url = f"{base}/static/bench-copies/{re.sub(r'\W+', '-', name)}{suffix}"
            page_runs, static_runs = [], []
            try:
                wrk(base + path, 3, args.connections)  # warm up both (fills the page cache, starts the workers)
                wrk(static_url, 3, args.connections)
                for _ in range(args.rounds):
                    page_runs.append(wrk(base + path, args.seconds, args.connections))
                    static_runs.append(wrk(static_url, args.seconds, args.connections))
            except WrkFailed as error:
                problems.add(f"{name}: {error}")
                continue
            page = {k: round(sum(r[k] for r in page_runs) / len(page_runs), 2) for k in page_runs[0]}
            static = {k: round(sum(r[k] for r in static_runs) / len(static_runs), 2) for k in static_runs[0]}
            results[name] = {
                "path": path, "page": page, "static": static, "ratio": round(page["rps"] / static["rps"], 2),
                "bytes": len(body), "gzip_bytes": len(gzip.compress(body)), "queries": queries[name],
            }  # fmt: skip
            log(f"{name}: {page['rps']:.0f} req/s vs static {static['rps']:.0f} ({results[name]['ratio']:.2f})")
        log("Admin pages, signed in…")
        admin_pages = time_admin_pages(base, problems)
        from django.utils import timezone

        from bookings import availability
        from bookings.models import Service
        from bookings.tests.walker import FlowChanged

        # Four slots that don't overlap (the first free one on each of four days), 12 patients for each.
        follow_up, day, slots = Service.objects.get(slug="follow-up"), dt.date.fromisoformat(service_day), []
        for _ in range(60):
            day += dt.timedelta(days=1)
            slots += availability.free_slots(follow_up, day, timezone.now())[:1]
            if len(slots) == 4:
                break
        slot_values = [s.value for s in slots]
        if len(slots) < 4:
            problems.add(f"booking contention: only {len(slots)} free slots found for four patients' groups")
        else:
            log("Booking contention: walking 48 patients to “check your answers”…")
            try:
                contention = booking_contention(base, slot_values)
            except FlowChanged as error:
                problems.add(f"booking contention: a patient could not walk the booking flow: {error}")
            else:
                for problem in contention_problems(contention, slot_values):
                    problems.add(problem)

    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_average": [round(x, 2) for x in os.getloadavg()]},
        "database": "postgresql" if database_url.startswith("postgres") else "sqlite",
        "settings": {"seconds": args.seconds, "rounds": args.rounds, "connections": args.connections, "workers": 2},
        "data": data, "pages": results, "admin_pages": admin_pages, "booking_contention": contention,
        "problems": problems,
    }  # fmt: skip
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    for target in (OUT_DIR / f"bench-{stamp}.json", OUT_DIR / "latest.json"):
        target.write_text(json.dumps(report, indent=2))
    print(markdown(report))
    sys.exit(1 if problems else 0)


def markdown(report):
    lines = [
        f"Benchmark {report['when']} · {report['database']} · {report['machine']['cpus']} CPUs "
        f"(load average {report['machine']['load_average'][0]} at the end) · "
        f"{report['data']['posts']} posts, {report['data']['appointments']} appointments · gunicorn 2 workers · "
        f"wrk {report['settings']['connections']} connections, {report['settings']['rounds']}×"
        f"{report['settings']['seconds']} s",
        "",
        "| page | req/s | p50 ms | p99 ms | static req/s | static p99 ms | ratio to static | bytes (gzip) "
        "| queries cold/warm |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in report["pages"].items():
        lines.append(
            f"| {name} | {r['page']['rps']:.0f} | {r['page']['p50_ms']} | {r['page']['p99_ms']} | "
            f"{r['static']['rps']:.0f} | {r['static']['p99_ms']} | {r['ratio']:.2f} | "
            f"{r['bytes']} ({r['gzip_bytes']}) | {r['queries']['cold']}/{r['queries']['warm']} |"
        )
    lines += ["", "| appointments in table | availability for a busy day (ms, median of 20) | free times that day |",
              "| ---: | ---: | ---: |"]  # fmt: skip
    lines += [f"| {g['appointments']} | {g['availability_ms']} | {g['free_slots']} |" for g in report["data"]["growth"]]
    if report["admin_pages"]:
        lines += ["", f"| admin page (signed in) | median ms of {TIMES} |", "| --- | ---: |"]
        lines += [f"| {name} | {ms} |" for name, ms in report["admin_pages"].items()]
    c = report["booking_contention"]
    if c:
        lines += ["", f"Booking POSTs under contention: {c['patients']} patients for {c['slots']} slots at once → "
                  f"{c['posts_per_second']} POST/s; {c['booked']} booked, {c['taken']} shown other times, "
                  f"{c['other']} other ({c['appointments_made']} appointments in the database, "
                  f"{len(c['slots_booked'])} of {c['slots']} slots)."]  # fmt: skip
    if report["problems"]:
        lines += ["", "NOT MEASURED — the run exits 1:"] + [f"- {p}" for p in report["problems"]]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
