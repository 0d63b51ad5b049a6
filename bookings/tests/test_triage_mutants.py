"""Red-flag triage: behaviour that mutation testing found unguarded (docs/mutation.md)."""

import pytest

from bookings import triage
from bookings.models import SafetyQuestion

pytestmark = pytest.mark.django_db
Level = SafetyQuestion.Level


def test_questions_for_every_area_come_before_the_areas_own_whatever_their_order():
    SafetyQuestion.objects.all().delete()
    knee = SafetyQuestion.objects.create(concern="knee", question="Did the knee give way?", level=Level.NOTE)
    everyone = SafetyQuestion.objects.create(
        concern="", question="Do you feel unwell?", level=Level.NOTE, display_order=knee.display_order + 10
    )
    assert triage.questions_for("knee") == [everyone, knee]
