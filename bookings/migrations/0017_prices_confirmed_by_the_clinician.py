"""A service's price is shown only once the clinician has confirmed it: the four prices the site was seeded with
(migration 0003) were examples, not the clinic's, so those still at their seeded price start unconfirmed."""

from decimal import Decimal

from django.core.cache import cache
from django.db import migrations, models

SEEDED = {
    "initial-assessment": "65.00",
    "follow-up": "50.00",
    "sports-massage": "45.00",
    "running-gait-analysis": "75.00",
}


def unconfirm_the_seeded_prices(apps, schema_editor):
    Service = apps.get_model("bookings", "Service")
    for slug, price in SEEDED.items():
        Service.objects.filter(slug=slug, price=Decimal(price)).update(price_confirmed=False)
    cache.delete("pagecache:version")  # pages showing the prices; a migration's model sends no signal


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0016_patient_moves_need_approval"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="price_confirmed",
            field=models.BooleanField(
                default=True,
                help_text="Patients see the price only once this is ticked. The prices the site started with are examples, not the clinic’s: check each and tick it.",
                verbose_name="price confirmed",
            ),
        ),
        migrations.RunPython(unconfirm_the_seeded_prices, migrations.RunPython.noop),
    ]
