"""On PostgreSQL, a trigram index for the admin search's phone number without its spaces ("07700900123" finds
"07700 900123"): the expression Django asks, `UPPER(REPLACE(phone, ' ', '')::text) LIKE UPPER('%…%')`. As in 0023,
SQLite is left alone and a database without pg_trgm keeps a working, slower search."""

from django.db import migrations

NAME = "appointment_phone_digits_trgm"


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:  # 0023 could not create it: nothing to index with
            return
        cursor.execute(
            f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "bookings_appointment" '
            "USING gin (UPPER(REPLACE(\"phone\", ' ', '')::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("bookings", "0024_bookingrules_pain_alert_threshold")]

    operations = [migrations.RunPython(create, drop)]
