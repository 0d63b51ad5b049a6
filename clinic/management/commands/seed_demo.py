"""Load demo content: each installed app may have a `demo` module with `seed(stdout)`.

Idempotent: running it again adds nothing twice. The clinic's real details are seeded
by migrations, not here.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Add demo content (articles, images) for development. Safe to run repeatedly."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            with transaction.atomic():
                import_module(module_name).seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
