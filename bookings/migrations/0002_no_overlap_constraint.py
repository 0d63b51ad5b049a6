"""No two appointments that hold time may overlap: an exclusion constraint on PostgreSQL.

SQLite has no exclusion constraints; there the check-and-insert runs in an IMMEDIATE
transaction instead (bookings/booking.py). The constraint covers the buffer after each
consult, because hold_until = end + buffer.
"""

from django.db import migrations

CREATE = """
ALTER TABLE bookings_appointment
ADD CONSTRAINT appointment_no_overlap
EXCLUDE USING gist (tstzrange(start, hold_until, '[)') WITH &&)
WHERE (status IN ('requested', 'confirmed'))
"""
DROP = "ALTER TABLE bookings_appointment DROP CONSTRAINT IF EXISTS appointment_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def remove_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]
    operations = [migrations.RunPython(add_constraint, remove_constraint)]
