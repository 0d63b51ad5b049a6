import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clinic.models import Closure

pytestmark = pytest.mark.django_db


def test_bank_holidays_become_closures_once():
    Closure.objects.all().delete()  # the migration put this year's and next year's in place
    out = StringIO()
    call_command("import_bank_holidays", "--years", "2026", "2027", stdout=out)
    assert "19 bank holiday closure(s) added" in out.getvalue()
    christmas = Closure.objects.get(start_date=dt.date(2026, 12, 25))
    assert christmas.end_date == christmas.start_date and "Christmas" in christmas.reason
    assert Closure.objects.filter(start_date=dt.date(2026, 12, 28)).exists()  # Boxing Day, substitute
    call_command("import_bank_holidays", "--years", "2026", "2027", stdout=StringIO())
    assert Closure.objects.count() == 19


def test_bank_holiday_years_must_be_sensible():
    with pytest.raises(CommandError, match="between 2000 and 2100"):
        call_command("import_bank_holidays", "--years", "99999")


def test_an_hour_off_on_a_bank_holiday_does_not_stop_the_whole_day_closing():
    day = dt.date(2026, 12, 25)
    Closure.objects.create(start_date=day, reason="Morning off", start_time=dt.time(8), end_time=dt.time(9))
    call_command("import_bank_holidays", "--years", "2026", stdout=StringIO())
    assert Closure.objects.get(start_date=day, start_time__isnull=True).reason.startswith("Bank holiday")


def test_a_fresh_set_up_already_closes_this_years_and_next_years_bank_holidays(client):
    """No command needed: the migration added them (the yearly cron keeps them coming)."""
    from django.utils import timezone

    from clinic.hours import current_schedule

    year = timezone.localdate().year
    for day in (dt.date(year, 12, 25), dt.date(year + 1, 1, 1), dt.date(year + 1, 12, 25)):
        assert current_schedule().closure_on(day).reason.startswith("Bank holiday"), day
    christmas = dt.date(year, 12, 25)
    data = client.get("/book/availability/", {"service": "follow-up", "date": christmas.isoformat()}).json()
    assert data["slots"] == []


def test_the_migration_drops_the_cached_schedule_so_an_upgrade_shows_them_at_once():
    from importlib import import_module

    from django.apps import apps
    from django.utils import timezone

    from clinic.hours import current_schedule

    christmas = dt.date(timezone.localdate().year, 12, 25)
    Closure.objects.all().delete()
    assert current_schedule().closure_on(christmas) is None  # now cached without them
    import_module("clinic.migrations.0004_bank_holidays_this_year_and_next").add(apps, None)
    assert current_schedule().closure_on(christmas) is not None


def test_a_bank_holiday_is_named_with_the_sites_apostrophe():
    Closure.objects.all().delete()
    call_command("import_bank_holidays", "--years", "2027", stdout=StringIO())
    assert Closure.objects.get(start_date=dt.date(2027, 1, 1)).reason == "Bank holiday: New Year’s Day"


def test_an_upgrade_mends_the_names_an_earlier_import_wrote_and_leaves_the_clinicians_own():
    from importlib import import_module

    from django.apps import apps

    from clinic.hours import current_schedule

    Closure.objects.all().delete()
    # As stored before: bulk_create, like the import's rows then, writes the text as given.
    imported, own = Closure.objects.bulk_create(
        [
            Closure(
                start_date=dt.date(2027, 1, 1), end_date=dt.date(2027, 1, 1), reason="Bank holiday: New Year's Day"
            ),
            Closure(start_date=dt.date(2027, 1, 4), end_date=dt.date(2027, 1, 4), reason="Stephen's course"),
        ]
    )
    assert current_schedule().closure_on(imported.start_date).reason.endswith("Year's Day")  # cached so
    import_module("clinic.migrations.0008_typographic_apostrophes").mend_bank_holiday_names(apps, None)
    assert Closure.objects.get(pk=imported.pk).reason == "Bank holiday: New Year’s Day"
    assert Closure.objects.get(pk=own.pk).reason == "Stephen's course"
    assert current_schedule().closure_on(imported.start_date).reason == "Bank holiday: New Year’s Day"
