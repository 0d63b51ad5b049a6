#!/usr/bin/env bash
# Prove a backup restores: load DUMP into a scratch database, run Django's checks and count rows against it,
# then drop the scratch database. Usage: scripts/restore-check.sh DUMP   (reads DATABASE_URL)
set -euo pipefail
dump=${1:?usage: restore-check.sh DUMP}
: "${DATABASE_URL:?DATABASE_URL must be set}"
cd "$(dirname "$0")/.."
base=${DATABASE_URL%/*}
scratch="restore_check_$(date +%s)"
psql "$base/postgres" -qc "CREATE DATABASE $scratch"
trap 'psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $scratch WITH (FORCE)"' EXIT
pg_restore --no-owner --exit-on-error -d "$base/$scratch" "$dump"
DATABASE_URL="$base/$scratch" .venv/bin/python manage.py migrate --check >/dev/null
DATABASE_URL="$base/$scratch" .venv/bin/python manage.py shell -c "
from blog.models import Post; from bookings.models import Appointment; from clinic.models import ClinicProfile
assert ClinicProfile.objects.exists(), 'no clinic profile in the backup'
print(f'Restore check passed: {Post.objects.count()} posts, {Appointment.objects.count()} appointments.')"
