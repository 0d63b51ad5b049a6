"""Shared fixtures for every app's tests."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM guard would
# otherwise refuse queries made from e2e tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
