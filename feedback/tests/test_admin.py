"""The clinician's feedback list and page: ratings with filters and the year's average, comments shown or not
through an action or the page's one checkbox, and the patient's words never editable."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from feedback import answers
from feedback.models import Feedback
from feedback.tests.conftest import COMPLETED, asked, completed

pytestmark = pytest.mark.django_db
LIST = reverse("admin:feedback_feedback_changelist")


def answer(clock, n=0, *, rating=5, comment="Helpful and clear.", may_publish=True):
    request = asked(clock, completed(clock, at=COMPLETED + dt.timedelta(hours=n), email=f"p{n}@example.com"))
    return answers.record(request, rating=rating, comment=comment, may_publish=may_publish, now=timezone.now())


def test_the_list_shows_rating_date_permission_approval_and_the_years_average(admin_client, clock):
    answer(clock, 0, rating=5)
    answer(clock, 1, rating=2, may_publish=False, comment="")
    old = answer(clock, 2, rating=1)
    Feedback.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - dt.timedelta(days=366))
    page = admin_client.get(LIST).content.decode()
    assert "Average rating over the last 12 months: <strong>3.5 out of 5</strong>, from 2 answers." in page
    assert "<strong>2</strong> comments allowed to be shown, waiting for your decision." in page
    assert "Helpful and clear." in page and page.count('class="field-rating"') == 3


def test_the_list_with_no_feedback_says_so(admin_client, db):
    assert "No feedback in the last 12 months." in admin_client.get(LIST).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [("rating=2", {"two"}), ("may_publish__exact=1", {"five", "shown", "kept"}), ("shown=yes", {"shown"}),
     ("shown=waiting", {"five"}), ("shown=kept", {"kept"}), ("shown=no", {"five", "two", "kept"}),
     ("", {"five", "two", "shown", "kept"})],
)  # fmt: skip
def test_the_filters(admin_client, clock, query, expected):
    answer(clock, 0, rating=5, comment="five")
    answer(clock, 1, rating=2, comment="two", may_publish=False)
    shown = answer(clock, 2, rating=4, comment="shown")
    answers.approve([shown.pk], None, timezone.now())
    answers.keep_off([answer(clock, 3, rating=3, comment="kept").pk], timezone.now())
    response = admin_client.get(f"{LIST}?{query}")
    listed = {f.comment for f in response.context["cl"].result_list}
    assert listed == expected


def test_the_show_action_approves_only_what_the_patient_allowed_and_keep_off_withdraws(admin_client, clock, admin_user):
    allowed = answer(clock, 0)
    private = answer(clock, 1, may_publish=False)
    response = admin_client.post(
        LIST, {"action": "show_on_site", "_selected_action": [allowed.pk, private.pk]}, follow=True
    )
    page = response.content.decode()
    assert "1 comment now shown on the site." in page and "1 not changed" in page
    allowed.refresh_from_db()
    private.refresh_from_db()
    assert (allowed.approved_by, allowed.is_shown, private.approved_at) == (admin_user, True, None)
    response = admin_client.post(LIST, {"action": "keep_off_site", "_selected_action": [allowed.pk]}, follow=True)
    assert "1 comment kept off the site." in response.content.decode()
    allowed.refresh_from_db()
    assert (allowed.approved_at, allowed.approved_by, allowed.kept_off_at) == (None, None, timezone.now())
    assert not Feedback.objects.waiting_for_approval().exists()  # decided: no longer waiting


def test_the_page_shows_and_keeps_off_with_its_choice_and_never_changes_the_words(admin_client, clock):
    feedback = answer(clock)
    url = reverse("admin:feedback_feedback_change", args=[feedback.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="comment"' not in page and 'name="rating"' not in page and "Helpful and clear." in page
    assert reverse("admin:bookings_appointment_change", args=[feedback.request.appointment_id]) in page
    assert "View on site" not in page
    tampered = {"decision": "show", "comment": "Best clinic in the world!", "rating": "5", "may_publish": "on"}
    response = admin_client.post(url, tampered)
    assert response.status_code == HTTPStatus.FOUND
    feedback.refresh_from_db()
    assert feedback.is_shown and feedback.comment == "Helpful and clear."
    before = model_to_dict(feedback)
    admin_client.post(url, {"decision": "keep_off"})
    feedback.refresh_from_db()
    assert (feedback.approved_at, feedback.kept_off_at) == (None, timezone.now())
    decided = ("approved_at", "approved_by", "kept_off_at")
    assert {k: v for k, v in model_to_dict(feedback).items() if k not in decided} == {
        k: v for k, v in before.items() if k not in decided
    }
    assert admin_client.get(url).context["adminform"].form["decision"].value() == "keep_off"
    admin_client.post(url, {"decision": "keep_off"})  # saved again unchanged: still kept off since then
    feedback.refresh_from_db()
    assert feedback.kept_off_at == timezone.now()


def test_saving_a_waiting_comments_page_without_a_choice_leaves_it_waiting(admin_client, clock):
    feedback = answer(clock)
    admin_client.post(reverse("admin:feedback_feedback_change", args=[feedback.pk]), {})
    assert Feedback.objects.waiting_for_approval().get() == feedback


def test_a_comment_the_patient_did_not_allow_cannot_be_ticked_on_its_page(admin_client, clock):
    feedback = answer(clock, may_publish=False)
    url = reverse("admin:feedback_feedback_change", args=[feedback.pk])
    assert "The patient did not allow this to be shown" in admin_client.get(url).content.decode()
    for decision in ("show", "keep_off"):
        admin_client.post(url, {"decision": decision})
        feedback.refresh_from_db()
        assert (feedback.approved_at, feedback.kept_off_at) == (None, None)


def test_feedback_is_never_added_by_hand(admin_client, db):
    assert admin_client.get(reverse("admin:feedback_feedback_add")).status_code == HTTPStatus.FORBIDDEN


def test_a_staff_user_without_change_permission_cannot_approve(client, clock, django_user_model):
    from django.contrib.auth.models import Permission

    feedback = answer(clock)
    user = django_user_model.objects.create_user("helper", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_feedback"))
    client.force_login(user)
    client.post(LIST, {"action": "show_on_site", "_selected_action": [feedback.pk]})
    feedback.refresh_from_db()
    assert feedback.approved_at is None
    assert client.get(LIST).status_code == HTTPStatus.OK


def test_an_appointments_page_says_whether_its_patient_was_asked_and_links_their_answer(
    admin_client, admin_user, clock
):
    from feedback.tests.conftest import asked

    appointment = completed(clock)
    url = reverse("admin:bookings_appointment_change", args=[appointment.pk])
    assert 'id="feedback-title"' not in admin_client.get(url).content.decode()  # not asked yet
    request = asked(clock, appointment)
    admin_client.force_login(admin_user)  # a day later: the clinician's session had ended
    assert "No answer yet." in admin_client.get(url).content.decode()
    feedback = answers.record(request, rating=4, comment="Kind.", may_publish=True, now=timezone.now())
    page = admin_client.get(url).content.decode()
    assert reverse("admin:feedback_feedback_change", args=[feedback.pk]) in page
    assert "Rated 4 out of 5</a>, with a comment the patient allowed to be shown." in page
    answers.approve([feedback.pk], None, timezone.now())
    assert "with a comment shown on the site." in admin_client.get(url).content.decode()


def test_the_admin_home_lists_comments_waiting_until_each_is_decided(admin_client, admin_user, clock):
    def home():
        admin_client.force_login(admin_user)  # each answer moves the clock past the session's idle limit
        return admin_client.get(reverse("admin:index")).content.decode()

    assert "waiting for your decision" not in home()
    first, _second = answer(clock, 0), answer(clock, 1)
    answer(clock, 2, may_publish=False)  # private: nothing to decide
    waiting = f'<a href="{LIST}?shown=waiting"><strong>2</strong> patient comments allowed to be shown, waiting'
    assert waiting in home()
    Feedback.objects.filter(pk=first.pk).update(approved_at=timezone.now())
    assert "<strong>1</strong> patient comment allowed to be shown, waiting for your decision" in home()
