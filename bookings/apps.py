from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings"

    def ready(self):
        from bookings import waitlist
        from bookings.emails import outbox_health
        from bookings.signals import time_freed
        from clinic import health
        from clinic.models import Closure, OpeningHours

        health.register(outbox_health)
        time_freed.connect(waitlist.on_time_freed, dispatch_uid="waitlist-time-freed")
        for model in (Closure, OpeningHours):  # a closure removed or shortened, hours extended
            post_save.connect(waitlist.on_hours_changed, sender=model, dispatch_uid=f"waitlist-{model.__name__}-save")
            post_delete.connect(waitlist.on_hours_changed, sender=model, dispatch_uid=f"waitlist-{model.__name__}-del")
