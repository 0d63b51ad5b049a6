"""Follow-up answers are in the subject-access export, go with the retention purge, and never reach an email or a
log line."""

import datetime as dt
import logging

from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from bookings import reports, retention
from bookings.models import Appointment, OutboundEmail
from outcomes import links, scheduling
from outcomes.models import FollowUp
from outcomes.tests.conftest import FIRST_DUE, VISIT, uk, visit


def test_the_subject_access_export_holds_the_answers(sent, client):
    client.post(links.followup_path(sent), {"score_0": "7", "score_1": "9", "change": "2"})
    other = visit(email="someone@example.com")
    scheduling.sweep(uk(FIRST_DUE))
    exported = reports.subject_access_export("ANN@example.com")["follow_ups"]
    assert [(f["follow_up"], f["state"]) for f in exported] == [("First", "answered"), ("Second", "scheduled")]
    assert exported[0]["appointment"] == sent.appointment.reference
    assert exported[0]["activities"] == [
        {"activity": "Running downhill", "score_before": 3, "score_now": 7},
        {"activity": "Kneeling", "score_before": 5, "score_now": 9},
    ]
    assert exported[0]["compared_with_before"] == "Better"
    assert other.reference not in str(exported)
    assert reports.subject_access_export("nobody@example.com")["follow_ups"] == []


def test_the_purge_deletes_the_follow_ups_of_what_it_anonymises_and_keeps_the_rest(sent, admin_user):
    kept = visit(email="someone@example.com", start=uk(FIRST_DUE) - dt.timedelta(days=2))
    scheduling.sweep(uk(FIRST_DUE))
    LogEntry.objects.create(
        user=admin_user,
        content_type=ContentType.objects.get_for_model(FollowUp),
        object_id=str(sent.pk),
        object_repr=str(sent),
        action_flag=ADDITION,
    )
    later = VISIT + dt.timedelta(days=2935)  # past 8 years (of 30.44-day months) for the first visit, not the other
    assert retention.purge_patient_data(later) == 1
    assert not FollowUp.objects.filter(appointment=sent.appointment).exists()
    assert FollowUp.objects.filter(appointment=kept).count() == 2
    assert not LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(FollowUp)).exists()
    assert not OutboundEmail.objects.filter(kind="followup", appointment=sent.appointment).exists()


def test_the_purge_of_the_questionnaires_visit_deletes_the_follow_ups_it_gave_activities_to(db, clock):
    first = visit(start=VISIT - dt.timedelta(weeks=2))
    last = visit(questionnaire=False)
    scheduling.sweep(VISIT + dt.timedelta(hours=3))
    Appointment.objects.filter(pk=first.pk).update(status=Appointment.Status.CANCELLED_BY_PATIENT)
    assert retention.purge_patient_data(VISIT + dt.timedelta(days=400)) == 1
    assert not FollowUp.objects.filter(appointment=last).exists()


def test_the_email_carries_no_activity_or_score(sent, sent_email):
    email = OutboundEmail.objects.get(kind="followup")
    for part in [email.subject, email.body_text, email.body_html, sent_email.body]:
        for secret in ["Running downhill", "Kneeling", "running", "kneel", "scored", "knee"]:
            assert secret.lower() not in part.lower(), secret
    assert "It’s been 6 weeks since your last visit" in email.body_text
    assert links.followup_path(sent) in email.body_text and links.stop_path(sent) in email.body_html


def test_answering_and_stopping_write_no_health_data_or_token_to_the_log(sent, client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(links.followup_path(sent), {"score_0": "7", "score_1": "11", "change": "2"})
    client.post(links.followup_path(sent), {"score_0": "7", "score_1": "9", "change": "2"})
    client.post(links.stop_path(sent))
    token = links.followup_path(sent).rstrip("/").rsplit("/", 1)[1]
    for record in caplog.records:
        line = record.getMessage()
        assert "Running downhill" not in line and "Kneeling" not in line and token not in line


def test_the_privacy_notice_says_how_long_follow_up_answers_are_kept(client, profile):
    text = client.get(reverse("clinic:privacy")).content.decode()
    assert "If you agree to follow-up emails" in text and "deleted when it is anonymised (8 years after it)" in text


def test_the_follow_up_and_stop_tokens_never_reach_a_log_line(sent):
    from core.logs import redact

    for path, redacted in [
        (links.followup_path(sent), "/follow-up/[token]/"),
        (links.stop_path(sent), "/follow-up/[token]/stop/"),
    ]:
        token = path.split("/")[2]
        line = f'Unprocessable Content: {path} "POST {path} HTTP/1.1" 422'
        assert token not in redact(line) and redacted in redact(line)
        assert token not in redact(line.replace(":", "%3A"))
