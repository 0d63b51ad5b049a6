"""The backup scripts in docs/deploy.md: a dump is taken and proved to restore."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_then_restore_check_passes(seeded, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the backup scripts use pg_dump: run with DATABASE_URL=postgres://…")
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    from blog.tests.factories import PostFactory

    PostFactory(title="Backed up")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_MEDIA_ROOT": str(tmp_path / "media")}
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "photo.webp").write_bytes(b"not really an image")
    backup = subprocess.run(
        [str(BASE_DIR / "scripts" / "backup.sh"), str(tmp_path / "backups")],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    dump = backup.stdout.strip().splitlines()[-1]
    assert dump.endswith(".dump") and Path(dump).stat().st_size > 0
    assert list((tmp_path / "backups").glob("media-*.tar.gz"))
    check = subprocess.run(
        [str(BASE_DIR / "scripts" / "restore-check.sh"), dump], env=env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert "Restore check passed: 1 posts" in check.stdout
