#!/usr/bin/env bash
# Back up the database (pg_dump, custom format) and uploaded images into DIR; keep the last 30 of each.
# Usage: scripts/backup.sh DIR      (reads DATABASE_URL and DJANGO_MEDIA_ROOT from the environment)
set -euo pipefail
dir=${1:?usage: backup.sh DIR}
: "${DATABASE_URL:?DATABASE_URL must be set}"
mkdir -p "$dir"
stamp=$(date -u +%Y-%m-%dT%H%M)
pg_dump --format=custom --no-owner --file="$dir/restore-$stamp.dump" "$DATABASE_URL"
media=${DJANGO_MEDIA_ROOT:-$(dirname "$0")/../var/media}
if [ -d "$media" ]; then
  tar -czf "$dir/media-$stamp.tar.gz" -C "$media" .
fi
ls -1t "$dir"/restore-*.dump 2>/dev/null | tail -n +31 | xargs -r rm --
ls -1t "$dir"/media-*.tar.gz 2>/dev/null | tail -n +31 | xargs -r rm --
echo "$dir/restore-$stamp.dump"
