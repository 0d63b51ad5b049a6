from django.core.management.base import BaseCommand
from django.utils import timezone

from feedback.asking import send_feedback_requests


class Command(BaseCommand):
    help = "Ask patients for feedback the day after a completed visit, once each ever (safe to run from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_feedback_requests(timezone.now())} feedback request(s) queued.")
