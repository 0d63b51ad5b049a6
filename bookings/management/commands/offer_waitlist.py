import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from bookings import waitlist
from bookings.models import BookingRules


class Command(BaseCommand):
    help = (
        "Offer every free bookable time to the waitlist patients it suits, and end places past their last date. "
        "The worker does this as times free up and as offers lapse; this is its safety net (safe to run from cron)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        offers = waitlist.offer_freed_times(now, now + BookingRules.load().horizon + dt.timedelta(days=1), now)
        waitlist.expire(now)
        self.stdout.write(f"{len(offers)} time(s) offered to {len({o.entry_id for o in offers})} patient(s).")
