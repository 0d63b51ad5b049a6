"""The rules the feedback rows carry: one request per address, one answer per request, a rating from 1 to 5, an
approval only for what the patient allowed; and an answer sent twice at once stored once."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from feedback import answers
from feedback.models import Feedback, FeedbackQuerySet, FeedbackRequest
from feedback.tests.conftest import DUE, completed

pytestmark = pytest.mark.django_db


def test_a_request_names_its_appointment_and_leads_to_it_in_admin(feedback_request):
    appointment = feedback_request.appointment
    assert str(feedback_request) == f"Feedback asked for {appointment.reference}, 01 Dec 2026"
    assert feedback_request.get_absolute_url() == reverse("admin:bookings_appointment_change", args=[appointment.pk])


def test_a_second_request_to_the_same_address_in_another_case_is_refused(clock, feedback_request):
    other = completed(clock, email="bob@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackRequest.objects.create(appointment=other, email="ANN@EXAMPLE.COM", sent_at=DUE)


def test_an_answer_names_no_one_and_leads_to_its_admin_page(feedback_request):
    feedback = answers.record(feedback_request, rating=4, comment="", may_publish=False, now=DUE)
    assert str(feedback) == "4/5, 01 Dec 2026"
    assert feedback.get_absolute_url() == reverse("admin:feedback_feedback_change", args=[feedback.pk])


@pytest.mark.parametrize("rating", [0, 6])
def test_a_rating_outside_1_to_5_is_refused_by_the_database(feedback_request, rating):
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(
            request=feedback_request, rating=rating, shown_name="", submitted_at=DUE, updated_at=DUE
        )


@pytest.mark.parametrize(("comment", "may_publish"), [("Kind words.", False), ("", True)])
def test_an_approval_without_permission_or_words_is_refused_with_a_message(feedback_request, comment, may_publish):
    feedback = answers.record(feedback_request, rating=4, comment=comment, may_publish=may_publish, now=DUE)
    feedback.approved_at = DUE
    with pytest.raises(ValidationError, match="Only a comment the patient allowed"):
        feedback.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        feedback.save()


def test_an_answer_sent_twice_at_once_is_stored_once_the_later_replacing_it(feedback_request):
    """The second request read "no answer yet" before the first's insert committed: its insert is refused and it
    replaces the answer instead."""
    first = answers.record(feedback_request, rating=2, comment="First go.", may_publish=False, now=DUE)
    real_first, reads = FeedbackQuerySet.first, []

    def read_before_the_other_committed(queryset):
        reads.append(queryset)
        return None if len(reads) == 1 else real_first(queryset)

    with mock.patch.object(FeedbackQuerySet, "first", read_before_the_other_committed):
        second = answers.record(feedback_request, rating=4, comment="Second go.", may_publish=False, now=DUE)
    (stored,) = Feedback.objects.all()
    assert stored.pk == first.pk == second.pk and (stored.rating, stored.comment) == (4, "Second go.")


def test_the_average_is_none_without_feedback(db):
    assert answers.average_rating(DUE) == (None, 0)
