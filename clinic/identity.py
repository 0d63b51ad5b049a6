"""The clinic's profile as every page shows it, cached until the clinician saves."""

from django.core.cache import cache

PROFILE_CACHE_KEY = "clinic:profile:v2"


def current_profile():
    from clinic.models import ClinicProfile

    return cache.get_or_set(PROFILE_CACHE_KEY, ClinicProfile.load, timeout=None)
