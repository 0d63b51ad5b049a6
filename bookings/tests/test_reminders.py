"""Reminders: one per confirmed appointment, however often cron runs."""

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command

from bookings import workflow
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import MONDAY_9, S


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
