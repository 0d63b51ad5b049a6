"""England & Wales bank holidays for this year and next become closures on a fresh set-up or an upgrade;
the yearly cron (import_bank_holidays) keeps them coming."""

from django.core.cache import cache
from django.db import migrations
from django.utils import timezone

from clinic.bank_holidays import add_bank_holidays


def add(apps, schema_editor):
    year = timezone.localdate().year
    if add_bank_holidays(apps.get_model("clinic", "Closure"), [year, year + 1])[0]:
        # A migration's model sends no signal our handlers hear: drop the cached schedule and the page-cache
        # version (every stored page is then stale) by their keys, which stay in step with clinic.hours and
        # the page cache (config/tests/test_pagecache.py checks).
        cache.delete_many(["clinic:schedule:v2", "pagecache:version"])


class Migration(migrations.Migration):
    dependencies = [("clinic", "0003_closures_by_the_hour")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
