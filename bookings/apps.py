from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings"

    def ready(self):
        from bookings.emails import outbox_health
        from clinic import health

        health.register(outbox_health)
