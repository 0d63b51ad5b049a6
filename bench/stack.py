"""The production stack the benchmarks measure: its environment and database, gunicorn on a free loopback port,
and the two ways to load it (a single fetch that never follows a redirect, and wrk), each failing loudly when it
measured nothing."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
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
            except urllib.error.HTTPError:
                return self  # it answers: /healthz says 503 while emails wait unsent (no worker runs here)
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
