from django.core.management.base import BaseCommand
from django.utils import timezone

from bookings.emails import Outcome, send_pending


class Command(BaseCommand):
    help = "Send emails waiting in the outbox: the safety net behind the worker (safe to run from cron every minute)."

    def handle(self, *args, **options):
        counts = send_pending(timezone.now())
        self.stdout.write(
            f"{counts[Outcome.SENT]} sent, {counts[Outcome.FAILED]} failed (will be retried), "
            f"{counts[Outcome.ELSEWHERE]} sent by another run meanwhile."
        )
