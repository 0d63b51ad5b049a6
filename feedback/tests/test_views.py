"""The patient's feedback page in each state: fresh, answered, expired, forged, deleted, anonymised; bad input; the
same answer sent twice."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.core import signing
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from clinic.hours import at
from feedback import links
from feedback.models import Feedback, FeedbackRequest
from feedback.tests.conftest import DUE

pytestmark = pytest.mark.django_db
GOOD = {"rating": "5", "comment": "Clear plan, and I ran my first pain-free 10K in weeks.", "may_publish": "on"}


def url(request):
    return links.answer_path(request)


def rows():
    return [model_to_dict(f) for f in Feedback.objects.order_by("pk")]


def test_a_fresh_link_asks_for_a_rating_a_comment_and_an_unticked_permission(client, feedback_request):
    response = client.get(url(feedback_request))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "How was your visit?" in page and "Monday 30 November 2026" in page
    assert page.count('name="rating"') == 5
    assert 'name="may_publish"' in page and "checked" not in page.split('name="may_publish"')[1].split(">")[0]
    assert "as “Ann R.”" in page
    assert response["X-Robots-Tag"] == "noindex" and "no-cache" in response["Cache-Control"]
    assert not Feedback.objects.exists()  # opening the link changes nothing


def test_an_answer_is_stored_and_the_link_then_shows_it_with_thanks(client, feedback_request, clock):
    clock.move_to(DUE + dt.timedelta(hours=2))
    response = client.post(url(feedback_request), GOOD)
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == f"{url(feedback_request)}#thanks"
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.comment, feedback.may_publish) == (5, GOOD["comment"], True)
    assert (feedback.shown_name, feedback.submitted_at, feedback.approved_at) == ("Ann R.", timezone.now(), None)
    page = client.get(url(feedback_request)).content.decode()
    assert "Thank you: we have your feedback" in page and "You gave 5 out of 5" in page
    assert GOOD["comment"] in page and "Save my changes" in page


def test_without_the_tick_the_comment_is_the_clinics_alone(client, feedback_request):
    client.post(url(feedback_request), {"rating": "3", "comment": "Parking was hard to find."})
    assert Feedback.objects.get().may_publish is False
    assert "Only the clinic reads your comment" in client.get(url(feedback_request)).content.decode()


def test_a_rating_alone_is_an_answer(client, feedback_request):
    assert client.post(url(feedback_request), {"rating": "4"}).status_code == HTTPStatus.FOUND
    assert (Feedback.objects.get().rating, Feedback.objects.get().comment) == (4, "")


def test_the_same_answer_sent_twice_is_one_row_and_a_change_replaces_it(client, feedback_request, clock):
    client.post(url(feedback_request), GOOD)
    clock.shift(dt.timedelta(hours=1))
    client.post(url(feedback_request), {**GOOD, "rating": "4"})  # changed the same day: no "last changed" that day
    assert "last changed" not in client.get(url(feedback_request)).content.decode()
    client.post(url(feedback_request), GOOD)
    clock.shift(dt.timedelta(days=1))
    response = client.post(url(feedback_request), GOOD, follow=True)
    assert Feedback.objects.count() == 1
    first = Feedback.objects.get()
    assert first.updated_at < timezone.now()  # the same answer a day later is no change: no "last changed" line
    assert "last changed" not in response.content.decode()
    clock.shift(dt.timedelta(days=3))
    client.post(url(feedback_request), {"rating": "4", "comment": "Changed my mind about the wording."})
    assert "(last changed" in client.get(url(feedback_request)).content.decode()
    (changed,) = Feedback.objects.all()
    assert changed.pk == first.pk and (changed.rating, changed.may_publish) == (4, False)
    assert (changed.submitted_at, changed.updated_at) == (first.submitted_at, timezone.now())


BAD = [
    ({"comment": "No rating"}, "Choose a rating from 1 to 5."),
    ({"rating": "0"}, "Choose a rating from 1 to 5."),
    ({"rating": "6"}, "Choose a rating from 1 to 5."),
    ({"rating": "five"}, "Choose a rating from 1 to 5."),
    ({"rating": "5", "comment": "x" * 1001}, "Keep your comment to 1,000 characters or fewer (it has 1,001)."),
    ({"rating": "5", "may_publish": "on"}, "Write a comment to show on the website, or untick this box."),
]


@pytest.mark.parametrize(("data", "message"), BAD, ids=["no-rating", "zero", "six", "text", "too-long", "empty-shown"])
def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(client, feedback_request, data, message):
    client.post(url(feedback_request), {"rating": "2", "comment": "Kept as it was."})
    before = rows()
    response = client.post(url(feedback_request), data)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "Thank you: we have your feedback" not in page  # no thanks above the errors
    assert rows() == before


def test_a_first_answer_refused_stores_nothing(client, feedback_request):
    assert client.post(url(feedback_request), {"rating": "0"}).status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert not Feedback.objects.exists()


def test_a_comment_of_exactly_the_limit_is_accepted(client, feedback_request):
    assert client.post(url(feedback_request), {"rating": "5", "comment": "y" * 1000}).status_code == HTTPStatus.FOUND


def invalid(client, path, method="get"):
    response = getattr(client, method)(path, GOOD if method == "post" else None)
    return response.status_code == HTTPStatus.NOT_FOUND and "This link doesn’t work" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_link_is_not_found_and_changes_nothing(client, feedback_request, clock, method):
    client.post(url(feedback_request), {"rating": "2"})
    before = rows()
    last_day = dt.date(2027, 1, 30)  # 60 days after it was sent on 1 December: the date the email shows
    clock.move_to(at(last_day, dt.time(23, 59, 59)))  # through the end of that day, not the time it was sent
    assert client.get(url(feedback_request)).status_code == HTTPStatus.OK
    assert "works until 30 January 2027" in client.get(url(feedback_request)).content.decode()
    clock.move_to(at(last_day + dt.timedelta(days=1), dt.time(0)))
    assert invalid(client, url(feedback_request), method)
    assert rows() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_or_mangled_link_is_not_found_and_changes_nothing(client, feedback_request, method):
    token = links.answer_token(feedback_request)
    forged = signing.dumps({"q": feedback_request.pk, "s": feedback_request.sent_at.timestamp()}, salt="other")
    for bad in [token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged, "nonsense"]:
        assert invalid(client, reverse("feedback:answer", args=[bad]), method)
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_for_a_deleted_request_is_not_found_and_creates_nothing(client, feedback_request, method):
    path = url(feedback_request)
    FeedbackRequest.objects.all().delete()
    assert invalid(client, path, method)
    assert not Feedback.objects.exists() and not FeedbackRequest.objects.exists()


def test_a_link_for_a_request_sent_again_under_the_same_number_does_not_open_it(client, feedback_request):
    path = url(feedback_request)
    FeedbackRequest.objects.filter(pk=feedback_request.pk).update(sent_at=DUE + dt.timedelta(seconds=1))
    assert invalid(client, path)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_for_an_anonymised_appointment_is_not_found_and_changes_nothing(client, feedback_request, method):
    client.post(url(feedback_request), {"rating": "2"})
    before = rows()
    type(feedback_request.appointment).objects.update(anonymised_at=DUE)
    assert invalid(client, url(feedback_request), method)
    assert rows() == before


def test_the_page_answers_only_get_head_and_post(client, feedback_request):
    assert client.put(url(feedback_request)).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_links_token_never_reaches_a_log_line(client, feedback_request, caplog):
    """Django logs the refused answer (422) and the dead link (404) with their path: the token is redacted."""
    from core.logs import redact

    token = links.answer_token(feedback_request)
    with caplog.at_level("WARNING", logger="django.request"):
        client.post(url(feedback_request), {"rating": "9", "comment": "Yodel"})
        client.get(reverse("feedback:answer", args=[token + "x"]))
    lines = [redact(record.getMessage()) for record in caplog.records]
    assert len(lines) == 2 and all("/feedback/[token]/" in line for line in lines)
    assert not any(token[:20] in line or "Yodel" in line for line in lines)


def test_a_long_comment_is_not_cut_by_the_browser_but_refused_with_its_length():
    """A browser's maxlength cuts a pasted comment silently, mid-word, and that cut comment could be published:
    the form leaves the length to the server, whose message says how long it is (the bad-input test above)."""
    from feedback.forms import FeedbackForm

    assert "maxlength" not in str(FeedbackForm(shown_name="Ann R.")["comment"])
