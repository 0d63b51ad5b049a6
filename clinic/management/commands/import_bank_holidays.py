"""Add England & Wales bank holidays as clinic closures (from the `holidays` package)."""

from django.core.management.base import BaseCommand, CommandError

from clinic.bank_holidays import add_bank_holidays
from clinic.models import Closure


class Command(BaseCommand):
    help = "Add England & Wales bank holidays for the given years as closures. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--years", nargs="+", type=int, required=True, help="e.g. --years 2026 2027")

    def handle(self, *args, years, **options):
        if any(year < 2000 or year > 2100 for year in years):
            raise CommandError("Years must be between 2000 and 2100.")
        added, present = add_bank_holidays(Closure, years)
        self.stdout.write(f"{added} bank holiday closure(s) added; {present} were already there.")
