"""What the public pages show: a comment only if the patient allowed it AND the clinician approved it, with the
first name and initial and the month, escaped; gone when withdrawn; the block hidden while nothing is approved; a
constant, small number of queries however many are shown."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback import answers, public
from feedback.models import Feedback
from feedback.tests.conftest import COMPLETED, DUE, asked, completed

pytestmark = pytest.mark.django_db
PAGES = ["clinic:home", "clinic:about", "services:list"]
WORDS = "Zebedee found the cause in one visit & the plan worked."


def answer(clock, n=0, *, comment=WORDS, may_publish=True, approve=True, name="Ann Rowbotham"):
    at = COMPLETED + dt.timedelta(hours=n)  # each patient's own visit, so no two hold the same time
    request = asked(clock, completed(clock, at=at, email=f"p{n}@example.com", patient_name=name))
    feedback = answers.record(request, rating=5, comment=comment, may_publish=may_publish, now=timezone.now())
    if approve and feedback.publishable:
        assert answers.approve([feedback.pk], None, timezone.now()) == 1
    return Feedback.objects.get(pk=feedback.pk)


def page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_an_approved_comment_is_shown_with_first_name_initial_and_month(client, clock, name):
    answer(clock)
    shown = page(client, name)
    assert "What patients say" in shown
    assert "Zebedee found the cause in one visit &amp; the plan worked." in shown
    assert "— Ann R." in shown and "December 2026" in shown  # asked 1 December, answered then
    assert "Rowbotham" not in shown


@pytest.mark.parametrize("name", PAGES)
def test_nothing_is_shown_while_nothing_is_approved(client, clock, name):
    answer(clock, approve=False)
    assert "What patients say" not in page(client, name)


def test_a_comment_the_patient_did_not_allow_is_never_shown_even_if_approved(client, clock):
    feedback = answer(clock, may_publish=False)
    assert answers.approve([feedback.pk], None, DUE) == 0
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it too
        Feedback.objects.filter(pk=feedback.pk).update(approved_at=DUE)
    for name in PAGES:
        assert WORDS.split()[0] not in page(client, name).split("What patients say")[-1]
        assert "What patients say" not in page(client, name)


def test_a_comment_kept_off_by_the_clinician_is_gone_from_every_page_at_once(client, clock):
    feedback = answer(clock)
    assert all("— Ann R." in page(client, name) for name in PAGES)  # and now cached
    assert answers.keep_off([feedback.pk], timezone.now()) == 1
    assert all("— Ann R." not in page(client, name) for name in PAGES)


def test_a_comment_changed_by_the_patient_leaves_the_site_until_approved_again(client, clock):
    feedback = answer(clock)
    assert "— Ann R." in page(client, "clinic:home")
    answers.record(feedback.request, rating=5, comment="New words.", may_publish=True, now=timezone.now())
    assert Feedback.objects.get().approved_at is None
    assert "What patients say" not in page(client, "clinic:home")


def test_a_patient_who_unticks_the_box_takes_their_comment_off_the_site(client, clock):
    feedback = answer(clock)
    answers.record(feedback.request, rating=5, comment=WORDS, may_publish=False, now=timezone.now())
    assert "What patients say" not in page(client, "clinic:home")


def test_a_new_rating_alone_keeps_the_approved_words_on_the_site(client, clock):
    feedback = answer(clock)
    answers.record(feedback.request, rating=3, comment=WORDS, may_publish=True, now=timezone.now())
    assert "— Ann R." in page(client, "clinic:home")


def test_html_in_a_comment_is_shown_as_text(client, clock):
    answer(clock, comment='<script>alert("x")</script><b>Great</b>\nSecond line')
    shown = page(client, "clinic:home")
    assert "<script>alert" not in shown and "<b>Great</b>" not in shown
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;Great&lt;/b&gt;<br>Second line" in shown


def test_no_rating_or_stars_and_no_review_markup_are_shown(client, clock):
    answer(clock)
    shown = page(client, "clinic:home")
    assert "5 out of 5" not in shown and "★" not in shown
    assert "Review" not in shown and "aggregateRating" not in shown and "ratingValue" not in shown


def test_the_three_newest_approved_comments_are_shown_newest_first(client, clock):
    for n in range(4):
        answer(clock, n, comment=f"Comment number {n}.")
    shown = page(client, "clinic:home")
    assert "Comment number 0." not in shown
    assert shown.index("Comment number 3.") < shown.index("Comment number 2.") < shown.index("Comment number 1.")


def test_the_block_costs_one_query_cold_and_none_warm_however_many_are_shown(clock, django_assert_num_queries):
    for count in (1, 3):
        while Feedback.objects.shown().count() < count:
            answer(clock, Feedback.objects.count())
        cache.delete(public.CACHE_KEY)
        with django_assert_num_queries(1):
            cold = render_to_string("feedback/includes/comments.html")
        with django_assert_num_queries(0):
            assert render_to_string("feedback/includes/comments.html") == cold
        assert cold.count("<figure") == count


def test_the_home_page_costs_the_same_queries_with_one_comment_or_three(client, clock, django_user_model):
    """Signed in, so the whole-page cache does not answer: the page is built each time."""
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    counts = []
    for target in (1, 3):
        while Feedback.objects.shown().count() < target:
            answer(clock, Feedback.objects.count())
        page(client, "clinic:home")  # the clinic's own cached parts, warm
        cache.delete(public.CACHE_KEY)
        with CaptureQueriesContext(connection) as cold:
            assert page(client, "clinic:home").count("<figure") == target
        with CaptureQueriesContext(connection) as warm:
            page(client, "clinic:home")
        assert [q for q in cold.captured_queries if "feedback_feedback" in q["sql"]] != []
        assert [q for q in warm.captured_queries if "feedback_feedback" in q["sql"]] == []
        counts.append((len(cold), len(warm)))
    assert counts[0] == counts[1]


def test_only_a_change_to_what_is_shown_makes_the_public_pages_stale(client, clock, django_capture_on_commit_callbacks):
    """A rating, or a comment kept private or not yet approved, changes no public page: the cached pages and
    comments stay. Deleting a shown comment drops them."""
    from core import pagecache

    shown = answer(clock)
    other = asked(clock, completed(clock, at=COMPLETED + dt.timedelta(hours=1), email="p1@example.com"))
    pagecache.invalidate()
    public.shown_comments()
    before = cache.get(pagecache.VERSION_KEY)

    def unchanged():
        return cache.get(pagecache.VERSION_KEY) == before and cache.get(public.CACHE_KEY) is not None

    with django_capture_on_commit_callbacks(execute=True):
        private = answers.record(other, rating=2, comment="For you alone.", may_publish=False, now=timezone.now())
    assert unchanged()
    with django_capture_on_commit_callbacks(execute=True):
        answers.record(other, rating=2, comment="For you alone.", may_publish=True, now=timezone.now())
        answers.record(shown.request, rating=3, comment=WORDS, may_publish=True, now=timezone.now())  # a rating
    assert unchanged()
    with django_capture_on_commit_callbacks(execute=True):
        private.delete()
    assert unchanged()
    with django_capture_on_commit_callbacks(execute=True):
        Feedback.objects.get(pk=shown.pk).delete()
    assert cache.get(pagecache.VERSION_KEY) != before and cache.get(public.CACHE_KEY) is None
    assert "What patients say" not in page(client, "clinic:home")
