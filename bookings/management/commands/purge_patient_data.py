from django.core.management.base import BaseCommand
from django.utils import timezone

from bookings.retention import purge_patient_data


class Command(BaseCommand):
    help = (
        "Anonymise appointments past their retention period: requests that never became a visit after the "
        "'keep requests' months, attended appointments after the 'keep attended' years (Booking rules)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{purge_patient_data(timezone.now())} appointment(s) anonymised.")
