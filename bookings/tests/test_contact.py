"""The contact form: a message stored and emailed to the clinic through the outbox (replying reaches the patient),
bad input answered on the form, bots and floods turned away, and the message deleted after its keeping period."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from bookings import emails, reports, retention
from bookings.models import BookingRules, ContactMessage, OutboundEmail
from bookings.tests.helpers import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

URL = "/contact/message/"
GOOD = {"name": "  Ann   Runner ", "email": "Ann@Example.com", "message": "Do you see patients on Saturdays?"}


def test_the_form_is_reached_from_its_own_address_and_never_cached(client):
    assert reverse("contact_message:write") == URL
    page = client.get(URL)
    assert page.status_code == HTTPStatus.OK and "no-store" in page["Cache-Control"]
    text = page.content.decode()
    assert 'name="message"' in text and "leave out health details" in text and 'class="honeypot"' in text


def test_a_message_is_stored_emailed_to_the_clinic_and_the_patient_sees_where_the_reply_goes(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, GOOD)
    assert response["Location"] == reverse("contact_message:sent")
    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.message) == ("Ann Runner", "ann@example.com", GOOD["message"])
    assert message.received_at == NOW
    (email,) = mail.outbox
    assert email.subject == "Ann Runner has written to you through the website"
    assert email.reply_to == ["ann@example.com"] and GOOD["message"] in email.body
    sent = client.get(response["Location"]).content.decode()
    assert "Message sent" in sent and "ann@example.com" in sent


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "Enter your name."),
        ("email", "not-an-address", "Enter an email address in the correct format"),
        ("message", "", "Write your message."),
        ("message", "x" * 3001, "Keep your message to 3,000 characters or fewer."),
        ("website", "http://spam.example", "This form could not be accepted."),
    ],
    ids=["no-name", "bad-email", "no-message", "too-long", "honeypot"],
)
def test_bad_input_is_answered_on_the_form_and_nothing_is_stored(client, field, value, error):
    response = client.post(URL, {**GOOD, field: value})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY and error in response.content.decode()
    assert not ContactMessage.objects.exists() and not OutboundEmail.objects.exists()


def test_a_flood_from_one_address_is_refused_with_a_clear_page(client, settings):
    settings.BOOKING_LIMIT_PER_EMAIL = 2
    for _ in range(2):
        assert client.post(URL, GOOD).status_code == HTTPStatus.FOUND
    refused = client.post(URL, GOOD)
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS and "Too many messages" in refused.content.decode()
    assert ContactMessage.objects.count() == 2


def test_the_sent_page_without_a_message_goes_back_to_the_form(client):
    assert client.get(reverse("contact_message:sent"))["Location"] == URL


def test_messages_are_deleted_with_their_emails_after_the_keeping_period_and_exported_before(db):
    months = BookingRules.load().retention_unattended_months
    old = ContactMessage.objects.create(name="Old", email="old@example.com", message="Hello", received_at=NOW)
    emails.queue_contact_message(old)
    recent = ContactMessage.objects.create(
        name="New", email="old@example.com", message="Again", received_at=NOW + dt.timedelta(days=31 * months)
    )
    export = reports.subject_access_export("OLD@example.com")["messages_from_the_contact_page"]
    assert [m["message"] for m in export] == ["Hello", "Again"]
    later = NOW + dt.timedelta(days=31 * months + 1)
    assert retention.purge_contact_messages(later) == 1
    assert list(ContactMessage.objects.all()) == [recent] and not OutboundEmail.objects.exists()


def test_the_clinician_reads_messages_in_admin_and_cannot_make_them_up(admin_client):
    message = ContactMessage.objects.create(name="Ann", email="ann@example.com", message="Hi", received_at=NOW)
    assert admin_client.get(reverse("admin:bookings_contactmessage_changelist")).status_code == HTTPStatus.OK
    assert "Hi" in admin_client.get(message.get_absolute_url()).content.decode()
    assert admin_client.get(reverse("admin:bookings_contactmessage_add")).status_code == HTTPStatus.FORBIDDEN
