"""The pre-visit questionnaire: its signed link, saving and changing it until the start, and where it shows."""

import datetime as dt
import re
from http import HTTPStatus

import pytest
from django.core import signing
from django.urls import reverse

from bookings import links, reminders, reports, retention, workflow
from bookings.models import Appointment, OutboundEmail, Questionnaire
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import MONDAY_9, NOW, S

ANSWERS = {
    "started": "Three weeks ago, after a long downhill run.",
    "better_worse": "Better after walking; worse on stairs.",
    "goals": "Run a half marathon in spring.",
    "activity_1": "Running downhill",
    "score_1": "3",
    "activity_2": "Kneeling",
    "score_2": "7",
    "insurer": "Example Health",
    "membership_number": "EH-123",
}


@pytest.fixture
def confirmed(requested, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply("confirm", requested.pk, seen_status=requested.status)
    return Appointment.objects.get(pk=requested.pk)


def url(appointment):
    return links.questionnaire_path(appointment)


def test_the_confirmation_email_carries_the_questionnaire_link(confirmed):
    email = OutboundEmail.objects.get(kind="confirmed")
    assert url(confirmed) in email.body_text and url(confirmed) in email.body_html
    received = OutboundEmail.objects.get(kind="request_received")
    assert "questionnaire" not in received.body_text  # not before the clinician confirms


def test_a_patient_saves_the_questionnaire_and_can_change_it_until_the_start(confirmed, client, clock):
    page = client.get(url(confirmed))
    assert page.status_code == HTTPStatus.OK and page["X-Robots-Tag"] == "noindex"
    assert not Questionnaire.objects.exists()  # opening it changes nothing
    response = client.post(url(confirmed), ANSWERS)
    assert response.status_code == HTTPStatus.FOUND
    answers = Questionnaire.objects.get(appointment=confirmed)
    assert answers.started == ANSWERS["started"] and answers.activities() == [("Running downhill", 3), ("Kneeling", 7)]
    assert "Running downhill" in client.get(url(confirmed)).content.decode()  # shown again to change

    client.post(url(confirmed), {**ANSWERS, "score_1": "5", "activity_2": "", "score_2": ""})
    answers = Questionnaire.objects.get(appointment=confirmed)  # still one row, changed
    assert answers.activities() == [("Running downhill", 5)]

    clock.move_to(MONDAY_9)
    before = list(Questionnaire.objects.values())
    closed = client.post(url(confirmed), {**ANSWERS, "goals": "Changed after the start"})
    assert closed.status_code == HTTPStatus.CONFLICT and "can’t be changed now" in closed.content.decode()
    assert list(Questionnaire.objects.values()) == before


def test_the_questionnaire_opens_only_once_confirmed(requested, client):
    response = client.get(url(requested))
    assert response.status_code == HTTPStatus.CONFLICT and "is requested" in response.content.decode()
    assert client.post(url(requested), ANSWERS).status_code == HTTPStatus.CONFLICT
    assert not Questionnaire.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"activity_1": "Running", "score_1": ""}, "Choose a score from 0 to 10 for this activity."),
        ({"activity_1": "", "score_1": "4"}, "Name the activity you scored."),
        ({"activity_1": "Running", "score_1": "11"}, "Choose a score from 0 to 10."),
        ({"activity_1": "Running", "score_1": "-1"}, "Choose a score from 0 to 10."),
        ({"started": "x" * 1001}, "Keep this answer to 1,000 characters or fewer."),
        ({"membership_number": "9" * 51}, "Keep this answer to 50 characters or fewer."),
    ],
)
def test_bad_answers_get_a_message_and_store_nothing(confirmed, client, changes, message):
    response = client.post(url(confirmed), {**ANSWERS, **changes})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.content.decode().count(message) >= 2  # the summary and beside the field
    assert not Questionnaire.objects.exists()


def test_an_empty_questionnaire_is_not_saved(confirmed, client):
    response = client.post(url(confirmed), {})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    page = response.content.decode().replace("&#x27;", "’")
    assert "agreeing to follow-up emails on its own isn’t an answer" in page
    assert not Questionnaire.objects.exists()


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "nonsense"])
def test_a_tampered_link_shows_nothing(confirmed, client, mangle):
    token = links.questionnaire_path(confirmed).rstrip("/").rsplit("/", 1)[1]
    response = client.get(reverse("bookings:questionnaire", args=[mangle(token)]))
    assert response.status_code == HTTPStatus.NOT_FOUND and confirmed.reference not in response.content.decode()


def test_an_expired_link_or_a_manage_token_does_not_open_it(confirmed, client, clock):
    manage_token = links.manage_token(confirmed)  # another link's token: a different salt
    assert client.get(reverse("bookings:questionnaire", args=[manage_token])).status_code == HTTPStatus.NOT_FOUND
    forged = signing.dumps({"a": confirmed.pk, "r": "RST-OTHER1"}, salt=links.QUESTIONNAIRE_SALT, compress=True)
    assert client.get(reverse("bookings:questionnaire", args=[forged])).status_code == HTTPStatus.NOT_FOUND
    link = url(confirmed)
    clock.shift(links.MAX_AGE + dt.timedelta(days=1))
    assert client.get(link).status_code == HTTPStatus.NOT_FOUND


def test_the_reminder_asks_for_the_questionnaire_only_while_it_is_empty(confirmed, clock, client):
    clock.move_to(MONDAY_9 - dt.timedelta(hours=20))
    reminders.send_reminders(MONDAY_9 - dt.timedelta(hours=20))
    reminder = OutboundEmail.objects.get(kind="reminder")
    assert (
        url(confirmed) in reminder.body_text and "haven’t filled in the pre-visit questionnaire" in reminder.body_text
    )

    other = AppointmentFactory(service=confirmed.service, start=MONDAY_9 + dt.timedelta(hours=3), status=S.CONFIRMED)
    client.post(url(other), ANSWERS)
    reminders.send_reminders(MONDAY_9 - dt.timedelta(hours=20))
    done = OutboundEmail.objects.get(kind="reminder", appointment=other)
    assert "questionnaire" not in done.body_text and "questionnaire" not in done.body_html


def test_the_manage_page_links_to_the_questionnaire_once_confirmed(requested, confirmed, client):
    page = client.get(links.manage_path(confirmed)).content.decode()
    assert url(confirmed) in page and "Fill in the questionnaire" in page


def test_the_questionnaire_is_in_the_export_and_deleted_by_the_purge(confirmed, client):
    client.post(url(confirmed), ANSWERS)
    exported = reports.subject_access_export(confirmed.email)["appointments"][0]
    assert exported["questionnaire"]["when and how it started"] == ANSWERS["started"]
    assert exported["questionnaire"]["activities"][0] == {"activity": "Running downhill", "score_out_of_10": 3}
    assert exported["safety_answers"] == []  # booked without the flow here

    Appointment.objects.filter(pk=confirmed.pk).update(
        status=S.COMPLETED,
        safety_answers=[
            {"question": "Q", "level": "note", "yes": True},  # stored before questions had timeframes
            {"question": "R", "level": "urgent", "yes": False, "timeframe": "recent", "worrying_answer": "no"},
        ],
        safety_advice="urgent",
    )
    exported = reports.subject_access_export(confirmed.email)["appointments"][0]
    assert exported["safety_answers"] == [
        {"question": "Q", "about": None, "answer": "Yes"},
        {"question": "R", "about": "In the last 48 hours", "answer": "No"},
    ]
    assert exported["advice_shown_before_booking"] == "Urgent advice: NHS 111 or the GP today"
    assert retention.purge_patient_data(NOW + dt.timedelta(days=365 * 9)) == 1
    purged = Appointment.objects.get(pk=confirmed.pk)
    assert purged.safety_answers == [] and purged.safety_advice == ""
    assert not Questionnaire.objects.exists()


def test_the_diary_marks_who_has_completed_the_questionnaire(confirmed, client, admin_client):
    other = AppointmentFactory(service=confirmed.service, start=MONDAY_9 + dt.timedelta(hours=3), status=S.CONFIRMED)
    client.post(url(confirmed), ANSWERS)
    page = admin_client.get(reverse("admin:bookings_appointment_diary"), {"day": "2026-11-30"}).content.decode()
    blocks = page.split('class="diary-block"')[1:]
    mine = next(b for b in blocks if f"/{confirmed.pk}/change/" in b)
    theirs = next(b for b in blocks if f"/{other.pk}/change/" in b)
    assert "Questionnaire in" in mine and "No questionnaire yet" in theirs


def test_the_appointment_page_shows_flags_first_then_the_questionnaire(confirmed, client, admin_client):
    Appointment.objects.filter(pk=confirmed.pk).update(
        safety_answers=[
            {"question": "Is it numb?", "level": "emergency", "yes": True},
            {"question": "Any cancer?", "level": "note", "yes": True},
            {"question": "Is it hot?", "level": "urgent", "yes": False},
        ],
        safety_advice="emergency",
    )
    client.post(url(confirmed), ANSWERS)
    page = admin_client.get(reverse("admin:bookings_appointment_change", args=[confirmed.pk])).content.decode()
    assert page.index("Safety answers") < page.index("Reference") < page.index("Pre-visit questionnaire")
    flags = page[page.index('class="flags"') :]
    assert flags.index("Is it numb?") < flags.index("Any cancer?")
    assert "Is it hot?" not in flags[: flags.index("</ul>")]  # a no is not a flag
    assert "Emergency advice: call 999 or go to A&amp;E</strong>, and the patient chose to book." in page
    assert "Running downhill: <strong>3/10</strong>" in page and ANSWERS["started"] in page


def consent_box(page) -> str:
    return re.search(r"<input[^>]*name=\"followup_consent\"[^>]*>", page.content.decode()).group(0)


def test_agreeing_to_follow_ups_is_offered_unticked_and_optional(confirmed, client):
    page = client.get(url(confirmed))
    assert 'type="checkbox"' in consent_box(page) and "checked" not in consent_box(page)
    text = page.content.decode()
    assert "Two short emails, 6 and 12 weeks after your last visit" in text and "stop them at any time" in text
    client.post(url(confirmed), ANSWERS)
    assert Questionnaire.objects.get(appointment=confirmed).followup_consent is False


def test_a_tick_to_agree_to_follow_ups_is_stored_and_can_be_taken_back(confirmed, client):
    client.post(url(confirmed), {**ANSWERS, "followup_consent": "on"})
    assert Questionnaire.objects.get(appointment=confirmed).followup_consent is True
    assert "checked" in consent_box(client.get(url(confirmed)))
    client.post(url(confirmed), ANSWERS)  # saved again without the tick
    assert Questionnaire.objects.get(appointment=confirmed).followup_consent is False


def test_agreeing_alone_is_not_an_answer(confirmed, client):
    response = client.post(url(confirmed), {"followup_consent": "on"})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "Answer at least one question before saving" in response.content.decode()
    assert not Questionnaire.objects.exists()
