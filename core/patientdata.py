"""What other apps hold about a patient, for the subject-access export and the retention purge (both in bookings,
which owns the appointments) to cover, registered by the app that holds it so bookings names none of them.

An app registers `export(email) -> dict` (sections added to the export) and `erase(appointment_ids)` (called in the
purge's transaction with the appointments being anonymised).
"""

from collections.abc import Callable

EXPORTERS: list[Callable] = []
ERASERS: list[Callable] = []


def register(*, export: Callable, erase: Callable) -> None:
    if export not in EXPORTERS:
        EXPORTERS.append(export)
    if erase not in ERASERS:
        ERASERS.append(erase)


def export(email: str) -> dict:
    sections = {}
    for exporter in EXPORTERS:
        sections.update(exporter(email))
    return sections


def erase(appointment_ids) -> None:
    for eraser in ERASERS:
        eraser(appointment_ids)
