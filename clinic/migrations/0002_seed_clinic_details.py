"""Seed the clinic's real details (shared/clinic-facts.md). The clinician edits them in admin."""

import datetime as dt

from django.db import migrations

PROFILE = {
    "name": "Restore — Sports Injury & Rehabilitation",
    "short_name": "Restore",
    "tagline": "Sports injury assessment and rehabilitation in Knutsford",
    "description": (
        "Sports injury assessment and rehabilitation in Knutsford for runners and active people: "
        "clear diagnosis, strength plans, movement screening and load-management advice."
    ),
    "clinician_name": "Stephen Lunt",
    "email": "stephen.lunt@restoresportsinjury.co.uk",
    "phone": "",
    "address_line1": "The Transform Hub",
    "address_line2": "1 Cranford Drive",
    "town": "Knutsford",
    "postcode": "WA16 8ZR",
    "country": "United Kingdom",
    "instagram_url": "https://www.instagram.com/RestoreRehabAndPerformance/",
    "facebook_url": "",
    "youtube_url": "",
}

# weekday (Monday = 0): (opens, closes); Sunday closed.
HOURS = {
    0: ("07:00", "19:00"),
    1: ("07:00", "17:00"),
    2: ("07:00", "17:00"),
    3: ("07:00", "19:00"),
    4: ("07:00", "14:00"),
    5: ("07:00", "12:00"),
}


def seed(apps, schema_editor):
    ClinicProfile = apps.get_model("clinic", "ClinicProfile")
    OpeningHours = apps.get_model("clinic", "OpeningHours")
    ClinicProfile.objects.update_or_create(pk=1, defaults=PROFILE)
    if not OpeningHours.objects.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(weekday=day, opens=dt.time.fromisoformat(o), closes=dt.time.fromisoformat(c))
            for day, (o, c) in HOURS.items()
        )


def unseed(apps, schema_editor):
    apps.get_model("clinic", "OpeningHours").objects.all().delete()
    apps.get_model("clinic", "ClinicProfile").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("clinic", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
