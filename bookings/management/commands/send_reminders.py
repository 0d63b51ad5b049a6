from django.core.management.base import BaseCommand
from django.utils import timezone

from bookings.reminders import send_reminders


class Command(BaseCommand):
    help = "Email confirmed patients about their appointment, once each (safe to run from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_reminders(timezone.now())} reminder(s) queued.")
