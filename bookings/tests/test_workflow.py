"""The clinician's side: status changes, emails with calendar files, manage links, reminders, purge."""

import datetime as dt
import threading
from http import HTTPStatus
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from icalendar import Calendar

from bookings import links, workflow
from bookings.booking import PatientDetails, request_appointment
from bookings.models import Appointment, AppointmentEvent, BookingRules, OutboundEmail, Service
from bookings.tests.factories import AppointmentFactory

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
S = Appointment.Status
SECRET_NOTE = "left knee swollen after the marathon"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def requested(db, clock, django_capture_on_commit_callbacks):
    service = Service.objects.get(slug="initial-assessment")
    with django_capture_on_commit_callbacks(execute=True):
        appointment = request_appointment(
            service,
            MONDAY_9,
            PatientDetails("Ann Runner", "ann@example.com", "07700 900123", "knee", SECRET_NOTE, "2026-11-24"),
            NOW,
        )
    mail.outbox.clear()
    return appointment


def calendar_of(message):
    ics = next(content for name, content, mimetype in message.attachments if name.endswith(".ics"))
    return Calendar.from_ical(ics)


def event_of(calendar):
    return next(iter(calendar.walk("VEVENT")))


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


def test_a_status_change_is_a_compare_and_set(requested):
    assert workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED)
    # An admin page loaded before the confirmation still believes it is requested:
    assert workflow.apply("decline", requested.pk, seen_status=S.REQUESTED) is None
    assert Appointment.objects.get(pk=requested.pk).status == S.CONFIRMED
    assert workflow.apply("complete", requested.pk, seen_status=S.REQUESTED) is None


def test_every_change_is_recorded_with_who_and_from_to(requested, admin_user):
    workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED, user=admin_user)
    events = list(AppointmentEvent.objects.filter(appointment=requested).order_by("at", "id"))
    assert [(e.actor_label, e.from_status, e.to_status) for e in events] == [
        ("patient", "", S.REQUESTED),
        (admin_user.get_username(), S.REQUESTED, S.CONFIRMED),
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_actions_on_one_appointment_change_it_once(seeded):
    appointment = AppointmentFactory(service=Service.objects.get(slug="follow-up"), start=MONDAY_9)
    barrier = threading.Barrier(6)
    results = []

    def act(name):
        barrier.wait()
        try:
            results.append(workflow.apply(name, appointment.pk, seen_status=S.REQUESTED) is not None)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(n,)) for n in ["confirm", "decline", "cancel"] * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False] * 5 + [True]
    assert AppointmentEvent.objects.filter(appointment=appointment).count() == 1


class TestAdminWorkflow:
    def test_clinician_confirms_from_the_list_and_the_patient_is_emailed(
        self, requested, admin_client, django_capture_on_commit_callbacks
    ):
        url = reverse("admin:bookings_appointment_changelist")
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, {"action": "confirm", "_selected_action": [requested.pk]}, follow=True)
        assert "Done: confirm for 1 appointment(s)." in response.content.decode()
        assert mail.outbox[0].to == ["ann@example.com"] and "confirmed" in mail.outbox[0].subject

    def test_an_action_on_an_appointment_that_changed_says_so(self, requested, admin_client):
        Appointment.objects.filter(pk=requested.pk).update(status=S.CANCELLED_BY_PATIENT)
        url = reverse("admin:bookings_appointment_changelist")
        response = admin_client.post(url, {"action": "confirm", "_selected_action": [requested.pk]}, follow=True)
        assert f"Nothing done for {requested.reference}" in response.content.decode()
        assert Appointment.objects.get(pk=requested.pk).status == S.CANCELLED_BY_PATIENT

    def test_declining_asks_for_an_optional_message_and_sends_it(
        self, requested, admin_client, django_capture_on_commit_callbacks
    ):
        url = reverse("admin:bookings_appointment_changelist")
        page = admin_client.post(url, {"action": "decline", "_selected_action": [requested.pk]})
        assert "Message to the patient" in page.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(
                url,
                {"action": "decline", "apply": "1", "_selected_action": [requested.pk], "message": "Try Tuesday?"},
            )
        assert Appointment.objects.get(pk=requested.pk).status == S.DECLINED
        assert "Try Tuesday?" in mail.outbox[0].body

    def test_moving_in_admin_emails_a_rescheduled_calendar_file(
        self, requested, admin_client, django_capture_on_commit_callbacks
    ):
        url = reverse("admin:bookings_appointment_change", args=[requested.pk])
        data = {
            "service": requested.service.pk,
            "start_0": "01/12/2026",
            "start_1": "10:00",
            "patient_name": requested.patient_name,
            "email": requested.email,
            "phone": requested.phone,
            "concern": requested.concern,
            "notes": requested.notes,
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "1",
            "events-MIN_NUM_FORMS": "0",
            "events-MAX_NUM_FORMS": "1000",
            "events-0-id": AppointmentEvent.objects.get(appointment=requested).pk,
            "events-0-appointment": requested.pk,
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, data)
        assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
        moved = Appointment.objects.get(pk=requested.pk)
        assert moved.start == dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC) and moved.sequence == 1
        assert "has moved" in mail.outbox[0].subject
        assert event_of(calendar_of(mail.outbox[0]))["SEQUENCE"] == 1

    def test_diary_report_and_csv(self, requested, admin_client):
        diary = admin_client.get(reverse("admin:bookings_appointment_diary"), {"week": "2026-11-30"})
        html = diary.content.decode()
        assert "Monday 30 November" in html and "Ann Runner" in html and "09:00–10:00" in html
        assert "Open 07:00–19:00" in html
        assert admin_client.get(reverse("admin:bookings_appointment_diary"), {"day": "2026-11-29"}).status_code == 200
        report = admin_client.get(reverse("admin:bookings_appointment_report")).content.decode()
        assert "Diary fill" in report
        response = admin_client.post(
            reverse("admin:bookings_appointment_changelist"),
            {"action": "export_csv", "_selected_action": [requested.pk]},
        )
        assert response["Content-Type"].startswith("text/csv")
        assert requested.reference in response.content.decode() and "Ann Runner" in response.content.decode()

    def test_subject_access_export_has_everything_for_one_email(self, requested, admin_client):
        AppointmentFactory(email="someone.else@example.com", start=MONDAY_9 + dt.timedelta(hours=3))
        response = admin_client.post(reverse("admin:bookings_appointment_subject_access"), {"email": "ANN@example.com"})
        data = response.json()
        assert [a["reference"] for a in data["appointments"]] == [requested.reference]
        assert data["appointments"][0]["notes"] == SECRET_NOTE
        assert {e["kind"] for e in data["emails"]} == {"request_received"}


class TestManageLink:
    def url(self, appointment, name="bookings:manage"):
        return reverse(name, args=[links.manage_token(appointment)])

    def test_opening_the_link_shows_the_appointment_and_changes_nothing(self, requested, client):
        before = (Appointment.objects.get(pk=requested.pk).status, OutboundEmail.objects.count())
        response = client.get(self.url(requested))
        assert response.status_code == HTTPStatus.OK
        assert requested.reference in response.content.decode()
        assert "Cancel this appointment" in response.content.decode()
        assert (Appointment.objects.get(pk=requested.pk).status, OutboundEmail.objects.count()) == before
        assert AppointmentEvent.objects.filter(appointment=requested).count() == 1
        for name in ["bookings:manage_cancel"]:
            assert client.get(self.url(requested, name)).status_code == HTTPStatus.METHOD_NOT_ALLOWED

    @pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "nonsense", lambda t: t + "a"])
    def test_a_tampered_link_shows_no_appointment(self, requested, client, mangle):
        response = client.get(reverse("bookings:manage", args=[mangle(links.manage_token(requested))]))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "This link doesn" in response.content.decode()
        assert requested.reference not in response.content.decode()

    def test_an_expired_link_shows_no_appointment(self, requested, client, clock):
        url = self.url(requested)
        clock.shift(links.MAX_AGE + dt.timedelta(days=1))
        response = client.get(url)
        assert response.status_code == HTTPStatus.NOT_FOUND and requested.reference not in response.content.decode()

    def test_a_link_cannot_be_pointed_at_another_appointment(self, requested, client):
        other = AppointmentFactory(start=MONDAY_9 + dt.timedelta(hours=4))
        from django.core import signing

        forged = signing.dumps({"a": other.pk, "r": requested.reference}, salt=links.SALT, compress=True)
        response = client.get(reverse("bookings:manage", args=[forged]))
        assert response.status_code == HTTPStatus.NOT_FOUND and other.reference not in response.content.decode()

    def test_patient_cancels_in_time_and_both_sides_are_emailed(
        self, requested, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.url(requested, "bookings:manage_cancel"), follow=True)
        assert "Your appointment is cancelled" in response.content.decode()
        assert Appointment.objects.get(pk=requested.pk).status == S.CANCELLED_BY_PATIENT
        kinds = set(OutboundEmail.objects.filter(appointment=requested).values_list("kind", flat=True))
        assert {"cancelled_by_patient", "patient_cancelled"} <= kinds
        assert calendar_of(next(m for m in mail.outbox if m.to == ["ann@example.com"]))["METHOD"] == "CANCEL"

    def test_a_late_cancellation_is_refused_with_the_clinics_details(self, requested, client, clock):
        clock.move_to(MONDAY_9 - dt.timedelta(hours=20))
        response = client.post(self.url(requested, "bookings:manage_cancel"))
        assert response.status_code == HTTPStatus.CONFLICT
        assert "stephen.lunt@restoresportsinjury.co.uk" in response.content.decode()
        assert Appointment.objects.get(pk=requested.pk).status == S.REQUESTED

    def test_reschedule_offers_free_slots_and_moves(self, requested, client, django_capture_on_commit_callbacks):
        AppointmentFactory(start=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC))
        page = client.get(self.url(requested, "bookings:manage_move"), {"date": "2026-12-01"}).content.decode()
        assert "2026-12-01T08:45:00Z" not in page  # its hold would run into the other appointment
        assert "2026-12-01T11:00:00Z" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.url(requested, "bookings:manage_move"), {"slot": "2026-12-01T11:00:00Z"})
        assert response.status_code == HTTPStatus.FOUND
        assert Appointment.objects.get(pk=requested.pk).start == dt.datetime(2026, 12, 1, 11, 0, tzinfo=dt.UTC)
        assert mail.outbox[0].subject.startswith("Your appointment has moved")

    def test_reschedule_refuses_a_taken_time(self, requested, client):
        AppointmentFactory(start=dt.datetime(2026, 12, 1, 11, 0, tzinfo=dt.UTC))
        response = client.post(self.url(requested, "bookings:manage_move"), {"slot": "2026-12-01T11:00:00Z"})
        assert response.status_code == HTTPStatus.OK
        assert "That time isn" in response.content.decode()
        assert Appointment.objects.get(pk=requested.pk).start == MONDAY_9


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


class TestReminders:
    def test_each_confirmed_patient_is_reminded_once(self, requested, clock, django_capture_on_commit_callbacks):
        workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED)
        AppointmentFactory(start=MONDAY_9 + dt.timedelta(hours=3))  # requested, not confirmed: no reminder
        mail.outbox.clear()
        clock.move_to(MONDAY_9 - dt.timedelta(hours=30))
        call_command("send_reminders", stdout=StringIO())
        assert mail.outbox == []  # not yet within 24 hours
        clock.move_to(MONDAY_9 - dt.timedelta(hours=23))
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=StringIO())
            call_command("send_reminders", stdout=StringIO())
        assert [m.subject.split(":")[0] for m in mail.outbox] == ["Reminder"]


class TestCalendarFeed:
    def test_feed_lists_held_appointments_without_notes(self, requested, client):
        AppointmentFactory(start=MONDAY_9 + dt.timedelta(hours=5), status=S.DECLINED, patient_name="Declined Dan")
        token = BookingRules.load().calendar_token
        response = client.get(reverse("bookings:clinic_calendar", args=[token]))
        assert response["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.content)
        summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
        assert summaries == ["Requested: Initial assessment — Ann Runner"]
        assert SECRET_NOTE.encode() not in response.content

    def test_wrong_token_is_404_and_regenerating_retires_the_old_one(self, requested, client, admin_client):
        assert client.get(reverse("bookings:clinic_calendar", args=["guess"])).status_code == HTTPStatus.NOT_FOUND
        old = BookingRules.load().calendar_token
        admin_client.post(
            reverse("admin:bookings_bookingrules_changelist"),
            {"action": "regenerate_calendar_token", "_selected_action": [1]},
        )
        assert client.get(reverse("bookings:clinic_calendar", args=[old])).status_code == HTTPStatus.NOT_FOUND
        new = BookingRules.objects.get().calendar_token
        assert client.get(reverse("bookings:clinic_calendar", args=[new])).status_code == HTTPStatus.OK


class TestPurge:
    def test_purge_anonymises_what_is_past_retention_and_nothing_else(self, requested, clock):
        old_declined = AppointmentFactory(
            start=NOW - dt.timedelta(days=400), status=S.DECLINED, patient_name="Old Declined", notes="private"
        )
        old_visit = AppointmentFactory(start=NOW - dt.timedelta(days=9 * 365), status=S.COMPLETED, patient_name="Old V")
        recent_visit = AppointmentFactory(start=NOW - dt.timedelta(days=30), status=S.COMPLETED, patient_name="Recent")
        OutboundEmail.objects.create(appointment=old_declined, kind="declined", to=old_declined.email, subject="s",
                                     body_text="Old Declined", body_html="Old Declined")  # fmt: skip
        out = StringIO()
        call_command("purge_patient_data", stdout=out)
        assert "2 appointment(s) anonymised" in out.getvalue()
        for appointment in (old_declined, old_visit):
            appointment.refresh_from_db()
            assert appointment.patient_name == "(removed)"
            assert (appointment.email, appointment.phone, appointment.notes) == ("", "", "")
            assert appointment.anonymised_at is not None
            assert not OutboundEmail.objects.filter(appointment=appointment).exists()
        recent_visit.refresh_from_db()
        assert recent_visit.patient_name == "Recent"
        assert Appointment.objects.get(pk=requested.pk).patient_name == "Ann Runner"
        assert not Appointment.objects.filter(patient_name__in=["Old Declined", "Old V"]).exists()
