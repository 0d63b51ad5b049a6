"""The clinician's decision about a comment the patient allowed to be shown: shown, or kept off the site. Each row
of the list says where its comment stands and offers, in one click, the decisions left; a decided comment no longer
waits on the admin home; new words from the patient wait for a new decision."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import answers
from feedback.models import Feedback
from feedback.tests.test_admin import LIST, answer

pytestmark = pytest.mark.django_db


def decide_url(feedback):
    return reverse("admin:feedback_feedback_decide", args=[feedback.pk])


def in_each_state(clock):
    waiting = answer(clock, 0, comment="waiting")
    private = answer(clock, 1, comment="private", may_publish=False)
    shown = answer(clock, 2, comment="shown")
    kept = answer(clock, 3, comment="kept")
    answers.approve([shown.pk], None, timezone.now())
    answers.keep_off([kept.pk], timezone.now())
    return {"waiting": waiting, "private": private, "shown": shown, "kept": kept}


@pytest.mark.parametrize(
    ("state", "says", "buttons"),
    [("waiting", "Waiting for your decision", ["show", "keep_off"]), ("private", "Private", []),
     ("shown", "Shown since", ["keep_off"]), ("kept", "Kept off", ["show"])],
)  # fmt: skip
def test_each_row_says_where_its_comment_stands_and_offers_what_is_left(admin_client, clock, state, says, buttons):
    feedback = in_each_state(clock)[state]
    page = admin_client.get(LIST).content.decode()
    row = next(r for r in page.split("<tr")[1:] if f"{feedback.comment}</td>" in r)
    assert says in row
    offered = [value for value in ("show", "keep_off") if f'value="{value}"' in row]
    assert offered == buttons
    assert all(f'formaction="{decide_url(feedback)}"' in row for _ in buttons)


def test_one_click_on_a_row_decides_and_returns_to_the_list_as_it_was(admin_client, clock, admin_user):
    feedback = answer(clock)
    back = f"{LIST}?shown=waiting"
    response = admin_client.post(decide_url(feedback), {"decision": "show"}, HTTP_REFERER=back)
    assert (response.status_code, response["Location"]) == (HTTPStatus.FOUND, back)
    feedback.refresh_from_db()
    assert (feedback.approved_at, feedback.approved_by, feedback.kept_off_at) == (timezone.now(), admin_user, None)
    page = admin_client.get(back).content.decode()
    assert f"Shown on the site: “Helpful and clear.” ({feedback})." in page  # the patient's words: which one

    admin_client.post(decide_url(feedback), {"decision": "keep_off"}, HTTP_REFERER=back)
    feedback.refresh_from_db()
    assert (feedback.approved_at, feedback.kept_off_at) == (None, timezone.now())
    answers.approve([feedback.pk], None, timezone.now())  # a kept-off comment can still be shown later
    feedback.refresh_from_db()
    assert (feedback.is_shown, feedback.kept_off_at) == (True, None)


def test_a_decision_from_elsewhere_returns_to_the_list_not_to_another_site(admin_client, clock):
    feedback = answer(clock)
    response = admin_client.post(decide_url(feedback), {"decision": "keep_off"}, HTTP_REFERER="https://evil.example/")
    assert response["Location"] == LIST


@pytest.mark.parametrize("data", [{}, {"decision": "publish"}], ids=["none", "unknown"])
def test_a_row_decision_that_is_neither_answers_400_and_changes_nothing(admin_client, clock, data):
    feedback = answer(clock)
    assert admin_client.post(decide_url(feedback), data).status_code == HTTPStatus.BAD_REQUEST
    assert Feedback.objects.waiting_for_approval().get() == feedback


def test_a_row_decision_is_post_only_and_for_an_answer_that_exists(admin_client, clock):
    feedback = answer(clock)
    assert admin_client.get(decide_url(feedback)).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    missing = reverse("admin:feedback_feedback_decide", args=[feedback.pk + 100])
    assert admin_client.post(missing, {"decision": "show"}).status_code == HTTPStatus.NOT_FOUND


def test_a_private_comment_cannot_be_decided_from_a_row(admin_client, clock):
    private = answer(clock, may_publish=False)
    for decision in ("show", "keep_off"):
        admin_client.post(decide_url(private), {"decision": decision})
    private.refresh_from_db()
    assert (private.approved_at, private.kept_off_at) == (None, None)


def test_a_view_only_user_sees_where_comments_stand_but_no_buttons_and_cannot_decide(client, clock, django_user_model):
    from django.contrib.auth.models import Permission

    feedback = answer(clock)
    user = django_user_model.objects.create_user("helper", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_feedback"))
    client.force_login(user)
    page = client.get(LIST).content.decode()
    assert "Waiting for your decision" in page and 'name="decision"' not in page
    assert client.post(decide_url(feedback), {"decision": "show"}).status_code == HTTPStatus.FORBIDDEN
    assert Feedback.objects.waiting_for_approval().get() == feedback


def test_a_comment_kept_off_leaves_the_admin_homes_to_see_to(admin_client, admin_user, clock):
    feedback = answer(clock)
    assert "patient comment allowed to be shown, waiting" in admin_client.get(reverse("admin:index")).content.decode()
    admin_client.post(decide_url(feedback), {"decision": "keep_off"})
    assert "waiting for your decision" not in admin_client.get(reverse("admin:index")).content.decode()


def test_new_words_from_the_patient_wait_for_a_new_decision_and_the_same_words_do_not(clock):
    feedback = answer(clock)
    answers.keep_off([feedback.pk], timezone.now())
    request = feedback.request
    answers.record(request, rating=3, comment=feedback.comment, may_publish=True, now=timezone.now())  # a new rating
    assert Feedback.objects.kept_off().get() == feedback
    answers.record(request, rating=3, comment="Better now, thank you.", may_publish=True, now=timezone.now())
    assert Feedback.objects.waiting_for_approval().get() == feedback


def test_the_database_refuses_a_comment_both_shown_and_kept_off(clock):
    from django.db import IntegrityError, transaction

    feedback = answer(clock)
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.filter(pk=feedback.pk).update(approved_at=timezone.now(), kept_off_at=timezone.now())


def test_a_kept_off_comment_made_private_by_the_patient_is_private_and_asked_about_again_if_allowed(clock):
    feedback = answer(clock)
    answers.keep_off([feedback.pk], timezone.now())
    answers.record(feedback.request, rating=5, comment=feedback.comment, may_publish=False, now=timezone.now())
    feedback.refresh_from_db()
    assert feedback.kept_off_at is None and not Feedback.objects.kept_off().exists()
    answers.record(feedback.request, rating=5, comment=feedback.comment, may_publish=True, now=timezone.now())
    assert Feedback.objects.waiting_for_approval().get() == feedback


def test_a_second_click_on_a_row_changes_nothing_and_says_so(admin_client, clock):
    feedback = answer(clock)
    admin_client.post(decide_url(feedback), {"decision": "show"})
    response = admin_client.post(decide_url(feedback), {"decision": "show"}, follow=True)
    assert "Nothing changed: “Helpful and clear.”" in response.content.decode()
    assert "was already shown on the site." in response.content.decode()


def test_every_decision_is_in_the_comments_history_with_who_made_it(admin_client, admin_user, clock):
    from django.contrib.admin.models import LogEntry

    first, second = answer(clock, 0), answer(clock, 1)
    admin_client.post(decide_url(first), {"decision": "show"})
    admin_client.post(LIST, {"action": "keep_off_site", "_selected_action": [first.pk, second.pk]})
    admin_client.post(LIST, {"action": "keep_off_site", "_selected_action": [second.pk]})  # already: no entry
    history = [(e.object_id, e.get_change_message(), e.user) for e in LogEntry.objects.order_by("pk")]
    assert history[0] == (str(first.pk), "Shown on the site", admin_user)
    assert sorted(history[1:]) == [(str(f.pk), "Kept off the site", admin_user) for f in (first, second)]


def test_the_list_shows_the_whole_of_a_comment_that_may_be_shown_and_names_its_buttons_with_it(admin_client, clock):
    long = "Stephen worked out why my knee hurt on hills. " * 4  # past the list's 80 characters
    waiting = answer(clock, 0, comment=long.strip())
    answer(clock, 1, comment=long.strip().replace("Stephen", "Private"), may_publish=False)
    page = admin_client.get(LIST).content.decode()
    assert waiting.comment in page  # judged whole before one click shows it
    assert long.strip().replace("Stephen", "Private") not in page and "Private worked out why my knee hurt" in page
    assert f'aria-label="Show on the site: “Stephen worked out why my knee hurt on …”, {waiting}"' in page


def test_a_decision_saved_on_the_page_is_in_the_history_once(admin_client, clock):
    from django.contrib.admin.models import LogEntry

    feedback = answer(clock)
    admin_client.post(reverse("admin:feedback_feedback_change", args=[feedback.pk]), {"decision": "show"})
    assert LogEntry.objects.filter(object_id=str(feedback.pk)).count() == 1
