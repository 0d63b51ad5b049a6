from django.core.management.base import BaseCommand
from django.utils import timezone

from bookings.retention import clear_expired_sessions, purge_patient_data


class Command(BaseCommand):
    help = (
        "Anonymise appointments past their retention period: requests that never became a visit after the "
        "'keep requests' months, attended appointments after the 'keep attended' years (Booking rules). "
        "Also deletes expired sessions, so an abandoned booking draft is gone within hours."
    )

    def handle(self, *args, **options):
        anonymised = purge_patient_data(timezone.now())
        clear_expired_sessions()
        self.stdout.write(f"{anonymised} appointment(s) anonymised; expired sessions and booking drafts cleared.")
