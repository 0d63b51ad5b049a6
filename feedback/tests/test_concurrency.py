"""Against the real database, from threads with connections of their own: sweeps run at once ask a patient once,
and the same answer sent at once is stored once."""

import threading

import pytest
from django.db import connections

from bookings.models import OutboundEmail
from feedback import answers, asking
from feedback.models import Feedback, FeedbackRequest
from feedback.tests.conftest import DUE, asked, completed

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(work, times=4):
    barrier, results = threading.Barrier(times), []

    def run():
        barrier.wait()
        try:
            results.append(work())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_sweeps_run_at_once_ask_the_patient_once(seeded, clock):
    completed(clock)
    assert sorted(at_once(lambda: asking.send_feedback_requests(DUE))) == [0, 0, 0, 1]
    assert FeedbackRequest.objects.count() == 1
    assert OutboundEmail.objects.filter(kind="feedback_request").count() == 1


def test_the_same_answer_sent_at_once_is_one_row(seeded, clock):
    request = asked(clock)
    stored = at_once(lambda: answers.record(request, rating=5, comment="Thank you.", may_publish=True, now=DUE))
    assert len(stored) == 4 and len({feedback.pk for feedback in stored}) == 1  # each sender answered, none failed
    assert list(Feedback.objects.values_list("request_id", "rating", "comment")) == [(request.pk, 5, "Thank you.")]
