"""The follow-ups of a visit on its appointment page in admin, for those allowed to see them."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from outcomes import links
from outcomes.models import FollowUp


def test_the_appointment_page_shows_its_follow_ups_and_the_answer(sent, client, admin_client, django_user_model):
    client.post(links.followup_path(sent), {"score_0": "7", "score_1": "9", "change": "2"})
    page = admin_client.get(reverse("admin:bookings_appointment_change", args=[sent.appointment_id]))
    assert page.status_code == HTTPStatus.OK
    text = " ".join(page.content.decode().split())
    assert "First</a>, due 12 Nov 2026: answered 12 Nov 2026 — Running downhill 3 → 7; Kneeling 5 → 9;" in text
    assert "compared with before: better" in text and "Second</a>, due 24 Dec 2026: scheduled" in text

    helper = django_user_model.objects.create_user("helper", password="x", is_staff=True)
    helper.user_permissions.add(Permission.objects.get(codename="view_appointment"))
    client.force_login(helper)
    page = client.get(reverse("admin:bookings_appointment_change", args=[sent.appointment_id]))
    assert page.status_code == HTTPStatus.OK and "followups-title" not in page.content.decode()


def followup_in(state, sent, client):
    """The first follow-up (sent, and answered or stopped), or the second (still scheduled, or cancelled)."""
    from outcomes import scheduling
    from outcomes.tests.conftest import FIRST_DUE, uk

    second = sent.appointment.followups.get(number=2)
    if state == "answered":
        client.post(links.followup_path(sent), {"score_0": "7", "score_1": "9", "change": "2"})
    if state == "stopped":
        scheduling.stop(sent.appointment.email, uk(FIRST_DUE))
    if state == "cancelled":
        FollowUp.objects.filter(pk=second.pk).update(cancelled_at=uk(FIRST_DUE))
    return second if state in ("scheduled", "cancelled") else sent


@pytest.mark.parametrize("state", ["scheduled", "sent", "answered", "stopped", "cancelled"])
def test_a_follow_up_opens_in_admin_in_each_state(sent, client, admin_client, state):
    followup = followup_in(state, sent, client)
    followup.refresh_from_db()
    assert followup.state == state
    for page in ["change", "history"]:
        response = admin_client.get(reverse(f"admin:outcomes_followup_{page}", args=[followup.pk]))
        assert response.status_code == HTTPStatus.OK, page
    listing = admin_client.get(reverse("admin:outcomes_followup_changelist"))
    assert listing.status_code == HTTPStatus.OK and state in listing.content.decode()
    appointment = admin_client.get(reverse("admin:bookings_appointment_change", args=[followup.appointment_id]))
    assert appointment.status_code == HTTPStatus.OK and f": {state}" in appointment.content.decode()


def test_each_follow_up_in_the_list_has_one_named_link_to_its_page(sent, admin_client):
    page = admin_client.get(reverse("admin:outcomes_followup_changelist")).content.decode()
    change = reverse("admin:outcomes_followup_change", args=[sent.pk])
    assert f'<a href="{change}">{sent}</a>' in page
    assert "<a" not in page.split(f'href="{change}"')[1].split("</a>")[0]  # no link inside the row's link


def test_the_list_shows_each_answer_and_filters_the_worse_ones(sent, client, admin_client):
    """The clinician is emailed about "Worse" and "Much worse": the list says which rows they are."""
    client.post(links.followup_path(sent), {"score_0": "2", "score_1": "3", "change": "-2"})
    url = reverse("admin:outcomes_followup_changelist")
    assert '<td class="field-answer">Worse (' in admin_client.get(url).content.decode()
    assert "Worse (" in admin_client.get(url + "?change__exact=-2").content.decode()
    assert "Worse (" not in admin_client.get(url + "?change__exact=2").content.decode()
