"""England & Wales bank holidays for this year and next become closures on a fresh set-up or an upgrade;
the yearly cron (import_bank_holidays) keeps them coming."""

from django.db import migrations
from django.utils import timezone

from clinic.bank_holidays import add_bank_holidays
from clinic.hours import forget_schedule
from clinic.pagecache import invalidate


def add(apps, schema_editor):
    year = timezone.localdate().year
    if add_bank_holidays(apps.get_model("clinic", "Closure"), [year, year + 1])[0]:
        # A migration's model sends no signal our handlers hear: drop the cached schedule and pages here.
        forget_schedule()
        invalidate()


class Migration(migrations.Migration):
    dependencies = [("clinic", "0003_closures_by_the_hour")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
