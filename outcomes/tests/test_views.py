"""The follow-up page in each state, its bad input, double submission, and the stop page."""

import datetime as dt
import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core import signing
from django.urls import reverse

from bookings import retention
from bookings.models import Appointment, Questionnaire
from outcomes import links, scheduling
from outcomes.models import FollowUp
from outcomes.tests.conftest import FIRST_DUE, SECOND_DUE, uk

GOOD = {"score_0": "7", "score_1": "9", "change": "2"}


def table():
    return list(FollowUp.objects.order_by("pk").values())


def url(followup):
    return links.followup_path(followup)


def test_a_sent_follow_up_reads_back_the_patients_activities_and_asks_each(client, sent):
    before = table()
    page = client.get(url(sent))
    assert page.status_code == HTTPStatus.OK and page["X-Robots-Tag"] == "noindex"
    text = page.content.decode()
    assert "Running downhill: how well can you do it today?" in text and "Kneeling: how well" in text
    assert "Before your visit: 3. From 0 (not at all) to 10" in text
    assert "Compared with before your first visit, how are you now?" in text
    assert len(re.findall(r'name="score_0"', text)) == 11 and len(re.findall(r'name="change"', text)) == 7
    assert links.stop_path(sent) in text
    assert table() == before  # opening it changes nothing


def test_an_answer_is_stored_and_read_back(client, sent, clock):
    response = client.post(url(sent), GOOD)
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url(sent)
    sent.refresh_from_db()
    assert (sent.scores, sent.change, sent.answered_at) == ([7, 9], 2, uk(FIRST_DUE))
    page = client.get(url(sent)).content.decode()
    assert "Thank you: your answers are saved" in page and "Better" in page
    assert 'name="score_0"' not in page  # no form once answered


@pytest.mark.parametrize(("change", "told"), [(-3, True), (-2, True), (-1, False), (0, False), (3, False)])
def test_a_patient_worse_than_before_is_told_the_clinician_knows_and_the_clinician_is_emailed_once(
    client, sent, change, told
):
    """A follow-up saying "worse" reached no one: the report counted it, weeks later if ever read."""
    from bookings.models import OutboundEmail

    client.post(url(sent), {**GOOD, "change": str(change)})
    client.post(url(sent), {**GOOD, "change": str(change)})  # pressed twice: still one email
    alerts = OutboundEmail.objects.filter(kind="followup_attention")
    assert alerts.count() == (1 if told else 0)
    page = client.get(url(sent)).content.decode()
    assert ("You said you are worse than before your first visit, so Stephen Lunt has been told." in page) == told
    if told:
        (alert,) = alerts
        assert reverse("admin:outcomes_followup_change", args=[sent.pk]) in alert.body_text
        assert "Running downhill" not in alert.body_text + alert.body_html + alert.subject


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score_1": "9", "change": "2"}, "Choose a score from 0 to 10 for “Running downhill”."),
        ({**GOOD, "score_0": "11"}, "Choose a score from 0 to 10 for “Running downhill”."),
        ({**GOOD, "score_1": "-1"}, "Choose a score from 0 to 10 for “Kneeling”."),
        ({**GOOD, "score_0": "seven"}, "Choose a score from 0 to 10 for “Running downhill”."),
        ({**GOOD, "change": ""}, "Choose how you are now, compared with before your first visit."),
        ({**GOOD, "change": "4"}, "Choose one of the answers listed."),
        ({}, "Choose how you are now"),
    ],
    ids=["missing-score", "score-11", "score-negative", "text", "no-change", "change-off-the-scale", "nothing"],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(client, sent, data, message):
    before = table()
    response = client.post(url(sent), data)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    text = response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert "There is a problem" in text and message in text
    assert table() == before


def test_a_second_submission_changes_nothing_and_other_answers_are_said_not_saved(client, sent):
    client.post(url(sent), GOOD)
    answered = table()
    same = client.post(url(sent), GOOD)  # the button pressed twice: back to the thanks, nothing lost
    assert same.status_code == HTTPStatus.FOUND and table() == answered
    other = client.post(url(sent), {"score_0": "1", "score_1": "1", "change": "-3"})  # an older tab
    assert other.status_code == HTTPStatus.CONFLICT
    assert "so these new answers were not saved" in other.content.decode()
    assert table() == answered
    assert FollowUp.objects.answered().count() == 1


def test_an_answer_racing_another_is_stored_once(client, sent, monkeypatch):
    """Both presses passed the page's check; the compare-and-set lets only the first write."""
    scheduling.answer(sent, [2, 2], 0, uk(FIRST_DUE))
    answered = table()
    assert scheduling.answer(sent, [7, 9], 2, uk(FIRST_DUE)) is False
    assert table() == answered


def test_a_stopped_follow_up_shows_that_and_takes_no_answer(client, sent):
    scheduling.stop(sent.appointment.email, uk(FIRST_DUE))
    before = table()
    page = client.get(url(sent))
    assert page.status_code == HTTPStatus.OK and "You’ve stopped follow-up emails" in page.content.decode()
    assert client.post(url(sent), GOOD).status_code == HTTPStatus.CONFLICT
    assert table() == before


def invalid(client, path):
    before = table()
    response = client.get(path)
    posted = client.post(path, GOOD)
    assert table() == before
    return response.status_code, posted.status_code, response.content.decode()


def test_an_expired_link_answers_404_and_changes_nothing(client, sent, clock):
    clock.move_to(uk(FIRST_DUE + dt.timedelta(days=links.ANSWER_DAYS)))
    assert client.get(url(sent)).status_code == HTTPStatus.OK  # its last day
    clock.move_to(uk(FIRST_DUE + dt.timedelta(days=links.ANSWER_DAYS + 1)))
    get, post, text = invalid(client, url(sent))
    assert (get, post) == (HTTPStatus.NOT_FOUND, HTTPStatus.NOT_FOUND) and "This link doesn’t work" in text


def test_a_forged_link_answers_404(client, sent):
    token = signing.dumps({"f": sent.pk, "c": sent.created_at.timestamp()}, salt="another.salt", compress=True)
    for path in [reverse("outcomes:followup", args=[token]), reverse("outcomes:stop", args=[token])]:
        assert invalid(client, path)[:2] == (HTTPStatus.NOT_FOUND, HTTPStatus.NOT_FOUND)
    answer_token, stop_token = url(sent).split("/")[2], links.stop_path(sent).split("/")[2]
    for swapped in [reverse("outcomes:stop", args=[answer_token]), reverse("outcomes:followup", args=[stop_token])]:
        assert invalid(client, swapped)[:2] == (HTTPStatus.NOT_FOUND, HTTPStatus.NOT_FOUND)  # each its own salt
    tampered = url(sent).rstrip("/")[:-2] + "xx/"
    assert invalid(client, tampered)[:2] == (HTTPStatus.NOT_FOUND, HTTPStatus.NOT_FOUND)


def test_a_link_for_a_deleted_or_unsent_follow_up_answers_404(client, sent):
    second = FollowUp.objects.get(appointment=sent.appointment, number=2)
    assert invalid(client, url(second))[:2] == (HTTPStatus.NOT_FOUND, HTTPStatus.NOT_FOUND)  # not sent yet
    path, stop = url(sent), links.stop_path(sent)
    FollowUp.objects.filter(pk=sent.pk).delete()
    for gone in [path, stop]:
        assert invalid(client, gone)[:2] == (HTTPStatus.NOT_FOUND, HTTPStatus.NOT_FOUND)


def test_a_link_for_a_purged_visit_answers_404(client, sent):
    path = url(sent)
    Appointment.objects.filter(pk=sent.appointment_id).update(start=uk(FIRST_DUE) - dt.timedelta(days=9 * 366))
    assert retention.purge_patient_data(uk(FIRST_DUE)) == 1
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND


def test_the_stop_page_changes_nothing_when_opened_and_stops_on_the_button(client, sent):
    path = links.stop_path(sent)
    before = (table(), list(Questionnaire.objects.values()))
    page = client.get(path)
    assert page.status_code == HTTPStatus.OK and page["X-Robots-Tag"] == "noindex"
    assert "<form" in page.content.decode()
    assert (table(), list(Questionnaire.objects.values())) == before

    response = client.post(path)
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == path
    assert {f.state for f in FollowUp.objects.all()} == {"stopped"}
    assert not Questionnaire.objects.get().followup_consent
    assert "Done:" in client.get(path).content.decode()
    assert scheduling.sweep(uk(SECOND_DUE)) == (0, 0)  # the second is never sent


def test_stopping_from_an_answered_follow_ups_email_says_it_is_done(client, sent):
    """The first follow-up answered, the patient stops the second from the first's email: the page confirms it
    (it asked again and again while the follow-up in its link, the answered one, was never itself stopped)."""
    client.post(url(sent), GOOD)
    path = links.stop_path(sent)
    assert "<form" in client.get(path).content.decode()  # the second is still to come
    client.post(path)
    page = client.get(path).content.decode()
    assert "Done:" in page and "<form" not in page
    assert sent.appointment.followups.get(number=2).state == "stopped"


def test_the_stop_link_still_works_after_the_answer_link_has_lapsed(client, sent, clock):
    clock.move_to(uk(FIRST_DUE + dt.timedelta(days=200)))
    assert client.post(links.stop_path(sent)).status_code == HTTPStatus.FOUND
    assert FollowUp.objects.filter(stopped_at__isnull=False).count() == 2


def test_the_page_with_its_styles_and_scripts_weighs_under_60_kb_and_needs_no_script(client, sent):
    html = client.get(url(sent)).content.decode()
    assert re.findall(r"<script(?![^>]*application/ld\+json)", html) == []  # a plain form: no JavaScript to run
    assets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)
    assert "outcomes/outcomes.css" in assets
    weight = len(html.encode()) + sum(Path(finders.find(asset)).stat().st_size for asset in assets)
    assert weight < 60_000, weight
