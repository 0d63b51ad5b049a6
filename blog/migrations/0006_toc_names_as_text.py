"""Table-of-contents entries stored before the renderer kept them as text read "it&rsquo;s" on the page: store them
as the text they show ("it’s"), without rendering the articles again."""

from html import unescape

from django.db import migrations


def as_text(entries):
    return [{**entry, "name": unescape(entry["name"]), "children": as_text(entry.get("children", []))} for entry in entries]


def mend(apps, schema_editor):
    post_model = apps.get_model("blog", "Post")
    for post in post_model.objects.exclude(toc=[]):
        mended = as_text(post.toc)
        if mended != post.toc:
            post_model.objects.filter(pk=post.pk).update(toc=mended)


class Migration(migrations.Migration):
    dependencies = [("blog", "0005_typographic_apostrophes")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
