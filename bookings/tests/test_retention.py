"""Retention: what is past its keeping period is anonymised, and nothing else."""

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import call_command

from bookings.models import Appointment, OutboundEmail
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import NOW, S


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

    def test_purge_anonymises_the_admin_history_of_the_appointment(self, requested, clock, admin_user):
        from django.contrib.admin.models import CHANGE, LogEntry
        from django.contrib.contenttypes.models import ContentType

        old = AppointmentFactory(start=NOW - dt.timedelta(days=400), status=S.DECLINED, patient_name="Zed Private")
        LogEntry.objects.log_actions(admin_user.pk, [old], CHANGE, change_message=[{"changed": {"fields": ["notes"]}}])
        entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Appointment), object_id=old.pk)
        assert "Zed Private" in entry.object_repr
        call_command("purge_patient_data", stdout=StringIO())
        entry.refresh_from_db()
        assert "Zed Private" not in entry.object_repr and old.reference in entry.object_repr

    def test_an_abandoned_booking_draft_expires_within_hours_and_the_purge_removes_it(self, db, client, settings):
        from django.contrib.sessions.models import Session

        from bookings.tests.helpers import walk_to_check

        with time_machine.travel(NOW, tick=False):
            walk_to_check(client)  # name, email and notes are now in the session
            assert client.session.get_expiry_age() == settings.BOOKING_DRAFT_SECONDS <= 12 * 3600
        with time_machine.travel(NOW + dt.timedelta(seconds=settings.BOOKING_DRAFT_SECONDS + 60), tick=False):
            call_command("purge_patient_data", stdout=StringIO())
        assert not Session.objects.exists()


def test_the_privacy_notice_states_the_keeping_periods_the_rules_apply(db, client):
    from django.urls import reverse

    from bookings.models import BookingRules

    notice = client.get(reverse("clinic:privacy")).content.decode()
    assert "removed 12 months after" in notice and "kept for 8 years after" in notice
    rules = BookingRules.load()
    rules.retention_unattended_months, rules.retention_attended_years = 6, 1
    rules.save()  # drops the cached copy of the notice
    notice = client.get(reverse("clinic:privacy")).content.decode()
    assert "removed 6 months after" in notice and "6 months after they end" in notice
    assert "kept for 1 year after" in notice and "12 months" not in notice and "8 years" not in notice
