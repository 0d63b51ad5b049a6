from django.core.management.base import BaseCommand
from django.utils import timezone

from care.reminders import send_exercise_reminders


class Command(BaseCommand):
    help = "Email patients who asked for one a reminder of their exercises, once a day each (safe to run from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_exercise_reminders(timezone.now())} exercise reminder(s) queued.")
