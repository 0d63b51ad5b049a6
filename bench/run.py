"""The benchmark: `make bench`. Anyone can rerun it; it prints a Markdown table and writes JSON.

1. Seeds a separate database (SQLite var/bench/bench.sqlite3, or the `restore_bench` database beside
   DATABASE_URL on PostgreSQL) with 1,000 published posts and 100,000 appointments over two years,
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
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "var" / "bench"
STATIC_ROOT = OUT_DIR / "static"
SECRET = "bench-only-secret-" + "b" * 40


def log(message):
    print(message, file=sys.stderr, flush=True)


class Problems(list):
    """What did not measure what it names; any one makes the run exit 1."""

    def add(self, message):
        log(f"PROBLEM: {message}")
        self.append(message)


def bench_database_url():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        base = url.rsplit("/", 1)[0]
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = 'restore_bench'").fetchone()
            if not exists:
                conn.execute("CREATE DATABASE restore_bench")
        return f"{base}/restore_bench"
    return f"sqlite:///{OUT_DIR / 'bench.sqlite3'}"


def production_env(database_url, port):
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_STATIC_ROOT": str(STATIC_ROOT),
        "DJANGO_VAR_DIR": str(OUT_DIR / "var"),
        "DJANGO_SERVE_MEDIA": "1",
        "DATABASE_URL": database_url,
        "SITE_URL": f"http://127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": os.environ.get("GUNICORN_THREADS", "1"),
        "GUNICORN_ACCESS_LOG": "",
        "BOOKING_LIMIT_PER_IP": "100000",
        "BOOKING_LIMIT_PER_EMAIL": "100000",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


# --- Seeding (runs in this process, against the bench database) -----------------------------


def setup_django(env):
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def seed_and_time_availability(target_posts, target_appointments):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from blog.models import Category, Post
    from bookings import availability
    from bookings.models import Appointment, Service
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

    # Appointments: every opening range filled back to back, day by day over two years around today.
    def generate():
        day = timezone.localdate() - dt.timedelta(days=365)
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
            day += dt.timedelta(days=1)

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
            have += len(batch)
            growth.append({"appointments": have, **time_availability()})
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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, env, port):
        self.env, self.port = env, port
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "2", "config.wsgi"],
            cwd=BASE_DIR, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url):
    """The page's status, bytes and content type, as served (a redirect is not followed: it is not the page)."""
    try:
        response = urllib.request.build_opener(_NoRedirects).open(url, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, response.read(), response.headers.get_content_type()


class WrkFailed(Exception):
    pass


def wrk(url, seconds, connections):
    """One wrk run; `WrkFailed` unless it made requests and every one was answered 2xx or 3xx without error.

    wrk's timeout is gunicorn's (30 s), not wrk's default 2 s: wrk leaves a slower answer out of the latencies
    and counts it as an error, so a stall (e.g. both workers restarting at once after `max_requests`) would
    either fail the run or, ignored, vanish from the p99."""
    run = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", url],
        capture_output=True, text=True,
    )  # fmt: skip
    output = run.stdout
    requests = re.search(r"^\s*(\d+) requests in ", output, re.M)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if run.returncode or not requests or not rps:
        raise WrkFailed(f"wrk {url} exited {run.returncode}: {(run.stderr or output).strip()[:300]}")

    def latency(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result = {
        "requests": int(requests.group(1)),
        "rps": float(rps.group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(map(int, sockets.groups())) if sockets else 0,
    }
    if not result["requests"] or result["errors"] or result["socket_errors"]:
        raise WrkFailed(
            f"wrk {url}: {result['requests']} requests, {result['errors']} non-2xx/3xx answers, "
            f"{result['socket_errors']} socket errors ({sockets.group(0) if sockets else 'none'})"
        )
    return result


def booking_contention(base, slot_values, patients=48):
    """Many patients send their requests at once for a handful of slots: POSTs per second, and who won.

    Each patient is a browser of its own walking the booking flow as it is today (`bookings.tests.walker`, the
    walker the tests use) up to "check your answers", the patients spread evenly over the slots; then all send
    at the same moment. Exactly one per slot should book; every other one should be shown other times."""
    from bookings import availability
    from bookings.models import Appointment
    from bookings.tests.walker import DETAILS, BookingWalk, FlowChanged, HttpBrowser

    run = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")  # a new email each run: reruns stay under the caps
    emails = [f"contend{n}-{run}@example.com" for n in range(patients)]
    walks = []
    for n in range(patients):
        walk = BookingWalk(HttpBrowser(base))
        details = {**DETAILS, "name": f"Bench Patient {n}", "email": emails[n]}
        walk.to_check("follow-up", "knee", slot=slot_values[n % len(slot_values)], details=details)
        walk.check()
        walks.append(walk)
    barrier = threading.Barrier(patients)
    outcomes, lock = [], threading.Lock()

    def send(walk):
        barrier.wait()
        try:
            outcome = walk.send()[0]
        except (FlowChanged, OSError) as error:
            outcome = f"other: {error}"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=send, args=(walk,)) for walk in walks]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    made = Appointment.objects.filter(email__in=emails)
    others = sorted({o for o in outcomes if o not in ("booked", "taken")})
    return {"patients": patients, "slots": len(slot_values), "seconds": round(elapsed, 3),
            "posts_per_second": round(patients / elapsed, 1), "booked": outcomes.count("booked"),
            "taken": outcomes.count("taken"), "other": patients - outcomes.count("booked") - outcomes.count("taken"),
            "other_examples": others[:3], "appointments_made": made.count(),
            "slots_booked": sorted({availability.as_value(a.start) for a in made})}  # fmt: skip


def contention_problems(c, slot_values):
    """Why the contention run did not measure what it names (empty when it did)."""
    expected = {"booked": c["slots"], "taken": c["patients"] - c["slots"], "other": 0,
                "appointments_made": c["slots"], "slots_booked": sorted(slot_values)}  # fmt: skip
    if all(c[key] == value for key, value in expected.items()):
        return []
    return [
        f"booking contention: {c['patients']} patients for {c['slots']} slots → {c['booked']} booked, "
        f"{c['taken']} shown other times, {c['other']} other {c['other_examples']}; {c['appointments_made']} "
        f"appointments in the database on {len(c['slots_booked'])} of the slots; expected {c['slots']} booked, "
        f"one per slot, and {c['patients'] - c['slots']} shown other times"
    ]


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
        "data": data, "pages": results, "booking_contention": contention, "problems": problems,
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
