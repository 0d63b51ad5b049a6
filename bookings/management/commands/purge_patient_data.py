from django.core.management.base import BaseCommand
from django.utils import timezone

from bookings.retention import clear_expired_sessions, purge_contact_messages, purge_patient_data, purge_waitlist


class Command(BaseCommand):
    help = (
        "Anonymise appointments past their retention period: requests that never became a visit after the "
        "'keep requests' months, attended appointments after the 'keep attended' years (Booking rules); "
        "delete waitlist places that ended, and contact-page messages received, more than the 'keep requests' "
        "months ago. "
        "Also deletes expired sessions, so an abandoned booking draft is gone within hours."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        anonymised = purge_patient_data(now)
        deleted = purge_waitlist(now)
        messages = purge_contact_messages(now)
        clear_expired_sessions()
        self.stdout.write(
            f"{anonymised} appointment(s) anonymised; {deleted} waitlist place(s) deleted; "
            f"{messages} contact message(s) deleted; "
            "expired sessions and booking drafts cleared."
        )
