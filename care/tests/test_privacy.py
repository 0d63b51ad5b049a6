"""Programmes and logs are in the subject-access export and go with the retention purge; none in a log line."""

import datetime as dt
import logging

import pytest
import time_machine
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType

from bookings import reports, retention
from bookings.models import Appointment
from bookings.tests.factories import AppointmentFactory
from care import sessions
from care.links import programme_path, stop_reminders_path
from care.models import Programme, ProgrammeExercise, ProgrammeVersion, SessionLog
from care.programmes import keep_version
from care.tests.conftest import give
from core.logs import redact


def test_the_subject_access_export_holds_the_programmes_versions_and_logs(programme, clock):
    keep_version(programme)
    sessions.record(programme, dt.date(2026, 11, 30), done=["Glute bridge"], pain=3, pain_when="during", note="ok")
    other = give(AppointmentFactory(email="someone-else@example.com", start=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)))
    sessions.record(other, dt.date(2026, 11, 30), done=["Step-up"], pain=5, pain_when="after", note="not Ann's")

    (exported,) = reports.subject_access_export("ANN@example.com")["exercise_programmes"]
    assert exported["title"] == "Knee: early strength"
    assert exported["review_date"] == "2027-01-11"
    assert [item["exercise"] for item in exported["exercises"]] == [
        item.exercise.name for item in programme.items.all()
    ]
    assert exported["earlier_versions"][0]["version"] == 1
    assert exported["sessions_logged"] == [
        {
            "day": "2026-11-30",
            "exercises_done": ["Glute bridge"],
            "pain_out_of_10": 3,
            "highest_pain_that_day": 3,
            "pain_when": "During the exercises",
            "note": "ok",
        }
    ]


def test_someone_with_no_programme_exports_an_empty_list(db):
    assert reports.subject_access_export("nobody@example.com")["exercise_programmes"] == []


def test_the_purge_deletes_programmes_with_the_appointments_it_anonymises_and_keeps_the_rest(db, admin_user):
    with time_machine.travel(dt.datetime(2018, 1, 8, 12, tzinfo=dt.UTC), tick=False):
        old = AppointmentFactory(start=dt.datetime(2018, 1, 8, 9, tzinfo=dt.UTC), status=Appointment.Status.COMPLETED)
        old_programme = give(old)
        keep_version(old_programme)
        sessions.record(old_programme, dt.date(2018, 1, 9), done=["x"], pain=2, pain_when="after", note="old")
        LogEntry.objects.log_actions(admin_user.pk, [old_programme], ADDITION)
    recent = AppointmentFactory(start=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), status=Appointment.Status.COMPLETED)
    with time_machine.travel(dt.datetime(2026, 11, 2, 12, tzinfo=dt.UTC), tick=False):
        kept = give(recent)
        sessions.record(kept, dt.date(2026, 11, 2), done=["x"], pain=2, pain_when="after", note="kept")
    template = Programme.objects.create(is_template=True, title="Knee")

    assert retention.purge_patient_data(dt.datetime(2026, 11, 30, tzinfo=dt.UTC)) == 1
    assert list(Programme.objects.order_by("pk")) == [kept, template]
    assert not ProgrammeExercise.objects.filter(programme_id=old_programme.pk).exists()
    assert not ProgrammeVersion.objects.filter(programme_id=old_programme.pk).exists()
    assert list(SessionLog.objects.values_list("note", flat=True)) == ["kept"]
    programme_type = ContentType.objects.get_for_model(Programme)
    assert not LogEntry.objects.filter(content_type=programme_type).exists()


def test_logging_a_session_writes_no_health_data_to_the_log(programme, caplog):
    with caplog.at_level(logging.DEBUG):
        sessions.record(programme, dt.date(2026, 11, 30), done=["Wall sit"], pain=10, pain_when="during",
                        note="Quixotic throb")  # fmt: skip
    assert "Quixotic" not in caplog.text
    assert "Wall sit" not in caplog.text


@pytest.mark.parametrize(
    ("link", "redacted"),
    [(programme_path, "/exercises/p/[token]/"), (stop_reminders_path, "/exercises/stop-reminders/[token]/")],
    ids=["programme", "stop-reminders"],
)
def test_a_programme_links_token_never_reaches_a_log_line(programme, link, redacted):
    path = link(programme)
    token = path.rstrip("/").rsplit("/", 1)[1]
    line = f'Unprocessable Content: {path} "POST {path} HTTP/1.1" 422'
    assert token not in redact(line)
    assert redacted in redact(line)
