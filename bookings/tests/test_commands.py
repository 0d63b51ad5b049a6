import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clinic.models import Closure

pytestmark = pytest.mark.django_db


def test_bank_holidays_become_closures_once():
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
