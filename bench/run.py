"""The benchmark: `make bench`. Anyone can rerun it; it prints a Markdown table and writes JSON.

1. Seeds a separate database (SQLite var/bench/bench.sqlite3, or the `restore_bench` database beside
   DATABASE_URL on PostgreSQL) with 1,000 published posts and 100,000 appointments over two years,
   timing availability for a busy day as the appointments table grows.
2. Starts the production stack (collectstatic + gunicorn, DEBUG off, 2 workers) on loopback.
3. For each page, saves the same response bytes as a static file served by WhiteNoise from the same
   gunicorn (the practical limit), then measures page and static copy alternately with wrk.
4. Measures the booking POST rate with many patients contending for a few slots.

Nothing here asserts a time: it reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import http.cookiejar
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
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "var" / "bench"
STATIC_ROOT = OUT_DIR / "static"
SECRET = "bench-only-secret-" + "b" * 40


def log(message):
    print(message, file=sys.stderr, flush=True)


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
            availability.free_slots(service, busy_day, now)
            runs.append(time.perf_counter() - started)
        runs.sort()
        return round(runs[len(runs) // 2] * 1000, 3)

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
        growth.append({"appointments": 0, "availability_ms": time_availability()})
        source = generate()
        for size in (1_000, 10_000, target_appointments):
            batch = []
            while have + len(batch) < size:
                batch.append(next(source))
            Appointment.objects.bulk_create(batch, batch_size=2000)
            have += len(batch)
            growth.append({"appointments": have, "availability_ms": time_availability()})
    else:
        growth.append({"appointments": have, "availability_ms": time_availability()})
    return {"posts": Post.objects.count(), "appointments": Appointment.objects.count(), "growth": growth,
            "busy_day": busy_day.isoformat()}  # fmt: skip


def count_queries(paths):
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
            client.get(path)
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
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


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read(), response.headers.get_content_type()


def wrk(url, seconds, connections):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": int(non2xx.group(1)) if non2xx else 0,
    }


class Patient:
    def __init__(self, base, ip):
        self.base, self.ip = base, ip
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path, data=None):
        body = None
        if data is not None:
            token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body), timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def booking_contention(base, slot_values, patients=48):
    """Many patients submit at once for a handful of slots: POSTs per second, and how many won."""
    clients = []
    for n in range(patients):
        patient = Patient(base, f"10.0.{n // 250}.{n % 250}")
        patient.request("/book/")
        patient.request("/book/time/?service=follow-up")
        patient.request("/book/time/", {"slot": slot_values[n % len(slot_values)]})
        patient.request("/book/details/", {"name": "Bench", "email": f"contend{n}@example.com",
                                           "phone": "07700 900123", "concern": "knee", "consent": "on"})  # fmt: skip
        clients.append(patient)
    barrier = threading.Barrier(patients)
    results = []

    def fire(patient):
        barrier.wait()
        results.append(patient.request("/book/check/", {}))

    threads = [threading.Thread(target=fire, args=(p,)) for p in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"patients": patients, "slots": len(slot_values), "seconds": round(elapsed, 3),
            "posts_per_second": round(patients / elapsed, 1), "booked": results.count(200),
            "taken": results.count(409), "other": len(results) - results.count(200) - results.count(409)}  # fmt: skip


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
    log("Seeding and timing availability as the table grows…")
    data = seed_and_time_availability(args.posts, args.appointments)

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
    queries = count_queries(paths)

    base = f"http://127.0.0.1:{port}"
    copies = STATIC_ROOT / "bench-copies"
    copies.mkdir(parents=True, exist_ok=True)
    with Server(env, port):
        for name, path in paths.items():
            body, content_type = fetch(base + path)
            suffix = ".json" if content_type == "application/json" else ".html"
            (copies / (re.sub(r"\W+", "-", name) + suffix)).write_bytes(body)
    results = {}
    with Server(env, port):  # restarted so WhiteNoise sees the copies
        for name, path in paths.items():
            body, _ = fetch(base + path)
            suffix = ".json" if path.startswith(reverse("bookings:availability")) else ".html"
            static_url = f"{base}/static/bench-copies/{re.sub(r'\W+', '-', name)}{suffix}"
            page_runs, static_runs = [], []
            wrk(base + path, 3, args.connections)  # warm up both (fills the page cache, starts the workers)
            wrk(static_url, 3, args.connections)
            for _ in range(args.rounds):
                page_runs.append(wrk(base + path, args.seconds, args.connections))
                static_runs.append(wrk(static_url, args.seconds, args.connections))
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

        # Four slots that don't overlap (the first free one on each of four days), 12 patients for each.
        follow_up, day, slots = Service.objects.get(slug="follow-up"), dt.date.fromisoformat(service_day), []
        for _ in range(60):
            day += dt.timedelta(days=1)
            slots += availability.free_slots(follow_up, day, timezone.now())[:1]
            if len(slots) == 4:
                break
        contention = booking_contention(base, [s.value for s in slots]) if slots else None

    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "database": "postgresql" if database_url.startswith("postgres") else "sqlite",
        "settings": {"seconds": args.seconds, "rounds": args.rounds, "connections": args.connections, "workers": 2},
        "data": data, "pages": results, "booking_contention": contention,
    }  # fmt: skip
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    for target in (OUT_DIR / f"bench-{stamp}.json", OUT_DIR / "latest.json"):
        target.write_text(json.dumps(report, indent=2))
    print(markdown(report))


def markdown(report):
    lines = [
        f"Benchmark {report['when']} · {report['database']} · {report['machine']['cpus']} CPUs · "
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
    lines += ["", "| appointments in table | availability for a busy day (ms, median of 20) |", "| ---: | ---: |"]
    lines += [f"| {g['appointments']} | {g['availability_ms']} |" for g in report["data"]["growth"]]
    c = report["booking_contention"]
    if c:
        lines += ["", f"Booking POSTs under contention: {c['patients']} patients for {c['slots']} slots at once → "
                  f"{c['posts_per_second']} POST/s; {c['booked']} booked, {c['taken']} shown other times, "
                  f"{c['other']} other."]  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    main()
