from django.core.management.base import BaseCommand
from django.utils import timezone

from bookings.emails import send_pending


class Command(BaseCommand):
    help = "Send emails waiting in the outbox (safe to run from cron every minute)."

    def handle(self, *args, **options):
        sent, failed = send_pending(timezone.now())
        self.stdout.write(f"{sent} sent, {failed} failed (will be retried).")
