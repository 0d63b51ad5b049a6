"""Two app servers on one PostgreSQL and one Redis share state correctly.

Starts two gunicorn instances (DEBUG off, the production settings) on different ports
against the test database and a Redis database of their own, then drives them over
HTTP as separate patients would. Runs where PostgreSQL and REDIS_URL are available
(CI sets both); elsewhere it is skipped with the reason.
"""

import datetime as dt
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from blog.tests.factories import PostFactory
from bookings import availability
from bookings.models import Appointment, Service

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")
RATE_LIMIT = 4

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (CI runs it with PostgreSQL and Redis)"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Patient:
    """An HTTP client with its own cookies and client address (sent as X-Forwarded-For)."""

    def __init__(self, ip):
        self.ip = ip
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, url, data=None):
        headers = {"X-Forwarded-For": self.ip}
        body = None
        if data is not None:
            token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        try:
            with self.opener.open(urllib.request.Request(url, data=body, headers=headers), timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def prepare_booking(self, bases, service, slot, email):
        """Walk the flow up to "check your answers", spreading the steps over the instances."""
        a, b = bases
        assert self.request(a + reverse("bookings:start"))[0] == 200
        status, page = self.request(b + reverse("bookings:safety") + f"?service={service.slug}&concern=knee")
        assert status == 200
        answers = dict.fromkeys(re.findall(r'name="(q\d+)" value="no"', page), "no")
        assert answers and self.request(a + reverse("bookings:safety"), answers)[0] == 200  # redirected to times
        status, page = self.request(a + reverse("bookings:time"), {"slot": slot.value})
        assert status == 200 and "Your details" in page, page[page.find("<main") :][:1500]
        details = {"name": "Scale Test", "email": email, "phone": "07700 900123", "concern": "knee", "consent": "on"}
        status, page = self.request(b + reverse("bookings:details"), details)
        assert status == 200 and "Check your answers" in page, page[:500]


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "x",
             "DJANGO_STATIC_ROOT": str(root)},
        check=True,
    )  # fmt: skip
    return root


class Instances(list):
    """The two servers' addresses, and what they wrote to stderr (tracebacks): shown when a test's statuses are
    wrong, since a 500's cause is only there."""

    def __init__(self, bases, logs):
        super().__init__(bases)
        self.logs = logs

    def stderr(self) -> str:
        return "\n".join(f"--- {base}\n{log.read_text()[-4000:]}" for base, log in zip(self, self.logs, strict=True))


@pytest.fixture
def instances(static_root, seeded, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share one PostgreSQL: run with DATABASE_URL=postgres://…")
    redis_url = REDIS_URL.rsplit("/", 1)[0] + "/15"  # a Redis database of the tests' own
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url,
                                   "KEY_PREFIX": "restore"}}  # fmt: skip
    from django.core.cache import cache

    cache.clear()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": "scale-test-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DJANGO_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "BOOKING_LIMIT_PER_IP": str(RATE_LIMIT),
        "GUNICORN_ACCESS_LOG": "",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "4",
    }
    processes, bases, logs = [], [], []
    for n in range(2):
        port = free_port()
        logs.append(tmp_path / f"gunicorn-{n}.log")
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
                   "config.wsgi"]  # fmt: skip
        with logs[-1].open("w") as stderr:  # a file, not a pipe nobody reads (a full pipe would stall the server)
            processes.append(subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=stderr))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base, process in zip(bases, processes, strict=True):
            for _ in range(150):
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if process.poll() is not None:
                        pytest.fail(f"gunicorn exited: {Instances(bases, logs).stderr()}")
                    time.sleep(0.1)
            else:
                pytest.fail(f"{base} did not start")
        yield Instances(bases, logs)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
        cache.clear()


def free_slots(count, service):
    """`count` free slots that don't overlap each other: the first of each open day."""
    now = timezone.now()
    slots, day = [], timezone.localdate() + dt.timedelta(days=2)
    while len(slots) < count:
        slots += availability.free_slots(service, day, now)[:1]
        day += dt.timedelta(days=1)
    return slots


def test_an_edit_through_one_instance_is_seen_by_the_other(instances, django_user_model):
    a, b = instances
    post = PostFactory(title="Shared cache article", published_at=timezone.now() - dt.timedelta(hours=1))
    django_user_model.objects.create_superuser("scale-admin", "s@example.com", "scale-admin-password-1")
    visitor = Patient("198.51.100.1")
    assert "Shared cache article" in visitor.request(a + "/blog/")[1]
    assert "Shared cache article" in visitor.request(b + "/blog/")[1]  # now cached

    clinician = Patient("198.51.100.2")
    clinician.request(a + "/admin/login/")
    clinician.request(a + "/admin/login/", {"username": "scale-admin", "password": "scale-admin-password-1"})
    assert f'value="{post.pk}"' in clinician.request(a + "/admin/blog/post/")[1]  # signed in
    data = {"action": "unpublish", "_selected_action": post.pk, "index": 0}
    status, page = clinician.request(a + "/admin/blog/post/", data)
    assert status == 200 and "Moved 1 post(s) back to draft." in page

    assert "Shared cache article" not in visitor.request(b + "/blog/")[1]


def test_rate_limits_are_counted_across_instances(instances):
    service = Service.objects.get(slug="follow-up")
    slots = free_slots(6, service)
    results = []
    for n, slot in enumerate(slots):
        patient = Patient("203.0.113.7")  # one address, alternating between the two servers
        patient.prepare_booking(instances, service, slot, f"limit{n}@example.com")
        results.append(patient.request(instances[n % 2] + reverse("bookings:check"), {})[0])
    assert results.count(200) == RATE_LIMIT
    assert results.count(429) == len(slots) - RATE_LIMIT
    assert Appointment.objects.count() == RATE_LIMIT


def test_the_same_slot_fired_at_both_instances_makes_one_appointment(instances):
    service = Service.objects.get(slug="follow-up")
    (slot,) = free_slots(1, service)
    patients = [Patient(f"192.0.2.{n + 10}") for n in range(10)]
    for n, patient in enumerate(patients):
        patient.prepare_booking(instances, service, slot, f"race{n}@example.com")
    barrier = threading.Barrier(len(patients))
    outcomes = []

    def fire(n, patient):
        barrier.wait()
        outcomes.append(patient.request(instances[n % 2] + reverse("bookings:check"), {}))

    threads = [threading.Thread(target=fire, args=(n, p)) for n, p in enumerate(patients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = sorted(status for status, _ in outcomes)
    assert statuses == [200] + [409] * (len(patients) - 1), (statuses, instances.stderr())
    assert all("just been taken" in page for status, page in outcomes if status == 409)
    assert Appointment.objects.filter(start=slot.start).count() == 1
