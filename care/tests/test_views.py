"""The patient's programme page: what it shows, logging a session (one a day, editable that day), bad input, the pain
alert, and links that open nothing."""

import datetime as dt
import re
from http import HTTPStatus
from unittest import mock

import pytest
from django.core import mail
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from bookings.models import BookingRules, OutboundEmail
from care import sessions
from care.links import programme_path, programme_token
from care.models import Programme, SessionLog
from care.tests.conftest import REVIEW, give
from clinic.models import ClinicProfile


def rows():
    return [model_to_dict(log) for log in SessionLog.objects.order_by("pk")], OutboundEmail.objects.count()


def session(programme, pain=2, when="after", note="", done=None):
    items = list(programme.items.all())
    return {
        "done": [item.pk for item in items] if done is None else done,
        "pain": pain,
        "pain_when": when,
        "note": note,
    }


@pytest.mark.parametrize("count", [0, 1, 9])
def test_the_page_shows_every_exercise_with_its_dose_and_cues(appointment, clock, client, count):
    programme = give(appointment, exercises=count)
    response = client.get(programme_path(programme))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert body.count('class="care-exercise"') == count
    for item in programme.items.select_related("exercise"):
        assert item.exercise.name in body
        assert item.dose() in body
        assert all(escape(cue) in body for cue in item.exercise.cue_lines())
    assert ('name="pain"' in body) == bool(count)  # nothing to log before there is an exercise
    if not count:
        assert "no exercises in your programme yet" in body
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_opening_the_page_changes_nothing(programme, client):
    before = rows()
    for _ in range(2):
        assert client.get(programme_path(programme)).status_code == HTTPStatus.OK
    assert rows() == before


@pytest.mark.parametrize("case", ["forged", "expired", "deleted", "anonymised"], ids=str)
def test_a_link_that_does_not_work_answers_404_and_a_post_to_it_stores_nothing(programme, client, clock, case):
    path = programme_path(programme)
    if case == "forged":
        path = reverse("care:programme", args=[programme_token(programme)[:-3] + "xyz"])
    elif case == "expired":
        clock.move_to(dt.datetime.combine(REVIEW + dt.timedelta(days=31), dt.time(9), tzinfo=dt.UTC))
    elif case == "deleted":
        Programme.objects.filter(pk=programme.pk).delete()
    else:
        programme.appointment.__class__.objects.filter(pk=programme.appointment_id).update(anonymised_at=timezone.now())
    before = rows()
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND
    response = client.post(path, session(programme) if case != "deleted" else {"pain": 1, "pain_when": "after"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert b"Knee: early strength" not in response.content
    page = response.content.decode()
    assert "exercise programme" in page and "appointment" not in page and "reference" not in page  # its own words
    assert rows() == before


def test_the_link_still_opens_on_the_last_day(programme, client, clock):
    assert "until your review on" in client.get(programme_path(programme)).content.decode()
    clock.move_to(dt.datetime.combine(REVIEW + dt.timedelta(days=30), dt.time(21), tzinfo=dt.UTC))
    response = client.get(programme_path(programme))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()  # past the review: not "until your review", but a way to book it
    assert "until your review on" not in page and "Your review was due on" in page
    assert f'href="{reverse("bookings:start")}">book your review</a>' in page


def test_logging_a_session_stores_it_and_a_second_save_the_same_day_updates_it(programme, client):
    path = programme_path(programme)
    first, second = programme.items.all()[:2]
    response = client.post(path, session(programme, pain=3, when="during", note="Felt fine", done=[first.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith("#log")
    page = client.get(path).content.decode()
    assert "Saved: you logged today’s session" in page

    client.post(path, session(programme, pain=1, when="after", note="Better", done=[first.pk, second.pk]))
    (log,) = SessionLog.objects.all()
    assert (log.day, log.pain, log.pain_when, log.note) == (dt.date(2026, 11, 30), 1, "after", "Better")
    assert log.done == [first.exercise.name, second.exercise.name]
    assert OutboundEmail.objects.filter(kind="exercise_log_attention").count() == 0


def test_the_form_shows_todays_log_to_edit_but_not_yesterdays(programme, client, clock):
    path = programme_path(programme)
    client.post(path, session(programme, pain=4, note="Stiff on the stairs"))
    assert "Stiff on the stairs" in client.get(path).content.decode()
    clock.shift(dt.timedelta(days=1))
    page = client.get(path).content.decode()
    assert "Stiff on the stairs" not in page
    assert "you logged today’s session" not in page
    client.post(path, session(programme, pain=2, note="Next day"))
    assert list(SessionLog.objects.order_by("day").values_list("day", "note")) == [
        (dt.date(2026, 11, 30), "Stiff on the stairs"),
        (dt.date(2026, 12, 1), "Next day"),
    ]


def test_a_second_tab_submitting_the_same_session_never_doubles_it(programme, client):
    path = programme_path(programme)
    data = session(programme, pain=2)
    client.post(path, data)
    client.post(path, data)
    assert SessionLog.objects.count() == 1


def test_two_saves_racing_for_a_new_days_log_make_one(programme):
    """The second tab looked before the first tab's row was there: its insert fails and becomes an update."""
    sessions.record(programme, dt.date(2026, 11, 30), done=["A"], pain=1, pain_when="after", note="first tab")
    real = sessions._existing
    looks = iter([lambda *args: None, real])
    with mock.patch.object(sessions, "_existing", side_effect=lambda *args: next(looks)(*args)):
        sessions.record(programme, dt.date(2026, 11, 30), done=["B"], pain=2, pain_when="during", note="second tab")
    (log,) = SessionLog.objects.all()
    assert (log.done, log.pain, log.note) == (["B"], 2, "second tab")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pain": ""}, "Choose your pain score, from 0 (none) to 10."),
        ({"pain": "11"}, "Choose a pain score from 0 to 10."),
        ({"pain": "-1"}, "Choose a pain score from 0 to 10."),
        ({"pain": "seven"}, "Choose a pain score from 0 to 10."),
        ({"pain_when": ""}, "Say whether the pain was during or after the exercises."),
        ({"pain_when": "before"}, "Select a valid choice."),
        ({"done": ["999999"]}, "Select a valid choice."),
        ({"note": "x" * 1001}, "Ensure this value has at most 1000 characters"),
    ],
    ids=[
        "no_pain",
        "pain_11",
        "pain_negative",
        "pain_words",
        "no_when",
        "bad_when",
        "unknown_exercise",
        "note_too_long",
    ],  # fmt: skip
)
def test_bad_input_answers_422_with_a_clear_message_and_stores_nothing(programme, client, change, message):
    before = rows()
    response = client.post(programme_path(programme), {**session(programme), **change})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body.replace("&#x27;", "’")
    assert rows() == before


def test_bad_input_does_not_change_todays_saved_log(programme, client):
    path = programme_path(programme)
    client.post(path, session(programme, pain=3, note="Saved"))
    before = rows()
    response = client.post(path, {**session(programme), "pain": "12"})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert rows() == before
    assert "care-saved" not in response.content.decode()  # no "Saved" above the error: this save was not
    assert "care-saved" in client.get(path).content.decode()


@pytest.mark.parametrize(
    ("pain", "stop", "urgent", "emailed"),
    [(0, False, False, 0), (6, False, False, 0), (7, True, False, 1), (9, True, False, 1), (10, True, True, 1)],
)
def test_pain_at_the_threshold_asks_to_stop_and_tells_the_clinician(programme, client, pain, stop, urgent, emailed):
    path = programme_path(programme)
    client.post(path, session(programme, pain=pain))
    page = client.get(path).content.decode()
    assert ("Stop the exercise that hurts and contact the clinic" in page) == stop
    assert ("Please contact NHS 111 or your GP today" in page) == urgent
    assert ('href="tel:999"' in page) == urgent
    assert SessionLog.objects.get().needs_attention == stop
    assert OutboundEmail.objects.filter(kind="exercise_log_attention").count() == emailed


def test_pain_that_stopped_every_exercise_is_logged_and_reaches_the_clinician(programme, client):
    """Found by a review: with nothing ticked the log was refused, so the patient in most pain got no advice and
    the clinician no email."""
    path = programme_path(programme)
    response = client.post(path, {**session(programme, pain=9), "done": []})
    assert response.status_code == HTTPStatus.FOUND
    log = SessionLog.objects.get()
    assert (log.done, log.pain, log.needs_attention) == ([], 9, True)
    assert "Stop the exercise that hurts and contact the clinic" in client.get(path).content.decode()
    assert OutboundEmail.objects.filter(kind="exercise_log_attention").count() == 1


def test_the_threshold_comes_from_booking_rules(programme, client):
    rules = BookingRules.load()
    rules.pain_alert_threshold = 4
    rules.save()
    client.post(programme_path(programme), session(programme, pain=4))
    assert SessionLog.objects.get().needs_attention
    assert OutboundEmail.objects.filter(kind="exercise_log_attention").count() == 1


def test_the_clinician_is_emailed_once_a_day_however_often_the_log_is_saved(programme, client):
    path = programme_path(programme)
    for pain in (8, 9, 10, 3):
        client.post(path, session(programme, pain=pain))
    (email,) = OutboundEmail.objects.filter(kind="exercise_log_attention")
    assert email.to == "stephen.lunt@restoresportsinjury.co.uk" or "@" in email.to
    assert SessionLog.objects.get().needs_attention  # still flagged for the clinician, who was told
    assert "Stop the exercise that hurts" not in client.get(path).content.decode()  # pain 3 now: no warning


def test_a_later_save_with_less_pain_never_hides_the_days_worst_from_the_clinician(programme, client):
    """A second save (or an older tab) with pain 0 after a 10: the patient's page shows what they saved last, the
    clinician's record keeps the 10."""
    path = programme_path(programme)
    client.post(path, session(programme, pain=10, note="Swollen, couldn't walk"))
    client.post(path, session(programme, pain=0))
    log = SessionLog.objects.get()
    assert (log.pain, log.highest_pain, log.needs_attention) == (0, 10, True)
    from care import progress

    summary = progress.for_programme(programme, log.day)
    assert [score.pain for score in summary.scores] == [10]


def test_a_new_alert_after_the_clinician_cleared_the_flag_tells_them_again(programme, client):
    path = programme_path(programme)
    client.post(path, session(programme, pain=8))
    SessionLog.objects.update(needs_attention=False)  # the clinician looked and unticked it
    client.post(path, session(programme, pain=9))
    assert SessionLog.objects.get().needs_attention
    assert OutboundEmail.objects.filter(kind="exercise_log_attention").count() == 2  # as the patient is told
    client.post(path, session(programme, pain=9))
    assert OutboundEmail.objects.filter(kind="exercise_log_attention").count() == 2  # still flagged: told already


def test_the_clinicians_email_carries_no_score_exercise_or_words_of_the_patient(
    programme, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            programme_path(programme), session(programme, pain=9, when="during", note="Zanzibar twinge on the left")
        )
    (email,) = OutboundEmail.objects.filter(kind="exercise_log_attention")
    (sent,) = mail.outbox
    assert sent.subject == "A patient’s exercise log needs your attention"
    for text in (email.subject, email.body_text, email.body_html, sent.body):
        assert "Zanzibar" not in text
        assert not re.search(r"\b9\b", text), "the pain score is in the email"
        for item in programme.items.select_related("exercise"):
            assert item.exercise.name not in text
        assert "Ann Runner" not in text
        assert "During" not in text and "during" not in text
    assert reverse("admin:care_programme_change", args=[programme.pk]) in email.body_text


def test_the_page_fits_a_phone_and_prints_with_its_own_stylesheet(programme, client):
    body = client.get(programme_path(programme)).content.decode()
    assert 'name="viewport"' in body
    assert "css/care.css" in body
    profile = ClinicProfile.load()
    letterhead = body.split('care-letterhead">')[1].split("</p>")[0]  # on paper: whose programme, and how to ask
    assert escape(profile.name) in letterhead and profile.postcode in letterhead and profile.email in letterhead
    safety = body.split('class="care-safety">')[1].split("</p>")[0]
    assert "stop it" in safety and "999" in safety  # printed: outside the screen-only log section
    assert "<script" not in body.split("</main>")[0].split("<main")[1]


def test_before_its_start_the_page_says_when_and_takes_no_log(appointment, clock, client):
    """A programme given on Monday to start on Tuesday took a log on Monday, dated Monday."""
    programme = give(appointment)
    Programme.objects.filter(pk=programme.pk).update(start_date=programme.start_date + dt.timedelta(days=1))
    path = programme_path(Programme.objects.get(pk=programme.pk))
    page = client.get(path).content.decode()
    assert "Your programme starts on Tuesday 1 December: log your first session that day." in page
    assert "Save today’s session" not in page and 'name="pain"' not in page
    response = client.post(path, session(programme, pain=1))
    refused = response.content.decode()
    assert response.status_code == HTTPStatus.CONFLICT and "Your programme starts on Tuesday 1 December" in refused
    assert "<strong>Not saved:</strong> your programme hasn’t started yet" in refused
    assert "Logging your sessions" in page and "Log today’s session" not in page
    assert not SessionLog.objects.exists()
    clock.shift(dt.timedelta(days=1))  # its first day: the form, and the log
    assert "Save today’s session" in client.get(path).content.decode()
    assert client.post(path, session(programme, pain=1)).status_code == HTTPStatus.FOUND
    assert SessionLog.objects.get().day == dt.date(2026, 12, 1)


def test_the_printout_gives_its_date_and_not_as_it_is_now(programme, clock, client):
    path = programme_path(programme)
    page = client.get(path).content.decode()
    assert '<p class="care-print-only">Printed on 30 November 2026: the link in your email always' in page
    assert '<span class="care-screen-only">This page always shows your programme as it is now.</span>' in page
    programme.appointment.email = ""  # given the printout, as admin says for a patient without email: no email to cite
    programme.appointment.phone = "07700 900999"
    programme.appointment.save()
    page = client.get(path).content.decode()
    assert '<p class="care-print-only">Printed on 30 November 2026.</p>' in page
    clock.move_to(dt.datetime(2027, 1, 20, 12, tzinfo=dt.UTC))  # past its review (11 January): dated too
    assert '<p class="care-print-only">Printed on 20 January 2027.</p>' in client.get(path).content.decode()
