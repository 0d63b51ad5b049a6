from django.db import migrations


def seed(apps, schema_editor):
    from care.library import seed as seed_library

    seed_library(apps.get_model("care", "BodyRegion"), apps.get_model("care", "Exercise"))


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
