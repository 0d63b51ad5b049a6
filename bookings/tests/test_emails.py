"""Emails through the outbox: what each says (and never says), its calendar file, retries."""

import datetime as dt
from http import HTTPStatus
from io import StringIO
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from bookings import booking, emails, links, workflow
from bookings.booking import PatientDetails, request_appointment
from bookings.models import Appointment, OutboundEmail, Service
from bookings.tests.factories import AppointmentFactory
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
    assert "Monday 30 November, 09:00" in patient.subject and "Nothing is confirmed yet" in patient.body
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
    assert event["DTSTART"].to_ical() == b"20261130T090000Z"  # UTC: no time-zone block for a client to misread
    assert "The Transform Hub" in str(event["LOCATION"])
    assert not calendar.walk("VTIMEZONE")

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


# --- Which emails each event sends: `emails.EVENTS` -------------------------------------------------------------


def kinds_queued_by(action):
    before = set(OutboundEmail.objects.values_list("pk", flat=True))
    action()
    return list(OutboundEmail.objects.exclude(pk__in=before).order_by("pk").values_list("kind", flat=True))


def test_every_event_is_one_the_code_makes_and_names_emails_that_exist():
    sources = {source.event for source in (booking.ONLINE, booking.WAITLIST, booking.WAITLIST_CONFIRMED)}
    made = sources | set(booking.CLINIC_ADDED.values()) | set(workflow.TRANSITIONS) | {"move", "patient_move"}
    assert set(emails.EVENTS) == made
    assert {kind for kinds in emails.EVENTS.values() for kind in kinds} <= set(emails.KINDS)


def test_who_hears_of_what():
    """The patient hears of every change to their appointment but the clinician's record of the visit; the
    clinician hears of what a patient did: a request, a claim from the waitlist, a cancellation, a move."""
    heard = {event: {emails.KINDS[kind][1] for kind in kinds} for event, kinds in emails.EVENTS.items()}
    assert {event for event, who in heard.items() if "clinic" in who} == {
        "requested_online", "claimed_from_waitlist", "claimed_and_confirmed", "patient_cancel", "patient_move",
    }  # fmt: skip
    assert {event for event, who in heard.items() if "patient" not in who} == {"complete", "no_show"}
    reachable, phone_only = SimpleNamespace(email="pat@example.com"), SimpleNamespace(email="")
    assert all(emails.tells_patient(event, reachable) == ("patient" in who) for event, who in heard.items())
    assert not any(emails.tells_patient(event, phone_only) for event in heard)  # booked by phone, no address


@pytest.mark.parametrize("name", list(workflow.TRANSITIONS))
def test_a_status_change_queues_exactly_its_events_emails(db, clock, name):
    transition = workflow.TRANSITIONS[name]
    seen = transition.from_statuses[0]
    appointment = AppointmentFactory(service=Service.objects.get(slug="follow-up"), start=MONDAY_9, status=seen)
    queued = kinds_queued_by(lambda: workflow.apply(name, appointment.pk, seen_status=seen, message="Sorry."))
    assert queued == list(emails.EVENTS[name])


def new_appointment(how):
    """A new appointment made the way `how` names: a patient's request from `booking.Source`, or the clinician's."""
    service = Service.objects.get(slug="follow-up")
    sources = {source.event: source for source in (booking.ONLINE, booking.WAITLIST, booking.WAITLIST_CONFIRMED)}
    if how in sources:
        patient = PatientDetails("Ann", "ann@example.com", "07700 900123", "knee", "")
        return request_appointment(service, MONDAY_9, patient, NOW, source=sources[how])
    status = {event: status for status, event in booking.CLINIC_ADDED.items()}[how]
    added = Appointment(service=service, start=MONDAY_9, status=status, patient_name="Bo", email="bo@example.com")
    return booking.add_by_clinic(added, NOW, user=None)


@pytest.mark.parametrize(
    "how", ["requested_online", "claimed_from_waitlist", "claimed_and_confirmed", "added_requested", "added_confirmed"]
)
def test_a_new_appointment_queues_exactly_its_events_emails(db, clock, how):
    assert kinds_queued_by(lambda: new_appointment(how)) == list(emails.EVENTS[how])


def test_a_move_queues_exactly_its_events_emails(db, clock):
    appointment = AppointmentFactory(service=Service.objects.get(slug="follow-up"), start=MONDAY_9)
    queued = kinds_queued_by(lambda: booking.move(appointment, MONDAY_9 + dt.timedelta(hours=2), now=NOW))
    assert queued == list(emails.EVENTS["move"])


def test_added_in_a_status_that_holds_no_time_tells_no_one(db, clock):
    service = Service.objects.get(slug="follow-up")
    past = Appointment(service=service, start=MONDAY_9, status=S.COMPLETED, patient_name="Bo", email="bo@example.com")
    assert kinds_queued_by(lambda: booking.add_by_clinic(past, NOW, user=None)) == []


# --- What the clinic hears, and what it says ---------------------------------------------------------------------


def confirmed_appointment(requested, capture):
    with capture(execute=True):
        appointment = workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED)
    mail.outbox.clear()
    return appointment


def test_a_patients_move_emails_the_clinician_the_old_and_new_time_and_how_to_reach_them(
    requested, client, django_capture_on_commit_callbacks
):
    appointment = confirmed_appointment(requested, django_capture_on_commit_callbacks)
    url = reverse("bookings:manage_move", args=[links.manage_token(appointment)])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"slot": "2026-11-30T11:00:00Z", "confirm": "1"})
    clinic = next(m for m in mail.outbox if m.to == ["stephen.lunt@restoresportsinjury.co.uk"])
    assert clinic.subject == "Ann Runner has moved their appointment to Monday 30 November, 11:00"
    for part in (clinic.body, clinic.alternatives[0].content):
        assert "Monday 30 November 2026 at 09:00" in part and "Monday 30 November 2026 at 11:00" in part
        assert "ann@example.com" in part and "07700 900123" in part
        assert SECRET_NOTE not in part
    assert clinic.reply_to == ["ann@example.com"]
    patient = next(m for m in mail.outbox if m.to == ["ann@example.com"])
    assert patient.reply_to == ["stephen.lunt@restoresportsinjury.co.uk"]
    assert "It was Monday 30 November 2026 at 09:00" in patient.body


def test_the_clinicians_reason_for_a_move_reaches_the_patient(
    requested, admin_client, django_capture_on_commit_callbacks
):
    appointment = confirmed_appointment(requested, django_capture_on_commit_callbacks)
    url = reverse("admin:bookings_appointment_move", args=[appointment.pk])
    assert 'name="message"' in admin_client.get(url, {"date": "2026-12-01"}).content.decode()
    reason = "Sorry, I’m at a course that morning."
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"date": "2026-12-01", "slot": "2026-12-01T10:00:00Z", "message": reason})
    (message,) = mail.outbox
    assert reason in message.body and reason in message.alternatives[0].content
    assert reason in appointment.events.order_by("pk").last().note


def test_the_appointment_page_asks_for_a_reason_to_cancel_and_it_reaches_the_patient(
    requested, admin_client, django_capture_on_commit_callbacks
):
    appointment = confirmed_appointment(requested, django_capture_on_commit_callbacks)
    page = admin_client.get(reverse("admin:bookings_appointment_change", args=[appointment.pk])).content.decode()
    assert ">Cancel appointment…</button>" in page
    url = reverse("admin:bookings_appointment_decide", args=[appointment.pk])
    step = admin_client.post(url, {"decision": "cancel", "seen_status": S.CONFIRMED}).content.decode()
    assert 'id="decision-message"' in step and "Why, for the patient" in step
    reason = "The clinic is closed for a family emergency."
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"decision": "cancel", "seen_status": S.CONFIRMED, "message": reason, "sure": "1"})
    (message,) = mail.outbox
    assert reason in message.body and reason in message.alternatives[0].content


def test_a_decline_offers_the_next_free_times_and_the_waitlist(requested, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply("decline", requested.pk, seen_status=S.REQUESTED)
    (message,) = mail.outbox
    html = message.alternatives[0].content
    # The soonest the rules allow (12 hours' notice from Friday noon), one a day, never the time declined.
    for time in ["Saturday 21 November at 07:00", "Monday 23 November at 07:00", "Tuesday 24 November at 07:00"]:
        assert time in message.body and time in html
    assert "Monday 30 November at 09:00</li>" not in html
    assert f'<span style="white-space:nowrap;">{requested.reference}</span>' in html  # not split at its hyphen
    waitlist_url = f"{reverse('bookings:waitlist')}?service=initial-assessment"
    assert waitlist_url in message.body and waitlist_url.replace("&", "&amp;") in html
    assert message.subject == "We can’t offer you Monday 30 November, 09:00: please choose another time"


# --- A move that changes nothing ----------------------------------------------------------------------------------


def whole(appointment):
    return Appointment.objects.filter(pk=appointment.pk).values().get()


def test_a_move_to_the_same_time_and_service_changes_nothing_and_emails_no_one(requested, clock):
    before, emails_before = whole(requested), OutboundEmail.objects.count()
    with pytest.raises(booking.Unchanged):
        booking.move(requested, requested.start, now=NOW)
    assert whole(requested) == before and OutboundEmail.objects.count() == emails_before
    assert requested.events.count() == 1


def test_the_patients_move_page_says_so_when_the_time_chosen_is_the_one_they_have(
    requested, client, django_capture_on_commit_callbacks
):
    before = whole(requested)
    url = reverse("bookings:manage_move", args=[links.manage_token(requested)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"slot": "2026-11-30T09:00:00Z"}, follow=True)
    assert "That is the time you already have, so nothing has changed." in response.content.decode()
    assert whole(requested) == before and mail.outbox == []


def test_the_clinicians_move_page_says_so_when_the_time_chosen_is_the_one_it_has(
    requested, admin_client, django_capture_on_commit_callbacks
):
    before = whole(requested)
    url = reverse("admin:bookings_appointment_move", args=[requested.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"date": "2026-11-30", "slot": "2026-11-30T09:00:00Z"}, follow=True)
    assert "nothing was changed and nobody was emailed" in response.content.decode()
    assert whole(requested) == before and mail.outbox == []


def test_changing_only_the_service_says_it_changed_not_that_it_moved(requested, django_capture_on_commit_callbacks):
    appointment = confirmed_appointment(requested, django_capture_on_commit_callbacks)
    follow_up = Service.objects.get(slug="follow-up")
    with django_capture_on_commit_callbacks(execute=True):
        booking.move(appointment, appointment.start, now=NOW, service=follow_up, enforce_notice=False)
    (message,) = mail.outbox
    assert message.subject == "Your appointment on Monday 30 November, 09:00 has changed"
    assert "moved" not in message.body and "at the same time" in message.body


def test_emails_come_from_the_sites_own_address_with_replies_to_the_clinician(
    requested, settings, django_capture_on_commit_callbacks
):
    """The sender is an address for the site (SPF, DKIM and DMARC vouch for it: docs/deploy.md), not the
    clinician's mailbox; a reply reaches the clinician; auto-responders stay silent."""
    assert settings.DEFAULT_FROM_EMAIL == "Restore Sports Injury <bookings@restoresportsinjury.co.uk>"
    confirmed_appointment(requested, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply("cancel", requested.pk, seen_status=S.CONFIRMED)
    (message,) = mail.outbox
    sent = message.message()
    assert sent["From"] == "Restore Sports Injury <bookings@restoresportsinjury.co.uk>"
    assert sent["Reply-To"] == "stephen.lunt@restoresportsinjury.co.uk"
    assert sent["Auto-Submitted"] == "auto-generated"
    assert sent["Message-ID"].endswith("@127.0.0.1>")  # the domain of SITE_URL


def test_a_decline_with_no_free_time_says_so_and_still_offers_the_waitlist(
    requested, django_capture_on_commit_callbacks
):
    with (
        mock.patch("bookings.availability.soonest_free", return_value=[]),
        django_capture_on_commit_callbacks(execute=True),
    ):
        workflow.apply("decline", requested.pk, seen_status=S.REQUESTED)
    (message,) = mail.outbox
    assert "There are no free times for Initial assessment online at the moment." in message.body
    assert "None of these suit" not in message.body and "Join the waitlist" in message.body


def test_an_email_kind_is_registered_once_and_never_redefined():
    """Apps that build on bookings add their kinds from ready(): registering again is harmless, a clash is not."""
    from bookings import emails

    subject, recipient, method = emails.KINDS["programme_given"]
    same = {"subject": subject, "recipient": recipient, "label": emails.KIND_LABELS["programme_given"],
            "template_dir": emails.TEMPLATE_DIRS["programme_given"]}  # fmt: skip
    emails.register_kind("programme_given", **same)
    assert emails.KINDS["programme_given"] == (subject, recipient, method)
    with pytest.raises(ValueError, match="already registered differently"):
        emails.register_kind("programme_given", **{**same, "recipient": "clinic"})
    with pytest.raises(ValueError, match="recipient must be"):
        emails.register_kind("some_new_kind", **{**same, "recipient": "everyone"})
    assert "some_new_kind" not in emails.KINDS
