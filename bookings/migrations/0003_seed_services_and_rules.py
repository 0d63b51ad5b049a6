"""Seed the clinic's services and default booking rules; the clinician edits them in admin."""

from decimal import Decimal

from django.db import migrations

SERVICES = [
    ("Initial assessment", "initial-assessment", 60, 10, "65.00",
     "A full assessment of a new injury or problem, a clear explanation and a plan to start straight away."),
    ("Follow-up", "follow-up", 45, 10, "50.00",
     "Review progress, adjust your exercises and load, and hands-on treatment where it helps."),
    ("Sports massage", "sports-massage", 45, 10, "45.00",
     "Deep tissue work for heavy training blocks, race preparation or recovery."),
    ("Running gait analysis", "running-gait-analysis", 60, 10, "75.00",
     "Video analysis of how you run, with practical changes to cadence, form and strength."),
]  # fmt: skip


def seed(apps, schema_editor):
    Service = apps.get_model("bookings", "Service")
    BookingRules = apps.get_model("bookings", "BookingRules")
    for order, (name, slug, minutes, buffer, price, description) in enumerate(SERVICES):
        Service.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "duration_minutes": minutes,
                "buffer_minutes": buffer,
                "price": Decimal(price),
                "description": description,
                "display_order": order,
            },
        )
    BookingRules.objects.get_or_create(pk=1)


def unseed(apps, schema_editor):
    apps.get_model("bookings", "Service").objects.filter(slug__in=[s[1] for s in SERVICES]).delete()
    apps.get_model("bookings", "BookingRules").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("bookings", "0002_no_overlap_constraint")]
    operations = [migrations.RunPython(seed, unseed)]
