"""England & Wales bank holidays as whole-day closures (from the `holidays` package).

Used by the `import_bank_holidays` command (yearly cron) and by the migration that puts this year's
and next year's in place on a fresh set-up or an upgrade, so the diary is true without anyone typing them.
"""

import holidays

from core.typography import typographic


def closure_reason(name: str) -> str:
    """What the site says about the day, with the site's typographic apostrophe ("New Year’s Day"): written here
    too because a migration passes its historical model, which saves without `TypographicFields`."""
    return typographic(f"Bank holiday: {name}")


def add_bank_holidays(closure_model, years) -> tuple[int, int]:
    """Add each bank holiday in `years` as a whole-day closure unless one is there; (added, already there).
    Takes the model so a migration can pass its historical one."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=list(years))
    # A bank holiday is public knowledge, so patients are told it too; migration 0004's model predates the note.
    told = any(field.name == "public_note" for field in closure_model._meta.fields)
    added = 0
    for day, name in sorted(calendar.items()):
        reason = closure_reason(name)
        _, created = closure_model.objects.get_or_create(
            start_date=day,
            end_date=day,
            start_time=None,
            defaults={"reason": reason, **({"public_note": reason} if told else {})},
        )
        added += created
    return added, len(calendar) - added
