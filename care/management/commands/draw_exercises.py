"""Give the exercise library its drawings (`care.drawings`): two for each exercise, start and end position.

Run once on deploy, after `migrate`; running it again changes nothing. An exercise the clinician has given
pictures, or renamed, is left alone.
"""

from django.core.management.base import BaseCommand

from care.drawings import SCENES, give_pictures


class Command(BaseCommand):
    help = "Give each library exercise without pictures its two drawings (start and end). Safe to run again."

    def handle(self, *args, **options):
        given = give_pictures()
        for name in given:
            self.stdout.write(f"Drew {name}.")
        self.stdout.write(
            self.style.SUCCESS(f"Exercise drawings: {len(given)} of {len(SCENES)} library exercises given theirs.")
        )
