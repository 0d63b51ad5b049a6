"""An outbound email's admin page reads as the email does: the HTML part in a sandboxed frame served with a policy of
its own, the text part wrapped, the kind in words, who a reply reaches, and a next attempt only while one is due.
The list says the kind in words too; the page fits a phone (in a real browser, with axe)."""

import datetime as dt
import re
from http import HTTPStatus

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from bookings import emails
from bookings.models import OutboundEmail
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import NOW
from core.tests.html import elements

pytestmark = pytest.mark.django_db

LONG_LINK = "https://restore.example/book/manage/" + "eyJhIjoxLCJyIjoiUlNULVk3Rkt" * 6 + "/"
STATES = ["waiting", "retrying", "sent", "gave-up"]


def outbound(state="waiting", kind="new_request", **fields):
    """An email as it stands in `state`; its text part has a link far wider than a phone."""
    fields = {"to": "stephen@example.com", **fields}
    email = OutboundEmail.objects.create(
        kind=kind,
        subject="Ann Runner has asked for Initial assessment on Monday 30 November, 09:00",
        body_text=f"Confirm or decline it in admin:\n{LONG_LINK}\n<not markup>\n",
        body_html='<!doctype html><p style="color:#0b5563">Hello <strong>Ann</strong></p><script>alert(1)</script>',
        next_attempt_at=NOW + dt.timedelta(minutes=4),
        **fields,
    )
    if state == "sent":
        email.sent_at, email.attempts = NOW, 1
    elif state == "retrying":
        email.attempts, email.last_error = 2, "SMTPServerDisconnected: Connection unexpectedly closed"
    elif state == "gave-up":
        email.attempts, email.last_error = OutboundEmail.MAX_ATTEMPTS, "SMTPRecipientsRefused: no such user"
    email.save()
    return email


def fields_shown(html):
    """The page's read-only fields, in order: {name: the text shown}."""
    shown = {}
    for row in elements(html, "div", **{"class": True}):
        classes = dict(row.attributes)["class"].split()
        if "form-row" in classes:
            (name,) = [c.removeprefix("field-") for c in classes if c.startswith("field-")]
            (value,) = elements(str(row), "div", **{"class": "readonly"})
            shown[name] = " ".join(str(child) for child in value.children).strip()
    return shown


def change_page(client, email):
    return client.get(reverse("admin:bookings_outboundemail_change", args=[email.pk])).content.decode()


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


class TestThePage:
    def test_the_html_part_is_in_a_frame_that_runs_nothing_and_the_text_part_is_shown_escaped(self, admin_client):
        email = outbound()
        page = change_page(admin_client, email)
        (frame,) = elements(page, "iframe")
        assert dict(frame.attributes)["sandbox"] == ""  # sandbox="": no script, form, popup or navigation
        assert dict(frame.attributes)["src"] == reverse("admin:bookings_outboundemail_preview", args=[email.pk])
        assert "srcdoc" not in dict(frame.attributes) and dict(frame.attributes)["title"]
        assert "<script>alert(1)</script>" not in page  # the HTML part is not in the page itself
        (text,) = elements(page, "pre", **{"class": "email-text"})
        assert text.children == [" ".join(email.body_text.split())]  # (parse_html folds the white space)
        assert "&lt;not markup&gt;" in page  # escaped: the text part is text

    @pytest.mark.parametrize("state", STATES)
    def test_subject_to_reply_to_kind_status_and_attempts_in_every_state(self, admin_client, state):
        email = outbound(state)
        page = change_page(admin_client, email)
        shown = fields_shown(page)
        assert list(shown)[:6] == ["subject", "to", "reply_to", "kind_in_words", "status", "attempts"]
        assert shown["subject"] == email.subject and shown["to"] == "stephen@example.com"
        assert shown["kind_in_words"] == "New booking request (to you)" and ">new_request<" not in page
        status = {
            "waiting": "Waiting to be sent",
            "retrying": "Not sent yet: the last attempt failed and it will be tried again",
            "sent": "Sent",
            "gave-up": "Not sent: gave up after 8 attempts",
        }[state]
        assert shown["status"] == status and shown["attempts"] == str(email.attempts)
        assert f"New booking request (to you) to stephen@example.com: {status.lower()}" in page  # the heading

    @pytest.mark.parametrize("state", STATES)
    def test_a_next_attempt_is_shown_only_while_the_email_waits_to_be_sent(self, admin_client, state):
        shown = fields_shown(change_page(admin_client, outbound(state)))
        assert ("next_attempt_at" in shown) == (state in {"waiting", "retrying"})
        assert "sent_at" in shown  # (the page's other times stay)

    def test_the_reply_to_is_the_patient_on_the_clinics_own_emails_and_the_clinician_on_the_patients(
        self, admin_client
    ):
        appointment = AppointmentFactory(email="ann@example.com")
        to_clinic = outbound(kind="new_request", appointment=appointment)
        to_patient = outbound(kind="confirmed", appointment=appointment, to="ann@example.com")
        assert fields_shown(change_page(admin_client, to_clinic))["reply_to"] == "ann@example.com"
        clinician = emails.reply_to(to_patient)
        assert clinician != "ann@example.com"
        assert fields_shown(change_page(admin_client, to_patient))["reply_to"] == clinician
        phoned = AppointmentFactory(email="", phone="07700 900999", start=appointment.start + dt.timedelta(days=1))
        # (about a patient without email: a reply reaches the clinician)
        assert emails.reply_to(outbound(kind="new_request", appointment=phoned)) == clinician


def test_every_kind_of_email_has_its_words():
    assert set(emails.KIND_LABELS) == set(emails.KINDS) | set(emails.WAITLIST_KINDS) | set(emails.CONTACT_KINDS)
    assert len(set(emails.KIND_LABELS.values())) == len(emails.KIND_LABELS)  # no two kinds read the same


def test_the_list_says_each_kind_in_words_and_filters_by_kind_and_status(admin_client):
    outbound("sent", kind="confirmed")
    outbound("waiting", kind="waitlist_offer")
    outbound("gave-up", kind="reminder")
    url = reverse("admin:bookings_outboundemail_changelist")
    page = admin_client.get(url).content.decode()
    for words in ["Appointment confirmed", "Waitlist: a time has come free", "Appointment reminder"]:
        assert f'<td class="field-kind_in_words">{words}</td>' in page
    assert ">waitlist_offer<" not in page
    kinds = {"sent": ["confirmed"], "waiting": ["waitlist_offer"], "gave_up": ["reminder"]}
    for status, expected in kinds.items():
        listed = admin_client.get(url, {"status": status}).context["cl"].result_list
        assert [email.kind for email in listed] == expected
    listed = admin_client.get(url, {"kind": "reminder"}).context["cl"].result_list
    assert [email.kind for email in listed] == ["reminder"]


class TestThePreview:
    def test_it_is_the_html_part_under_a_policy_that_runs_nothing_and_lets_only_the_admin_frame_it(self, admin_client):
        email = outbound()
        response = admin_client.get(reverse("admin:bookings_outboundemail_preview", args=[email.pk]))
        assert response.status_code == HTTPStatus.OK and response.content.decode() == email.body_html
        assert response["Content-Type"] == "text/html; charset=utf-8"
        policy = {part.strip().split(" ")[0]: part.strip() for part in response["Content-Security-Policy"].split(";")}
        assert policy["default-src"] == "default-src 'none'" and "script-src" not in policy  # no script at all
        assert policy["sandbox"] == "sandbox" and policy["frame-ancestors"] == "frame-ancestors 'self'"
        assert policy["style-src"] == "style-src 'unsafe-inline'"  # an email's styles are inline
        assert response["X-Frame-Options"] == "SAMEORIGIN"

    def test_it_needs_permission_to_view_emails(self, client, django_user_model):
        email = outbound()
        url = reverse("admin:bookings_outboundemail_preview", args=[email.pk])
        assert client.get(url).status_code == HTTPStatus.FOUND  # to the login
        user = django_user_model.objects.create_user("locum", "l@example.com", "x", is_staff=True)
        client.force_login(user)
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN
        user.user_permissions.add(Permission.objects.get(codename="view_outboundemail"))
        client.force_login(django_user_model.objects.get(pk=user.pk))
        assert client.get(url).status_code == HTTPStatus.OK

    def test_an_unknown_email_is_not_found(self, admin_client):
        url = reverse("admin:bookings_outboundemail_preview", args=[404])
        assert admin_client.get(url).status_code == HTTPStatus.NOT_FOUND


# --- In a browser ---------------------------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_a_sent_and_a_waiting_email_fit_the_page_show_their_html_and_pass_axe(
    live, browser, django_user_model, axe_violations, width
):
    django_user_model.objects.create_superuser("stephen.admin", "s@example.com", "a-long-test-password-42")
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(live.url + reverse("admin:login"))
    page.fill("#id_username", "stephen.admin")
    page.fill("#id_password", "a-long-test-password-42")
    page.click("input[type=submit]")
    for state in ["sent", "waiting"]:
        email = outbound(state)
        page.goto(live.url + reverse("admin:bookings_outboundemail_change", args=[email.pk]))
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # the long link wraps
        frame = page.frame_locator("iframe.email-html")
        assert frame.locator("strong").inner_text() == "Ann"
        assert page.locator("pre.email-text").evaluate("e => e.scrollWidth <= e.clientWidth")
        assert axe_violations(page) == []
    context.close()


def test_the_outbox_list_has_four_columns_that_fit_a_phone(admin_client):
    """When, what, to whom and how it went; the subject and the last error are on the email's page."""
    OutboundEmail.objects.create(kind="confirmed", to="a@example.com", subject="Your appointment", body_text="t",
                                 body_html="h", attempts=OutboundEmail.MAX_ATTEMPTS, last_error="refused")  # fmt: skip
    page = admin_client.get(reverse("admin:bookings_outboundemail_changelist")).content.decode()
    columns = re.findall(r'<th scope="col" class="(?:sortable )?column-(\w+)', page)
    assert columns == ["created_at", "kind_in_words", "to", "status"]
    assert f"gave up after {OutboundEmail.MAX_ATTEMPTS} attempts" in page
