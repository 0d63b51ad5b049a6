"""A follow-up answer of worse than before the first visit stays on the admin home's "To see to" until the clinician
marks it as seen on its page (one tap); better answers, unanswered follow-ups and seen ones are not there."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from outcomes import links
from outcomes.models import FollowUp

HOME = reverse("admin:index")
LIST = reverse("admin:outcomes_followup_changelist")
ON_HOME = "follow-up answer saying worse than before the first visit"


def answered(client, followup, change):
    client.post(links.followup_path(followup), {"score_0": "2", "score_1": "3", "change": str(change)})
    followup.refresh_from_db()
    return followup


def seen_url(followup):
    return reverse("admin:outcomes_followup_seen", args=[followup.pk])


@pytest.mark.parametrize(("change", "to_see"), [(-3, True), (-2, True), (-1, False), (0, False), (3, False)])
def test_only_an_answer_of_worse_is_to_see(sent, client, admin_client, change, to_see):
    followup = answered(client, sent, change)
    assert followup.to_see is to_see and FollowUp.objects.to_see().exists() is to_see
    assert (ON_HOME in admin_client.get(HOME).content.decode()) is to_see
    page = admin_client.get(reverse("admin:outcomes_followup_change", args=[followup.pk])).content.decode()
    assert ("Mark as seen" in page) is to_see
    assert (": not marked as seen</td>" in admin_client.get(LIST).content.decode()) is to_see


def test_a_follow_up_not_answered_is_not_to_see(sent, admin_client):
    assert not FollowUp.objects.to_see().exists() and ON_HOME not in admin_client.get(HOME).content.decode()


def test_the_homes_link_lists_them_and_mark_as_seen_takes_it_off(sent, client, admin_client):
    followup = answered(client, sent, -2)
    home = admin_client.get(HOME).content.decode()
    assert f'<a href="{LIST}?to_see=yes"><strong>1</strong> {ON_HOME}</a>' in home
    assert [f.pk for f in admin_client.get(f"{LIST}?to_see=yes").context["cl"].result_list] == [followup.pk]

    response = admin_client.post(seen_url(followup), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:outcomes_followup_change", args=[followup.pk])
    assert f"Marked as seen: {followup}." in response.content.decode()
    assert "Mark as seen" not in response.content.decode()
    followup.refresh_from_db()
    assert followup.seen_at == timezone.now() and not followup.to_see
    assert ON_HOME not in admin_client.get(HOME).content.decode()
    assert list(admin_client.get(f"{LIST}?to_see=yes").context["cl"].result_list) == []

    admin_client.post(seen_url(followup))  # a second tap (another tab): the first time stands
    assert FollowUp.objects.get(pk=followup.pk).seen_at == followup.seen_at
    from django.contrib.admin.models import LogEntry

    (entry,) = LogEntry.objects.all()
    assert (entry.object_id, entry.get_change_message()) == (str(followup.pk), "Marked as seen")


def test_marked_as_seen_from_the_filtered_list_goes_back_to_it_for_the_next(sent, client, admin_client):
    followup = answered(client, sent, -3)
    opened = reverse("admin:outcomes_followup_change", args=[followup.pk]) + "?_changelist_filters=to_see%3Dyes"
    page = admin_client.get(opened).content.decode()
    assert f'action="{seen_url(followup)}?_changelist_filters=to_see%3Dyes"' in page
    response = admin_client.post(f"{seen_url(followup)}?_changelist_filters=to_see%3Dyes")
    assert response["Location"] == f"{LIST}?to_see=yes"


def test_the_box_names_the_patient_and_how_to_reach_them_and_the_list_names_them(sent, client, admin_client):
    followup = answered(client, sent, -2)
    appointment = followup.appointment
    page = admin_client.get(reverse("admin:outcomes_followup_change", args=[followup.pk])).content.decode()
    assert f"Contact {appointment.patient_name} if you need to" in page
    assert f'href="mailto:{appointment.email}"' in page
    listing = admin_client.get(LIST).content.decode()
    assert f">{appointment.patient_name}</a>" in listing


def test_marking_as_seen_is_post_only_for_a_follow_up_that_exists(sent, client, admin_client):
    followup = answered(client, sent, -3)
    assert admin_client.get(seen_url(followup)).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    missing = reverse("admin:outcomes_followup_seen", args=[followup.pk + 100])
    assert admin_client.post(missing).status_code == HTTPStatus.NOT_FOUND
    assert FollowUp.objects.get(pk=followup.pk).to_see


def test_a_follow_up_not_answered_cannot_be_marked_seen(sent, admin_client):
    admin_client.post(seen_url(sent))
    assert FollowUp.objects.get(pk=sent.pk).seen_at is None


def test_someone_who_may_only_view_follow_ups_sees_the_answer_but_cannot_mark_it(sent, client, django_user_model):
    followup = answered(client, sent, -2)
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_followup"))
    client.force_login(viewer)
    page = client.get(reverse("admin:outcomes_followup_change", args=[followup.pk])).content.decode()
    assert "This answer needs your attention" in page and "Mark as seen" not in page and "then:" not in page
    assert client.post(seen_url(followup)).status_code == HTTPStatus.FORBIDDEN
    assert FollowUp.objects.get(pk=followup.pk).to_see


def test_someone_without_follow_ups_is_not_told_of_them(sent, client, django_user_model):
    answered(client, sent, -2)
    helper = django_user_model.objects.create_user("helper", password="x", is_staff=True)
    helper.user_permissions.add(Permission.objects.get(codename="view_appointment"))
    client.force_login(helper)
    assert ON_HOME not in client.get(HOME).content.decode()


def test_the_database_refuses_seen_before_answered(sent):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.filter(pk=sent.pk).update(seen_at=timezone.now())


def test_the_follow_ups_list_finds_a_patient_by_name(sent, admin_client):
    listed = admin_client.get(LIST, {"q": sent.appointment.patient_name.split()[0]}).context["cl"].result_list
    assert sent in listed
    assert not admin_client.get(LIST, {"q": "Nobody-by-this-name"}).context["cl"].result_list
