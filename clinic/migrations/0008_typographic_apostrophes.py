"""Admin labels with the site's typographic apostrophe, and the bank-holiday closures an earlier import named
with the package's straight one ("New Year's Day" becomes "New Year’s Day"; the clinician's own reasons are left)."""

from django.core.cache import cache
from django.db import migrations, models

import core.images


def mend_bank_holiday_names(apps, schema_editor):
    closure_model = apps.get_model("clinic", "Closure")
    named = list(closure_model.objects.filter(reason__startswith="Bank holiday: ", reason__contains="'"))
    for closure in named:
        closure.reason = closure.reason.replace("'", "’")
    closure_model.objects.bulk_update(named, ["reason"])
    if named:
        # A migration's model sends no signal our handlers hear: drop the cached schedule and the page-cache
        # version (every stored page is then stale) by their keys, which stay in step with clinic.hours and
        # the page cache (config/tests/test_pagecache.py checks).
        cache.delete_many(["clinic:schedule:v2", "pagecache:version"])


class Migration(migrations.Migration):

    dependencies = [
        ('clinic', '0007_seed_about_first_visit_and_faq'),
    ]

    operations = [
        migrations.AlterField(
            model_name='clinicprofile',
            name='clinician_photo',
            field=models.ImageField(blank=True, upload_to='clinic/photo/', validators=[core.images.validate_image_upload], verbose_name='clinician’s photo'),
        ),
        migrations.AlterField(
            model_name='clinicprofile',
            name='clinician_photo_alt',
            field=models.CharField(blank=True, help_text='Describe the photo for people who can’t see it, e.g. “Stephen in the treatment room”.', max_length=200, verbose_name='photo description'),
        ),
        migrations.AlterField(
            model_name='clinicprofile',
            name='clinician_role',
            field=models.CharField(blank=True, help_text='How the clinician describes their profession, shown under their name. Hidden while empty.', max_length=120, verbose_name='clinician’s role'),
        ),
        migrations.RunPython(mend_bank_holiday_names, migrations.RunPython.noop),
    ]
