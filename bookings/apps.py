from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings"

    def ready(self):
        from bookings.models import Appointment, BookingRules, Service
        from clinic.pagecache import invalidate

        # Free times and the services offered appear on cached public pages (step 1, availability JSON).
        for model in (Appointment, BookingRules, Service):
            post_save.connect(invalidate, sender=model, dispatch_uid=f"bookings-pagecache-save-{model.__name__}")
            post_delete.connect(invalidate, sender=model, dispatch_uid=f"bookings-pagecache-del-{model.__name__}")
