from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic details"

    def ready(self):
        from clinic.hours import SCHEDULE_CACHE_KEY, next_open_or_close
        from clinic.identity import PROFILE_CACHE_KEY
        from core import pagecache, stale

        stale.pages_shown_from_cache(pagecache.invalidate)
        pagecache.clock_changes_pages(next_open_or_close)
        # What the clinic's own rows make stale: its cached details and the pages that show them.
        hours = "the hours in every footer, the open-now line and the free times"
        stale.when_saved(
            "clinic.ClinicProfile", PROFILE_CACHE_KEY,
            pages="the clinic’s name, contact details and links on every page, and the about page",
        )  # fmt: skip
        stale.when_saved("clinic.OpeningHours", SCHEDULE_CACHE_KEY, pages=hours)
        stale.when_saved("clinic.Closure", SCHEDULE_CACHE_KEY, pages=hours)
        stale.when_saved("clinic.FirstVisitSection", pages="the first-visit page")
        stale.when_saved("clinic.FrequentQuestion", pages="the FAQ page")
