from django.db import migrations

CONCERNS = {"knee": "knee", "ankle-and-foot": "ankle-foot"}  # the demo categories' slugs


def set_concerns(apps, schema_editor):
    Category = apps.get_model("blog", "Category")
    for slug, concern in CONCERNS.items():
        Category.objects.filter(slug=slug, concern="").update(concern=concern)


class Migration(migrations.Migration):
    dependencies = [("blog", "0003_category_concern")]

    operations = [migrations.RunPython(set_concerns, migrations.RunPython.noop)]
