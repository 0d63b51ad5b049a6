"""The follow-ups of a visit on its appointment page in admin, for those allowed to see them."""

from http import HTTPStatus

from django.contrib.auth.models import Permission
from django.urls import reverse

from outcomes import links


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
