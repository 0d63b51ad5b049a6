"""A closure's reason becomes the clinician's own; patients see only an optional note. Bank holidays keep telling
patients their name; any other closure already saved stays private (its reason was written when it was public, but
"Dentist" is not for the home page), and the clinician can add a note to it."""

from django.core.cache import cache
from django.db import migrations, models


def tell_patients_the_bank_holidays(apps, schema_editor):
    Closure = apps.get_model("clinic", "Closure")
    for closure in Closure.objects.filter(reason__startswith="Bank holiday", public_note=""):
        closure.public_note = closure.reason
        closure.save(update_fields=["public_note"])
    # As 0008: a migration's model sends no signal, so the schedule and page version are dropped by their keys.
    cache.delete_many(["clinic:schedule:v2", "pagecache:version"])


class Migration(migrations.Migration):

    dependencies = [
        ('clinic', '0008_typographic_apostrophes'),
    ]

    operations = [
        migrations.AddField(
            model_name='closure',
            name='public_note',
            field=models.CharField(blank=True, help_text='Optional: what patients see beside the dates, e.g. “Closed for training”. Left empty, they see only that the clinic is closed.', max_length=120, verbose_name='note for patients'),
        ),
        migrations.AlterField(
            model_name='closure',
            name='reason',
            field=models.CharField(help_text='For you: the diary and admin show it, patients never do (e.g. “Dentist”).', max_length=120),
        ),
        migrations.RunPython(tell_patients_the_bank_holidays, migrations.RunPython.noop),
    ]
