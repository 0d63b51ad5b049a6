"""The clinician's own admin pages check model permissions, not only staff status: a staff user (a receptionist,
a locum writing articles) sees and changes only what their permissions give, page by page."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from blog.tests.factories import PostFactory
from bookings.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db

# page name, method, the permission it needs
PAGES = [
    ("diary", "get", "view_appointment"),
    ("report", "get", "view_appointment"),
    ("subject_access", "get", "export_subject_access"),
    ("subject_access", "post", "export_subject_access"),
    ("book", "get", "add_appointment"),
    ("move", "get", "change_appointment"),
    ("decide", "post", "change_appointment"),
    ("offer_waitlist", "post", "change_appointment"),
]
CASES = [pytest.param(name, method, perm, id=f"{method}-{name}") for name, method, perm in PAGES]


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_user("locum", "locum@example.com", "x", is_staff=True)
    client.force_login(user)

    def grant(*codenames):
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        client.force_login(django_user_model.objects.get(pk=user.pk))  # a fresh user: no cached permissions

    client.grant = grant
    return client


def url_of(name):
    needs_id = {"move", "decide"}
    args = [AppointmentFactory().pk] if name in needs_id else []
    return reverse(f"admin:bookings_appointment_{name}", args=args)


@pytest.mark.parametrize(("name", "method", "perm"), CASES)
def test_a_staff_user_without_the_permission_is_refused(staff, name, method, perm):
    response = getattr(staff, method)(url_of(name))
    assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(("name", "method", "perm"), CASES)
def test_the_page_opens_with_its_permission(staff, name, method, perm):
    staff.grant(perm)
    response = getattr(staff, method)(url_of(name))
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}


@pytest.mark.parametrize(
    ("perm", "refused"),
    [
        pytest.param("view_appointment", ["book", "subject_access"], id="view-only"),
        pytest.param("change_appointment", ["diary", "book", "subject_access"], id="change-only"),
    ],
)
def test_one_permission_does_not_open_the_others(staff, perm, refused):
    staff.grant(perm)
    for name in refused:
        assert staff.get(url_of(name)).status_code == HTTPStatus.FORBIDDEN, name


def test_the_admin_home_shows_the_day_only_to_who_may_view_appointments(staff):
    AppointmentFactory(patient_name="Private Patient")
    page = staff.get(reverse("admin:index")).content.decode()
    assert "Private Patient" not in page and "requests waiting" not in page and "Today" not in page
    staff.grant("view_appointment")
    page = staff.get(reverse("admin:index")).content.decode()
    assert "Today" in page and "request" in page


def test_previewing_an_article_needs_permission_to_change_it(staff):
    post = PostFactory()
    url = reverse("admin:blog_post_preview", args=[post.pk])
    edits = {"title": "New title", "summary": "Short.", "body": "Words."}
    assert staff.post(url, edits).status_code == HTTPStatus.FORBIDDEN
    staff.grant("change_post")
    assert staff.post(url, edits).status_code == HTTPStatus.OK


@pytest.mark.parametrize("action", ["confirm", "decline", "cancel", "complete", "no_show"])
def test_a_staff_user_who_may_only_view_appointments_cannot_run_a_decision_from_the_list(staff, action):
    appointment = AppointmentFactory()
    staff.grant("view_appointment")
    url = reverse("admin:bookings_appointment_changelist")
    listing = staff.get(url).content.decode()
    assert f'value="{action}"' not in listing and 'value="export_csv"' in listing
    staff.post(url, {"action": action, "_selected_action": [appointment.pk], "apply": "1"})
    appointment.refresh_from_db()
    assert appointment.status == "requested"


def test_a_view_only_user_sees_no_decision_buttons_and_no_links_to_pages_they_cannot_open(staff):
    appointment = AppointmentFactory()
    staff.grant("view_appointment")
    page = staff.get(reverse("admin:bookings_appointment_change", args=[appointment.pk])).content.decode()
    assert "decisions-title" not in page and "Move to another time" not in page
    for url in [reverse("admin:index"), reverse("admin:bookings_appointment_diary") + "?week=2026-11-30"]:
        page = staff.get(url).content.decode()
        assert reverse("admin:bookings_appointment_add") not in page
        assert reverse("admin:bookings_appointment_subject_access") not in page
        assert reverse("admin:bookings_appointment_decide", args=[appointment.pk]) not in page


def test_a_refusal_tells_staff_it_is_a_permission_not_an_expired_session(staff):
    response = staff.get(reverse("admin:bookings_appointment_diary"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    page = response.content.decode()
    assert "doesn’t have the permission" in page and "session may have expired" not in page
