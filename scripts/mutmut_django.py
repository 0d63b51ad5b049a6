"""A pytest plugin for `make mutation` only (loaded by pyproject.toml's [tool.mutmut] pytest_add_cli_args).

mutmut runs each mutant's tests in a child forked from one process that has already imported the settings,
and config/settings.py names the test database after the process id at import: every child would get the
same database, and two children running at once would delete each other's (a crash, which mutmut would
count as a kill). So each run gets a database named after its own process.

Building that database (every migration) would cost seconds per mutant, so with SQLite the first run
migrates a template once and every run starts from a copy of it, with pytest-django's --reuse-db.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

_own_copy = None


def _template(base_dir, var_dir):
    template = var_dir / "test-db-mutmut-template.sqlite3"
    if not template.exists():
        building = template.with_suffix(f".{os.getpid()}.tmp")
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{building}", "MUTANT_UNDER_TEST": ""}
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=base_dir, env=env, check=True)
        building.replace(template)
    return template


def pytest_sessionstart(session):
    global _own_copy
    from django.conf import settings
    from django.db import connections

    connection = connections["default"]
    test = connection.settings_dict["TEST"]
    if connection.vendor != "sqlite":
        test["NAME"] = f"{test['NAME']}_mutmut_{os.getpid()}"
        return
    var_dir = Path(settings.VAR_DIR)
    _own_copy = var_dir / f"test-db-mutmut-{os.getpid()}.sqlite3"
    shutil.copyfile(_template(settings.BASE_DIR, var_dir), _own_copy)
    test["NAME"] = str(_own_copy)
    session.config.option.reuse_db = True
    session.config.option.create_db = False


def pytest_unconfigure(config):
    if _own_copy is None:
        return
    from django.db import connections

    connections.close_all()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{_own_copy}{suffix}").unlink(missing_ok=True)
