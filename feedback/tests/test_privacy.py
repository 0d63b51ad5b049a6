"""Feedback in the subject-access export, and gone (its published comment with it) when the purge anonymises the
appointment it was about."""

import datetime as dt
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from bookings import reports, retention
from feedback import answers, public
from feedback.models import Feedback, FeedbackRequest
from feedback.tests.conftest import COMPLETED, DUE, asked, completed

pytestmark = pytest.mark.django_db
WORDS = "Quixotic advice about my calf, thank you."


@pytest.fixture
def shown(clock, admin_user):
    request = asked(clock, completed(clock, email="Ann@Example.com"))
    feedback = answers.record(request, rating=4, comment=WORDS, may_publish=True, now=timezone.now())
    answers.approve([feedback.pk], admin_user, timezone.now())
    return Feedback.objects.get()


def test_the_export_has_the_request_and_the_answer_whatever_the_case_of_the_address(shown):
    (exported,) = reports.subject_access_export("ann@EXAMPLE.com")["feedback"]
    assert exported["appointment"] == shown.request.appointment.reference
    assert exported["answer"]["rating_out_of_5"] == 4 and exported["answer"]["comment"] == WORDS
    assert exported["answer"]["allowed_to_publish"] is True and exported["answer"]["shown_as"] == "Ann R."
    assert exported["answer"]["shown_on_the_site_since"] == shown.approved_at.isoformat()
    assert exported["answer"]["kept_off_the_site_since"] is None
    assert reports.subject_access_export("someone.else@example.com")["feedback"] == []


def test_the_export_says_since_when_a_comment_is_kept_off_the_site(shown):
    answers.keep_off([shown.pk], timezone.now())
    (exported,) = reports.subject_access_export("ann@example.com")["feedback"]
    assert exported["answer"]["shown_on_the_site_since"] is None
    assert exported["answer"]["kept_off_the_site_since"] == timezone.now().isoformat()


def test_the_export_has_a_request_not_answered(clock):
    asked(clock)
    (exported,) = reports.subject_access_export("ann@example.com")["feedback"]
    assert exported["answer"] is None


def test_the_subject_access_page_exports_it(admin_client, shown):
    response = admin_client.post(reverse("admin:bookings_appointment_subject_access"), {"email": "ann@example.com"})
    assert json.loads(response.content)["feedback"][0]["answer"]["comment"] == WORDS


def test_the_purge_deletes_the_request_the_answer_its_history_and_takes_the_comment_off_the_site(
    client, shown, admin_user
):
    LogEntry.objects.log_actions(admin_user.pk, [shown], CHANGE, change_message="Shown")
    assert WORDS in client.get(reverse("clinic:home")).content.decode()  # cached now
    years = shown.request.appointment.start + dt.timedelta(days=365 * 9)
    other = shown.request.appointment.__class__.objects.exclude(pk=shown.request.appointment_id)
    assert not other.exists()
    assert retention.purge_patient_data(years) == 1
    assert not Feedback.objects.exists() and not FeedbackRequest.objects.exists()
    assert not LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Feedback)).exists()
    assert public.shown_comments() == []
    assert WORDS not in client.get(reverse("clinic:home")).content.decode()


def test_the_purge_leaves_other_patients_feedback(clock, shown):
    a_year_on = dt.timedelta(days=365)
    later = completed(clock, at=COMPLETED + a_year_on, email="bob@example.com", patient_name="Bob Hill")
    request = asked(clock, later, due=DUE + a_year_on)
    answers.record(request, rating=3, comment="", may_publish=False, now=timezone.now())
    retention.purge_patient_data(shown.request.appointment.start + dt.timedelta(days=365 * 8 + 30))
    assert list(Feedback.objects.values_list("request__email", flat=True)) == ["bob@example.com"]


def test_an_export_for_no_address_holds_no_ones_feedback(shown):
    from feedback import privacy

    assert privacy.export("") == {"feedback": []}
