"""Emails through the outbox: what each says (and never says), its calendar file, retries."""

import datetime as dt
from http import HTTPStatus
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from bookings import emails, workflow
from bookings.booking import PatientDetails, request_appointment
from bookings.models import Appointment, OutboundEmail, Service
from bookings.tests.helpers import MONDAY_9, NOW, SECRET_NOTE, S, calendar_of, event_of, walk_to_check
from bookings.tests.smtp import FakeSMTPServer


def test_a_request_emails_the_patient_and_the_clinician_without_health_details(
    db, clock, django_capture_on_commit_callbacks
):
    service = Service.objects.get(slug="initial-assessment")
    with django_capture_on_commit_callbacks(execute=True):
        appointment = request_appointment(
            service, MONDAY_9, PatientDetails("Ann", "ann@example.com", "07700 900123", "knee", SECRET_NOTE, "v"), NOW
        )
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {"ann@example.com", "stephen.lunt@restoresportsinjury.co.uk"}
    patient = to["ann@example.com"]
    assert appointment.reference in patient.subject and "Nothing is confirmed yet" in patient.body
    assert "/book/manage/" in patient.body
    html = patient.alternatives[0].content
    assert "/book/manage/" in html and "Restore" in html
    clinician = to["stephen.lunt@restoresportsinjury.co.uk"]
    assert f"/admin/bookings/appointment/{appointment.pk}/change/" in clinician.body
    for message in mail.outbox:
        for text in (message.body, message.alternatives[0].content, message.subject):
            assert SECRET_NOTE not in text and "Knee" not in text and "knee" not in text.replace("Knutsford", "")
    assert OutboundEmail.objects.filter(sent_at__isnull=False).count() == 2


def test_confirming_sends_a_calendar_request_with_stable_uid_and_sequence(
    requested, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED)
    assert confirmed.status == S.CONFIRMED
    (message,) = mail.outbox
    calendar = calendar_of(message)
    event = event_of(calendar)
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"{requested.reference}@127.0.0.1"
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == MONDAY_9
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert "The Transform Hub" in str(event["LOCATION"])
    assert calendar.walk("VTIMEZONE")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply("cancel", requested.pk, seen_status=S.CONFIRMED)
    cancel = calendar_of(mail.outbox[0])
    assert cancel["METHOD"] == "CANCEL"
    assert str(event_of(cancel)["UID"]) == str(event["UID"]) and event_of(cancel)["SEQUENCE"] == 2
    assert str(event_of(cancel)["STATUS"]) == "CANCELLED"


class TestOutbox:
    def test_a_failed_send_keeps_the_booking_and_is_retried_by_the_command(
        self, db, clock, django_capture_on_commit_callbacks
    ):
        service = Service.objects.get(slug="follow-up")
        with (
            mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")),
            django_capture_on_commit_callbacks(execute=True),
        ):
            appointment = request_appointment(
                service, MONDAY_9, PatientDetails("Bo", "bo@example.com", "07700 900123", "hip", "", "v"), NOW
            )
        assert Appointment.objects.filter(pk=appointment.pk).exists()
        pending = OutboundEmail.objects.filter(sent_at__isnull=True)
        assert pending.count() == 2 and "SMTP down" in pending.first().last_error
        assert mail.outbox == []
        clock.shift(dt.timedelta(minutes=10))
        out = StringIO()
        call_command("send_pending_emails", stdout=out)
        assert "2 sent, 0 failed" in out.getvalue()
        assert len(mail.outbox) == 2
        call_command("send_pending_emails", stdout=StringIO())
        assert len(mail.outbox) == 2  # nothing is sent twice


class TestHealth:
    def test_healthz_reports_the_oldest_waiting_email_and_fails_past_the_limit(
        self, requested, client, clock, settings
    ):
        settings.HEALTHZ_EMAIL_MAX_AGE_MINUTES = 15
        OutboundEmail.objects.update(sent_at=None)  # as if the worker were down
        clock.shift(dt.timedelta(minutes=10))
        fine = client.get(reverse("healthz"))
        assert fine.status_code == HTTPStatus.OK and fine.json()["email"]["oldest_unsent_seconds"] == 600
        clock.shift(dt.timedelta(minutes=6))
        late = client.get(reverse("healthz"))
        assert late.status_code == HTTPStatus.SERVICE_UNAVAILABLE and late.json()["email"]["ok"] is False


class TestBackgroundDelivery:
    """Email goes out from the worker, never from a patient's request."""

    def test_a_mail_server_that_never_answers_delays_no_patient_and_loses_nothing(
        self, seeded, client, clock, settings, task_worker, django_capture_on_commit_callbacks
    ):
        with FakeSMTPServer() as server:
            settings.MAILERS = server.mailer_settings(timeout=1)
            walk_to_check(client)
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(reverse("bookings:check"))
            assert response.status_code == HTTPStatus.FOUND and response["Location"] == reverse("bookings:done")
            assert server.connections == 0  # the request never talked to the mail server
            appointment = Appointment.objects.get()
            assert appointment.emails.filter(sent_at__isnull=True).count() == 2

            task_worker()  # the stalled server times each send out after a second
            assert server.connections >= 1 and server.messages == []
            assert appointment.emails.filter(sent_at__isnull=True, attempts=1).count() == 2

            server.answering = True  # the mail server recovers
            clock.shift(dt.timedelta(minutes=10))  # past the retry backoff
            task_worker()
            call_command("send_pending_emails", stdout=StringIO())
            task_worker()
        recipients = sorted(message["To"] for message in server.messages)
        assert recipients == sorted(["ann@example.com", "stephen.lunt@restoresportsinjury.co.uk"])
        assert not appointment.emails.filter(sent_at__isnull=True).exists()

    def test_two_runs_at_once_report_what_the_other_sent_as_such(self, requested, clock):
        OutboundEmail.objects.update(sent_at=None, next_attempt_at=NOW)
        first_id = OutboundEmail.objects.order_by("pk").first().pk
        emails.send(first_id)  # another run sends one while this run is starting
        with mock.patch("bookings.emails.OutboundEmail.objects.due", return_value=OutboundEmail.objects.all()):
            counts = emails.send_pending(NOW)
        assert counts[emails.Outcome.FAILED] == 0 and counts[emails.Outcome.ELSEWHERE] == 1
