"""Reminders: one per confirmed appointment, however often cron runs."""

import contextlib
import datetime as dt
import importlib
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bookings import links, reminders, workflow
from bookings.models import BookingRules
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import MONDAY_9, S


class TestReminders:
    def test_each_confirmed_patient_is_reminded_once(self, requested, clock, django_capture_on_commit_callbacks):
        workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED)
        AppointmentFactory(start=MONDAY_9 + dt.timedelta(hours=3))  # requested, not confirmed: no reminder
        mail.outbox.clear()
        clock.move_to(MONDAY_9 - dt.timedelta(hours=50))
        call_command("send_reminders", stdout=StringIO())
        assert mail.outbox == []  # not yet within 48 hours
        clock.move_to(MONDAY_9 - dt.timedelta(hours=47))
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=StringIO())
            call_command("send_reminders", stdout=StringIO())
        assert [m.subject.split(" on ")[0] for m in mail.outbox] == ["A reminder of your appointment"]


# --- A reminder the patient can still act on --------------------------------------------------------------------


def test_the_reminder_goes_before_changes_close_and_says_until_when_without_a_calendar_file(
    requested, clock, django_capture_on_commit_callbacks
):
    """Two days ahead by default, with the cancellation window a day: the patient can still move or cancel. It
    carries no calendar file, which could put back an entry the patient deleted."""
    workflow.apply("confirm", requested.pk, seen_status=S.REQUESTED)
    mail.outbox.clear()
    rules = BookingRules.load()
    assert (rules.reminder_hours, rules.cancellation_window_hours) == (48, 24)
    clock.move_to(MONDAY_9 - dt.timedelta(hours=47))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(timezone.now()) == 1
    (reminder,) = mail.outbox
    assert reminder.attachments == [] and [a.mimetype for a in reminder.alternatives] == ["text/html"]
    until = "You can move or cancel online until Sunday 29 November at 09:00"
    assert until in reminder.body
    assert "Sunday 29 November at 09:00</strong>" in reminder.alternatives[0].content  # the HTML says it too
    assert links.change_allowed(requested, timezone.now())  # and it is true when the reminder arrives


@pytest.mark.parametrize("reminder_hours", [12, 24])
def test_booking_rules_refuse_a_reminder_no_earlier_than_the_cancellation_window(db, reminder_hours):
    rules = BookingRules.load()
    rules.reminder_hours = reminder_hours
    with pytest.raises(ValidationError) as refused:
        rules.full_clean()
    assert "Send reminders earlier than the cancellation window (24 hours)" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        rules.save()  # the database holds the rule too
    rules.reminder_hours = 25
    rules.full_clean()


@pytest.mark.parametrize(
    ("reminder", "window", "expected"), [(24, 24, 48), (12, 24, 48), (24, 48, 72), (50, 48, 50), (72, 24, 72)]
)
def test_the_migration_moves_reminders_that_went_as_changes_closed(db, reminder, window, expected):
    """Rows saved before the rule (both defaulted to 24 hours) remind at 48 hours, or a day before a longer window
    closes; a reminder already earlier than the window stays as it was."""
    migration = importlib.import_module("bookings.migrations.0014_reminder_before_cancellation_window")
    with _check_constraints_off():
        BookingRules.objects.update_or_create(
            pk=1, defaults={"reminder_hours": reminder, "cancellation_window_hours": window}
        )
        migration.remind_before_the_window_closes(django_apps, None)
    assert BookingRules.objects.values_list("reminder_hours", flat=True).get() == expected


@contextlib.contextmanager
def _check_constraints_off():
    """The table as it stood before the migration: its new check constraint not yet there (inside the test's
    transaction, which rolls this back)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
    else:
        constraint = next(c for c in BookingRules._meta.constraints if c.name == "booking_rules_reminder_before_window")
        with connection.schema_editor() as editor:
            editor.remove_constraint(BookingRules, constraint)
        yield
