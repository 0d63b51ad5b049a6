"""Shared fixtures for every app's tests."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM guard would
# otherwise refuse queries made from e2e tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def use_task_backend(settings, tasks):
    """Point Django's task backends at `tasks` (the handler caches them, and no signal resets it)."""
    from asgiref.local import Local
    from django.tasks import task_backends

    settings.TASKS = tasks
    task_backends._settings = None
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(False)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Tasks run as soon as they are enqueued (after commit): tests read the emails straight away.
    `task_worker` gives a test the real database queue instead."""
    use_task_backend(settings, IMMEDIATE_TASKS)
    yield
    use_task_backend(settings, IMMEDIATE_TASKS)


@pytest.fixture
def task_worker(settings):
    """The production queue (django-tasks-db); call the fixture to run the worker until the queue is empty."""
    from unittest import mock

    from django.core.management import call_command

    use_task_backend(settings, DATABASE_TASKS)

    def run():
        # The worker drops stale connections between tasks; in a test, the test's own connection must stay.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)

    return run


@pytest.fixture(autouse=True)
def _isolated_cache_and_media(settings, tmp_path):
    """Each test gets an empty in-process cache and its own media folder."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{tmp_path.name}",
        }
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def profile(db):
    from clinic.models import ClinicProfile

    return ClinicProfile.load()


def _run_seed_migration(module_path):
    from importlib import import_module

    from django.apps import apps

    import_module(module_path).seed(apps, None)


@pytest.fixture
def seeded(db):
    """The data the migrations seed, back in place for transactional tests (which flush it)."""
    _run_seed_migration("clinic.migrations.0002_seed_clinic_details")
    _run_seed_migration("clinic.migrations.0007_seed_about_first_visit_and_faq")
    _run_seed_migration("bookings.migrations.0003_seed_services_and_rules")
    _run_seed_migration("bookings.migrations.0019_rewrite_safety_questions")  # 0009's, as rewritten
    _run_seed_migration("bookings.migrations.0011_seed_service_pages")
    _run_seed_migration("care.migrations.0002_exercise_library")


# --- Browser tests -----------------------------------------------------------------------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _chromium_executable(playwright):
    """Playwright's own Chromium where installed, else Debian's; None if neither exists."""
    from pathlib import Path

    own = Path(playwright.chromium.executable_path)
    if own.exists():
        return None  # launch() finds it by itself
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    raise FileNotFoundError


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev requirements always include it
        pytest.fail("Playwright is not installed: run `make test`, which installs requirements-dev.txt.")
    with sync_playwright() as playwright:
        try:
            executable = _chromium_executable(playwright)
        except FileNotFoundError:
            message = (
                "NO BROWSER: browser tests need Chromium (apt-get install -y chromium). "
                "They are SKIPPED here; in CI a missing browser fails the run."
            )
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live(live_server, seeded):
    return live_server


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_violations():
    """Run axe-core (from the axe-playwright-python package) on a page; return WCAG A/AA violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page):
        # A click that navigates returns once the new page starts to arrive: axe on a half-parsed page found a
        # checkbox whose label had not arrived yet ("Form elements must have labels", CI on 26 Nov).
        page.wait_for_load_state("load")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        return [
            f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in results.response["violations"]
        ]

    return run
