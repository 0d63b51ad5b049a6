"""Serialising a check-then-write on one key (an email address, a rate-limit key) across app servers.

On PostgreSQL: a transaction-level advisory lock on the key's hash, held until the surrounding
transaction ends. On SQLite every write transaction is IMMEDIATE (settings), which already
serialises all writers, so there is nothing more to take.
"""

from django.db import connection


def serialize(key: str) -> None:
    """Hold a lock named `key` until the current transaction ends (call inside transaction.atomic)."""
    if not connection.in_atomic_block:
        raise RuntimeError("serialize() needs a transaction: the lock is released when it ends.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
