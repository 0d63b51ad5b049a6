"""The patient's manage link: signed and expiring, shows without changing, cancels and moves in time."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from bookings import links
from bookings.models import Appointment, AppointmentEvent, OutboundEmail
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import MONDAY_9, S, calendar_of


class TestManageLink:
    def url(self, appointment, name="bookings:manage"):
        return reverse(name, args=[links.manage_token(appointment)])

    def test_opening_the_link_shows_the_appointment_and_changes_nothing(self, requested, client):
        def everything():  # the whole row, its history and its emails
            row = Appointment.objects.filter(pk=requested.pk).values().get()
            return row, list(AppointmentEvent.objects.values()), list(OutboundEmail.objects.values())

        before = everything()
        for name in ["bookings:manage", "bookings:manage_move", "bookings:manage_calendar"]:
            response = client.get(self.url(requested, name))
            assert response.status_code == HTTPStatus.OK, name
        assert requested.reference in client.get(self.url(requested)).content.decode()
        assert "Cancel this appointment" in client.get(self.url(requested)).content.decode()
        assert everything() == before
        confirm = client.get(self.url(requested, "bookings:manage_cancel"))  # asks; cancels nothing
        assert confirm.status_code == HTTPStatus.OK and "Keep it" in confirm.content.decode()
        assert everything() == before

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
        confirm = client.get(self.url(requested, "bookings:manage_cancel")).content.decode()
        # Not yet confirmed: a request, and called one.
        assert "Cancel your booking request (awaiting confirmation) on Monday 30 November at 09:00?" in confirm
        assert confirm.index("Keep it") < confirm.index("Yes, cancel it")  # keeping it is the main action
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.url(requested, "bookings:manage_cancel"), follow=True)
        assert "Your booking request is cancelled" in response.content.decode()
        assert "Book another time" in response.content.decode()
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
        page = client.get(self.url(requested, "bookings:manage_move"), {"date": "2026-12-01", "all": "1"})
        page = page.content.decode()
        assert "2026-12-01T08:45:00Z" not in page  # its hold would run into the other appointment
        assert "2026-12-01T11:00:00Z" in page
        review = client.post(self.url(requested, "bookings:manage_move"), {"slot": "2026-12-01T11:00:00Z"})
        assert review.status_code == HTTPStatus.OK and "Confirm move" in review.content.decode()
        assert Appointment.objects.get(pk=requested.pk).start == MONDAY_9 and not mail.outbox  # not yet
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                self.url(requested, "bookings:manage_move"), {"slot": "2026-12-01T11:00:00Z", "confirm": "1"}
            )
        assert response.status_code == HTTPStatus.FOUND
        assert Appointment.objects.get(pk=requested.pk).start == dt.datetime(2026, 12, 1, 11, 0, tzinfo=dt.UTC)
        subjects = sorted(m.subject for m in mail.outbox)  # the patient, and the clinician, who hears of it too
        assert subjects == ["Ann Runner has moved their booking request to Tuesday 1 December, 11:00",
                            "Your booking request has moved to Tuesday 1 December, 11:00"]  # fmt: skip

    def test_reschedule_refuses_a_taken_time(self, requested, client):
        AppointmentFactory(start=dt.datetime(2026, 12, 1, 11, 0, tzinfo=dt.UTC))
        response = client.post(self.url(requested, "bookings:manage_move"), {"slot": "2026-12-01T11:00:00Z"})
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert "That time isn" in response.content.decode()
        assert Appointment.objects.get(pk=requested.pk).start == MONDAY_9

    def test_manage_pages_are_never_stored(self, requested, client):
        for name in ["bookings:manage", "bookings:manage_move", "bookings:manage_calendar"]:
            assert "no-store" in client.get(self.url(requested, name))["Cache-Control"], name
        assert "no-store" in client.get(reverse("bookings:manage", args=["forged"]))["Cache-Control"]

    def test_the_calendar_link_says_provisional_until_the_clinic_confirms(self, requested, client):
        assert "Add to calendar as provisional" in client.get(self.url(requested)).content.decode()
        Appointment.objects.filter(pk=requested.pk).update(status="confirmed")
        page = client.get(self.url(requested)).content.decode()
        assert "Add to calendar (.ics)" in page and "provisional" not in page


class TestSignedLink:
    """`links.signed_link`: the one door every page opened from an email goes through."""

    @staticmethod
    def page(token, load):
        @links.signed_link(load)
        def view(request, obj, token):
            return HttpResponse(f"{obj}:{token}")

        return view(RequestFactory().get(f"/link/{token}/"), token)

    def test_a_valid_link_opens_its_page_never_cached_and_never_indexed(self):
        response = self.page("t0ken", lambda token: "the appointment")
        assert response.status_code == HTTPStatus.OK and response.content == b"the appointment:t0ken"
        assert response["X-Robots-Tag"] == "noindex"
        assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]

    @pytest.mark.parametrize("why", ["expired", "tampered", "unknown"])
    def test_a_link_that_cannot_be_read_shows_nothing_of_anyone(self, why, db):
        def refuse(token):
            raise links.InvalidLink(why)

        response = self.page("t0ken", refuse)
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "no-cache" in response["Cache-Control"] and "t0ken" not in response.content.decode()


class TestLinkKinds:
    """`links.LinkKind`: every kind of link keeps its salt and payload, so tokens already emailed keep working."""

    @staticmethod
    def old_token(payload, salt):
        from django.core import signing

        return signing.dumps(payload, salt=salt, compress=True)

    def test_a_manage_or_questionnaire_token_made_before_link_kinds_still_loads(self, requested):
        payload = {"a": requested.pk, "r": requested.reference}
        assert links.appointment_for(self.old_token(payload, "bookings.manage-link")) == requested
        assert links.questionnaire_appointment_for(self.old_token(payload, "bookings.questionnaire")) == requested
        assert links.manage_token(requested) == self.old_token(payload, "bookings.manage-link")  # the same token

    def test_a_waitlist_entry_or_offer_token_made_before_link_kinds_still_loads(self, db, clock):
        from bookings.models import WaitlistOffer
        from bookings.tests.factories import WaitlistEntryFactory

        entry = WaitlistEntryFactory()
        token = self.old_token({"e": entry.pk, "j": entry.joined_at.timestamp()}, "bookings.waitlist-entry")
        assert links.entry_for(token) == entry
        now = dt.datetime.now(dt.UTC)
        offer = WaitlistOffer.objects.create(
            entry=entry, start=MONDAY_9, offered_at=now, expires_at=now + dt.timedelta(days=1)
        )
        assert links.offer_for(self.old_token({"o": offer.pk, "e": entry.pk}, "bookings.waitlist-offer")) == offer
        with pytest.raises(links.InvalidLink, match="unknown"):  # pointed at another entry's offer
            links.offer_for(self.old_token({"o": offer.pk, "e": entry.pk + 1}, "bookings.waitlist-offer"))

    def test_an_anonymised_appointments_links_name_no_one(self, requested):
        token, questionnaire = links.manage_token(requested), links.QUESTIONNAIRE.sign(requested)
        Appointment.objects.filter(pk=requested.pk).update(anonymised_at=dt.datetime.now(dt.UTC))
        with pytest.raises(links.InvalidLink, match="unknown"):
            links.appointment_for(token)
        with pytest.raises(links.InvalidLink, match="unknown"):
            links.questionnaire_appointment_for(questionnaire)

    def test_why_a_link_opens_nothing(self, requested, clock):
        token = links.manage_token(requested)
        with pytest.raises(links.InvalidLink, match="tampered"):
            links.appointment_for(token + "a")
        with pytest.raises(links.InvalidLink, match="tampered"):  # signed, but not a payload of ours
            links.appointment_for(self.old_token([requested.pk], "bookings.manage-link"))
        clock.shift(links.MAX_AGE + dt.timedelta(days=1))
        with pytest.raises(links.InvalidLink, match="expired"):
            links.appointment_for(token)
