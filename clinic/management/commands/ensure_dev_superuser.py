"""Create a development admin login with a random password, printed once (DEBUG only)."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the development superuser 'admin' with a random password (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Give the existing user a new random password.")

    def handle(self, *args, reset=False, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a development superuser: DJANGO_DEBUG is off.")
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        if user and not reset:
            self.stdout.write(
                f"Development admin login: {USERNAME} (password printed when it was created; "
                "run `make admin-password` for a new one)."
            )
            return
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User.objects.create_superuser(
                USERNAME,
                "stephen.lunt@restoresportsinjury.co.uk",
                password,
                first_name="Stephen",
                last_name="Lunt",
            )
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        url = f"{settings.SITE_URL}/{settings.ADMIN_URL}"
        self.stdout.write(self.style.SUCCESS(f"Development admin login: {USERNAME} / {password}  ({url})"))
