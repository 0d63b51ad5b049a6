from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings"

    def ready(self):
        from bookings.models import Appointment, BookingRules, Service
        from clinic.pagecache import invalidate_on_change

        # Free times and the services offered appear on cached public pages (step 1, availability JSON).
        invalidate_on_change(Appointment, BookingRules, Service)
