"""Calendar files and the clinician's private feed."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from bookings import booking, reminders, workflow
from bookings.booking import PatientDetails, request_appointment
from bookings.links import manage_token
from bookings.models import Appointment, BookingRules, Service
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import MONDAY_9, NOW, SECRET_NOTE, S, event_of, walk_to_check


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


# --- What a patient's calendar is sent (RFC 5545 / 5546) ----------------------------------------------------------

SUMMER_9 = dt.datetime(2026, 7, 6, 8, 0, tzinfo=dt.UTC)  # Monday 6 July 2026, 09:00 in London (BST)


def ics_in(message):
    """The calendar in an email, checked to be both a part of the message (as invitations travel) and attached."""
    inline = [alt for alt in message.alternatives if alt.mimetype.startswith("text/calendar")]
    (attached,) = [(content, mimetype) for name, content, mimetype in message.attachments if name.endswith(".ics")]
    assert [alt.content for alt in inline] == [attached[0]]
    assert inline[0].mimetype == attached[1]
    calendar = Calendar.from_ical(attached[0])
    assert inline[0].mimetype == f"text/calendar; method={calendar['METHOD']}; charset=utf-8"
    return calendar


def sent(action, capture):
    mail.outbox.clear()
    with capture(execute=True):
        action()
    return list(mail.outbox)


class TestInvitations:
    def test_requests_and_cancels_name_the_clinic_as_organizer_and_the_patient_as_attendee(
        self, requested, django_capture_on_commit_callbacks
    ):
        capture = django_capture_on_commit_callbacks
        (confirmed,) = sent(lambda: workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED), capture)
        (cancelled,) = sent(lambda: workflow.apply("cancel", requested.pk, seen_status=S.CONFIRMED), capture)
        for message, method in [(confirmed, "REQUEST"), (cancelled, "CANCEL")]:
            calendar = ics_in(message)
            event = event_of(calendar)
            assert calendar["METHOD"] == method
            assert str(event["ORGANIZER"]) == "mailto:stephen.lunt@restoresportsinjury.co.uk"
            attendee = event["ATTENDEE"]
            assert str(attendee) == "mailto:ann@example.com"
            assert (attendee.params["RSVP"], attendee.params["PARTSTAT"]) == ("FALSE", "ACCEPTED")
            assert attendee.params["CN"] == "Ann Runner"

    def test_each_withdrawal_cancels_the_entry_the_provisional_file_made(
        self, db, clock, client, django_capture_on_commit_callbacks
    ):
        """The done page's file (PUBLISH, TENTATIVE) and every later email share one UID, with a rising SEQUENCE:
        a decline, a patient's cancel and a clinic's cancel of a request each remove that entry."""
        for withdraw in ("decline", "patient_cancel", "cancel"):
            walk_to_check(client, slot="2026-11-30T09:00:00Z" if withdraw == "decline" else "2026-11-30T11:00:00Z")
            with django_capture_on_commit_callbacks(execute=True):
                client.post(reverse("bookings:check"))
            appointment = Appointment.objects.latest("created_at")
            download = Calendar.from_ical(client.get(reverse("bookings:done_calendar")).content)
            provisional = event_of(download)
            assert download["METHOD"] == "PUBLISH" and str(provisional["STATUS"]) == "TENTATIVE"
            assert "ATTENDEE" not in provisional  # RFC 5546: a PUBLISH names no attendees
            messages = sent(
                lambda a=appointment, w=withdraw: workflow.apply(w, a.pk, seen_status=S.REQUESTED),
                django_capture_on_commit_callbacks,
            )
            to_patient = [m for m in messages if m.to == [appointment.email]]
            (message,) = to_patient
            cancel = ics_in(message)
            event = event_of(cancel)
            assert cancel["METHOD"] == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
            assert str(event["UID"]) == str(provisional["UID"])
            assert event["SEQUENCE"] == provisional["SEQUENCE"] + 1
            assert "appointment" not in message.subject  # it never was one
            assert withdraw == "decline" or "booking request" in message.body
            assert "takes it out again" in message.body
            Appointment.objects.filter(pk=appointment.pk).delete()

    def test_moving_a_request_keeps_it_tentative_and_says_it_awaits_confirmation(
        self, requested, django_capture_on_commit_callbacks
    ):
        later = MONDAY_9 + dt.timedelta(hours=2)
        messages = sent(lambda: booking.move(requested, later, now=NOW), django_capture_on_commit_callbacks)
        (message,) = messages
        event = event_of(ics_in(message))
        assert str(event["STATUS"]) == "TENTATIVE" and "awaiting confirmation" in str(event["SUMMARY"])
        assert message.subject == "Your booking request has moved to Monday 30 November, 11:00"
        assert "still awaiting confirmation" in message.body and "Your appointment" not in message.body
        assert "It was Monday 30 November 2026 at 09:00" in message.body

    def test_emails_say_calendar_replies_reach_nobody(self, requested, django_capture_on_commit_callbacks):
        capture = django_capture_on_commit_callbacks
        (confirmed,) = sent(lambda: workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED), capture)
        note = "Accepting or declining in your calendar app doesn’t reach the clinic"
        assert note in confirmed.body and note in confirmed.alternatives[0].content
        assert "accepting or declining in your calendar doesn’t reach the clinic" in str(
            event_of(ics_in(confirmed))["DESCRIPTION"]
        )


class TestSummerTime:
    """09:00 in July is 08:00 UTC: written in UTC, every calendar app shows 09:00 in London, with no time-zone block
    for one to misread (Outlook and the RDATE-only VTIMEZONE)."""

    @pytest.fixture
    def summer(self, db, clock, django_capture_on_commit_callbacks):
        clock.move_to(dt.datetime(2026, 6, 29, 12, 0, tzinfo=dt.UTC))
        service = Service.objects.get(slug="initial-assessment")
        details = PatientDetails("Ann Runner", "ann@example.com", "07700 900123", "knee", "", "2026-11-24")
        with django_capture_on_commit_callbacks(execute=True):
            appointment = request_appointment(
                service, SUMMER_9, details, dt.datetime(2026, 6, 29, 12, 0, tzinfo=dt.UTC)
            )
        return appointment

    def test_in_the_email(self, summer, django_capture_on_commit_callbacks):
        (message,) = sent(
            lambda: workflow.apply("confirm", summer.pk, seen_status=S.REQUESTED), django_capture_on_commit_callbacks
        )
        calendar = ics_in(message)
        assert event_of(calendar)["DTSTART"].to_ical() == b"20260706T080000Z"
        assert not calendar.walk("VTIMEZONE")
        assert "Monday 6 July 2026, 09:00–10:00 (UK time)" in message.body

    def test_in_the_download_and_the_feed(self, summer, client):
        token = manage_token(summer)
        download = Calendar.from_ical(client.get(reverse("bookings:manage_calendar", args=[token])).content)
        feed = Calendar.from_ical(
            client.get(reverse("bookings:clinic_calendar", args=[BookingRules.load().calendar_token])).content
        )
        for calendar in (download, feed):
            assert event_of(calendar)["DTSTART"].to_ical() == b"20260706T080000Z"
            assert event_of(calendar).decoded("DTSTART") == SUMMER_9
            assert not calendar.walk("VTIMEZONE")


def test_the_feed_asks_to_be_fetched_again_every_half_hour(requested, client):
    response = client.get(reverse("bookings:clinic_calendar", args=[BookingRules.load().calendar_token]))
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT30M" in response.content  # RFC 7986
    assert b"X-PUBLISHED-TTL:PT30M" in response.content  # Outlook's name for it


# --- Proof: a patient's whole life cycle, as their calendar sees it ------------------------------------------------


def calendar_part(capture, action, to="ann@example.com"):
    """Do `action` and return the patient's email about it with its calendar (None if it has none)."""
    mail.outbox.clear()
    with capture(execute=True):
        action()
    (message,) = [m for m in mail.outbox if m.to == [to]]
    has_calendar = any(name.endswith(".ics") for name, *_ in message.attachments)
    return message, (ics_in(message) if has_calendar else None)


def check(calendar, *, method, uid, sequence, status, start):
    event = event_of(calendar)
    assert calendar["METHOD"] == method
    assert str(event["ORGANIZER"]) == "mailto:stephen.lunt@restoresportsinjury.co.uk"
    if method == "PUBLISH":
        assert "ATTENDEE" not in event
    else:
        attendee = event["ATTENDEE"]
        assert str(attendee) == "mailto:ann@example.com"
        assert (attendee.params["RSVP"], attendee.params["PARTSTAT"]) == ("FALSE", "ACCEPTED")
    assert str(event["UID"]) == uid
    assert event["SEQUENCE"] == sequence
    assert str(event["STATUS"]) == status
    assert event["DTSTART"].to_ical() == start.strftime("%Y%m%dT%H%M%SZ").encode()
    assert event.decoded("DTSTART") == start and not calendar.walk("VTIMEZONE")


@pytest.mark.parametrize(
    ("booked_on", "first", "moved_to"),
    [
        # GMT: 09:00 in London is 09:00 UTC.
        (NOW, MONDAY_9, dt.datetime(2026, 11, 30, 11, 0, tzinfo=dt.UTC)),
        # British Summer Time: 09:00 in London is 08:00 UTC; moved across no clock change to 10:00 BST.
        (dt.datetime(2026, 6, 29, 12, 0, tzinfo=dt.UTC), SUMMER_9, dt.datetime(2026, 7, 6, 9, 0, tzinfo=dt.UTC)),
    ],
    ids=["winter", "summer"],
)
def test_a_patients_calendar_follows_the_appointment_from_request_to_cancel(
    db, clock, client, django_capture_on_commit_callbacks, booked_on, first, moved_to
):
    """request (provisional file) → confirm → move → reminder → cancel: one UID, SEQUENCE rising with each change,
    each file doing what its email says."""
    capture = django_capture_on_commit_callbacks
    clock.move_to(booked_on)
    service = Service.objects.get(slug="initial-assessment")
    patient = PatientDetails("Ann Runner", "ann@example.com", "07700 900123", "knee", "", "2026-11-24")
    received, none = calendar_part(capture, lambda: request_appointment(service, first, patient, booked_on))
    assert none is None  # a request received is no invitation
    appointment = Appointment.objects.get()
    uid = f"{appointment.reference}@127.0.0.1"
    provisional = Calendar.from_ical(
        client.get(reverse("bookings:manage_calendar", args=[manage_token(appointment)])).content
    )
    check(provisional, method="PUBLISH", uid=uid, sequence=0, status="TENTATIVE", start=first)

    _, confirmed = calendar_part(capture, lambda: workflow.apply("confirm", appointment.pk, seen_status=S.REQUESTED))
    check(confirmed, method="REQUEST", uid=uid, sequence=1, status="CONFIRMED", start=first)

    appointment.refresh_from_db()
    _, moved = calendar_part(capture, lambda: booking.move(appointment, moved_to, now=booked_on, by_patient=True))
    check(moved, method="REQUEST", uid=uid, sequence=2, status="CONFIRMED", start=moved_to)

    clock.move_to(moved_to - dt.timedelta(hours=47))
    reminder, none = calendar_part(capture, lambda: reminders.send_reminders(timezone.now()))
    assert none is None and reminder.alternatives[1:] == []  # nothing to re-add an entry the patient deleted

    _, cancelled = calendar_part(
        capture, lambda: workflow.apply("patient_cancel", appointment.pk, seen_status=S.CONFIRMED)
    )
    check(cancelled, method="CANCEL", uid=uid, sequence=3, status="CANCELLED", start=moved_to)


@pytest.mark.parametrize("start", [MONDAY_9, SUMMER_9], ids=["winter", "summer"])
def test_a_declined_request_takes_the_provisional_entry_out(db, clock, django_capture_on_commit_callbacks, start):
    capture = django_capture_on_commit_callbacks
    booked_on = start - dt.timedelta(days=7)
    clock.move_to(booked_on)
    service = Service.objects.get(slug="initial-assessment")
    patient = PatientDetails("Ann Runner", "ann@example.com", "07700 900123", "knee", "", "2026-11-24")
    calendar_part(capture, lambda: request_appointment(service, start, patient, booked_on))
    appointment = Appointment.objects.get()
    message, declined = calendar_part(
        capture, lambda: workflow.apply("decline", appointment.pk, seen_status=S.REQUESTED, now=booked_on)
    )
    uid = f"{appointment.reference}@127.0.0.1"
    check(declined, method="CANCEL", uid=uid, sequence=1, status="CANCELLED", start=start)
    assert "takes it out again" in message.body


def test_a_cancelled_event_says_it_is_cancelled_not_how_to_move_it(db):
    from bookings.calendar import appointment_ics
    from bookings.tests.factories import AppointmentFactory

    appointment = AppointmentFactory()
    live = Calendar.from_ical(appointment_ics(appointment, method="REQUEST"))
    gone = Calendar.from_ical(appointment_ics(appointment, method="CANCEL"))
    [live_event], [gone_event] = live.walk("VEVENT"), gone.walk("VEVENT")
    assert "To move or cancel" in str(live_event["description"])
    assert "is cancelled" in str(gone_event["description"]) and "To move or cancel" not in str(
        gone_event["description"]
    )
