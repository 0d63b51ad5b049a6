from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings"

    def ready(self):
        from bookings import waitlist
        from bookings.clashes import Appointments
        from bookings.emails import outbox_health
        from bookings.signals import time_freed
        from clinic.models import Closure, OpeningHours
        from core import clashes, health

        health.register(outbox_health)
        clashes.register(Appointments())
        self.declare_what_goes_stale()
        self.contribute_to_pages()
        time_freed.connect(waitlist.on_time_freed, dispatch_uid="waitlist-time-freed")
        for model in (Closure, OpeningHours):  # a closure removed or shortened, hours extended
            post_save.connect(waitlist.on_hours_changed, sender=model, dispatch_uid=f"waitlist-{model.__name__}-save")
            post_delete.connect(waitlist.on_hours_changed, sender=model, dispatch_uid=f"waitlist-{model.__name__}-del")

    @staticmethod
    def declare_what_goes_stale():
        from bookings.models import BookingRules
        from core import stale

        stale.when_saved(
            "bookings.Service", pages="step 1, the services, home and first-visit pages, and the free times"
        )
        stale.when_saved(
            "bookings.BookingRules", BookingRules.CACHE_KEY,
            pages="the free times, the cancellation policy on the services and first-visit pages, and the privacy "
            "notice’s keeping periods",
        )  # fmt: skip
        stale.when_saved("bookings.Appointment", pages="the free times")
        # Changes made by one compare-and-set UPDATE, which sends no model signal: workflow and booking announce them.
        stale.on_event("appointment-status", pages="a declined or cancelled appointment frees its time")
        stale.on_event("appointment-moved", pages="a move frees one time and takes another")

    @staticmethod
    def contribute_to_pages():
        """What the clinic's pages show of bookings (`core.contributions`)."""
        from core.contributions import contribute

        contribute("home", "bookings/includes/services_summary.html", order=10)
        contribute("first-visit-start", "bookings/includes/first_visit_durations.html")
        contribute("first-visit-end", "bookings/includes/cancelling.html")
        contribute("privacy-keeping", "bookings/includes/privacy_keeping.html")
