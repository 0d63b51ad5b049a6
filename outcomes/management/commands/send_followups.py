from django.core.management.base import BaseCommand
from django.utils import timezone

from outcomes.scheduling import sweep


class Command(BaseCommand):
    help = "Schedule follow-ups after patients' last visits and email those due, once each (safe to run from cron)."

    def handle(self, *args, **options):
        created, sent = sweep(timezone.now())
        self.stdout.write(f"{created} follow-up(s) scheduled, {sent} queued.")
