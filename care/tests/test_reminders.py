"""Exercise reminders: the patient's choice on their page (never made for them), the daily send (the chosen days
only, once a day however often cron runs, only while the link works, never to an anonymised appointment or a
patient without an email address), the email (no health detail) and its one-click stop."""

import datetime as dt
import re
from http import HTTPStatus
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from bookings.models import Appointment, OutboundEmail
from care import reminders
from care.links import MAX_AGE, programme_path, programme_token, stop_reminders_path, valid_until
from care.models import Programme
from care.tests.conftest import START, give

MON_WED_FRI = reminders.mask_of([0, 2, 4])


def at(day, hour=9, minute=0):
    """`day` at `hour` UK time (GMT in winter)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def state():
    return [model_to_dict(p) | {"reminded_on": p.reminded_on} for p in Programme.objects.order_by("pk")], list(
        OutboundEmail.objects.values_list("pk", flat=True)
    )


@pytest.fixture
def reminded(programme):
    Programme.objects.filter(pk=programme.pk).update(reminder_weekdays=MON_WED_FRI)
    programme.refresh_from_db()
    return programme


# --- Which days ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("weekday", range(7), ids=reminders.WEEKDAYS)
def test_a_reminder_goes_on_each_chosen_weekday_and_on_no_other(reminded, weekday):
    day = dt.date(2026, 12, 7) + dt.timedelta(days=weekday)  # the week of Monday 7 December
    assert reminders.send_exercise_reminders(at(day)) == (1 if weekday in (0, 2, 4) else 0)


def test_one_reminder_a_day_however_often_cron_runs(reminded):
    monday = dt.date(2026, 12, 7)
    assert reminders.send_exercise_reminders(at(monday, 8)) == 1
    for minutes in (15, 30, 600):
        assert reminders.send_exercise_reminders(at(monday, 8) + dt.timedelta(minutes=minutes)) == 0
    assert OutboundEmail.objects.filter(kind="exercise_reminder").count() == 1
    assert reminders.send_exercise_reminders(at(monday + dt.timedelta(days=2))) == 1  # Wednesday: the next


@pytest.mark.parametrize("hour, minute, sent", [(7, 59, 0), (8, 0, 1), (19, 59, 1), (20, 0, 0), (23, 30, 0)], ids=str)
def test_reminders_go_from_8_until_20_uk_time(reminded, hour, minute, sent):
    assert reminders.send_exercise_reminders(at(dt.date(2026, 12, 7), hour, minute)) == sent


def test_in_summer_the_day_and_the_hours_are_uk_ones(appointment, clock):
    summer = give(appointment)
    Programme.objects.filter(pk=summer.pk).update(
        start_date=dt.date(2027, 6, 1), review_date=dt.date(2027, 7, 1), reminder_weekdays=reminders.mask_of([0])
    )
    sunday_late = dt.datetime(2027, 6, 6, 23, 30, tzinfo=dt.UTC)  # 00:30 BST on Monday 7 June
    assert reminders.send_exercise_reminders(sunday_late) == 0  # Monday, but before 08:00
    assert reminders.send_exercise_reminders(dt.datetime(2027, 6, 7, 7, 0, tzinfo=dt.UTC)) == 1  # 08:00 BST


def test_no_reminder_unless_the_patient_chose_one(programme):
    assert programme.reminder_weekdays == 0
    assert reminders.send_exercise_reminders(at(dt.date(2026, 12, 7))) == 0


def test_no_reminder_once_stopped(reminded):
    reminders.stop(reminded)
    assert reminders.send_exercise_reminders(at(dt.date(2026, 12, 7))) == 0


def test_no_reminder_before_the_start_or_once_the_link_has_lapsed(reminded):
    Programme.objects.filter(pk=reminded.pk).update(start_date=dt.date(2026, 12, 9))
    assert reminders.send_exercise_reminders(at(dt.date(2026, 12, 7))) == 0  # starts on Wednesday
    assert reminders.send_exercise_reminders(at(dt.date(2026, 12, 9))) == 1
    last = valid_until(reminded)
    last_monday = last - dt.timedelta(days=last.weekday())
    assert reminders.send_exercise_reminders(at(last_monday)) == 1
    after = next(last + dt.timedelta(days=n) for n in range(1, 8) if (last + dt.timedelta(days=n)).weekday() == 0)
    assert reminders.send_exercise_reminders(at(after)) == 0


def test_no_reminder_for_an_anonymised_appointment_or_a_patient_without_email(reminded, appointment):
    Appointment.objects.filter(pk=appointment.pk).update(anonymised_at=timezone.now())
    assert reminders.send_exercise_reminders(at(dt.date(2026, 12, 7))) == 0
    Appointment.objects.filter(pk=appointment.pk).update(anonymised_at=None, email="")
    assert reminders.send_exercise_reminders(at(dt.date(2026, 12, 7))) == 0
    Appointment.objects.filter(pk=appointment.pk).update(email="ann@example.com")
    assert reminders.send_exercise_reminders(at(dt.date(2026, 12, 7))) == 1


def test_the_command_queues_them(reminded, clock, capsys):
    clock.move_to(at(dt.date(2026, 12, 7)))
    call_command("send_exercise_reminders")
    assert capsys.readouterr().out.strip() == "1 exercise reminder(s) queued."
    call_command("send_exercise_reminders")
    assert capsys.readouterr().out.strip() == "0 exercise reminder(s) queued."


def test_the_email_has_the_links_and_no_health_detail(reminded, settings):
    settings.SITE_URL = "https://clinic.example.org"
    assert reminders.send_exercise_reminders(at(dt.date(2026, 12, 7))) == 1
    (email,) = OutboundEmail.objects.filter(kind="exercise_reminder")
    assert (email.to, email.subject) == ("ann@example.com", "Your exercises today, from Restore")
    for body in (email.body_text, email.body_html):
        assert f"https://clinic.example.org{programme_path(reminded)}" in body
        assert f"https://clinic.example.org{stop_reminders_path(reminded)}" in body
        assert "Knee" not in body and "pain" not in body.lower()
        assert not any(item.exercise.name in body for item in reminded.items.select_related("exercise"))


# --- The patient's choice on their page ------------------------------------------------------------------------


def choose(client, programme, *days, action="save"):
    data = {"reminders-form": "1", "reminders-days": [str(d) for d in days]}
    if action:
        data["reminders-action"] = action
    return client.post(programme_path(programme), data)


def reminder_section(client, programme):
    page = client.get(programme_path(programme)).content.decode()
    return re.search(r'<section id="reminders".*?</section>', page, re.S).group(0)


def test_no_day_is_ticked_until_the_patient_ticks_it(programme, client):
    section = reminder_section(client, programme)
    assert section.count('type="checkbox"') == 7 and "checked" not in section
    assert "Stop reminders" not in section


def test_the_patient_chooses_days_and_the_first_reminder_is_the_next_of_them(programme, client, clock):
    response = choose(client, programme, 0, 3)  # on Monday 30 November at noon
    assert response.status_code == HTTPStatus.FOUND and response["Location"].endswith("#reminders")
    programme.refresh_from_db()
    assert (programme.reminder_weekdays, programme.reminded_on) == (reminders.mask_of([0, 3]), START)
    assert reminders.send_exercise_reminders(timezone.now()) == 0  # not straight away, though it is a Monday
    section = reminder_section(client, programme)
    assert "You get a reminder email on Mondays and Thursdays: the next on Thursday 3 December" in section
    assert section.count("checked") == 2
    assert reminders.send_exercise_reminders(at(dt.date(2026, 12, 3))) == 1


def test_the_patient_stops_them_on_their_page(reminded, client):
    response = choose(client, reminded, 0, action="stop")
    assert response.status_code == HTTPStatus.FOUND
    reminded.refresh_from_db()
    assert reminded.reminder_weekdays == 0
    assert "Stop reminders" not in reminder_section(client, reminded)


@pytest.mark.parametrize(
    "days, action, message",
    [
        ((), "save", "Tick the days you’d like a reminder on"),
        ((9,), "save", "Choose days from Monday to Sunday."),
        (("monday",), "save", "Choose days from Monday to Sunday."),
        ((1,), "delete", "Save your reminder days, or stop reminders."),
    ],
    ids=["none", "no-such-day", "not-a-number", "no-such-button"],
)
def test_a_bad_choice_answers_422_with_its_message_and_stores_nothing(reminded, client, days, action, message):
    before = state()
    response = choose(client, reminded, *days, action=action)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert message in response.content.decode()
    assert response.content.decode().count("There is a problem") == 1
    assert state() == before


def test_pressing_enter_saves(programme, client):
    assert choose(client, programme, 5, action=None).status_code == HTTPStatus.FOUND
    programme.refresh_from_db()
    assert programme.reminder_weekdays == reminders.mask_of([5])


def test_a_patient_without_an_email_address_is_offered_no_reminders(programme, appointment, client):
    Appointment.objects.filter(pk=appointment.pk).update(email="")
    assert 'id="reminders"' not in client.get(programme_path(programme)).content.decode()
    before = state()
    response = choose(client, programme, 0)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "no email address for you" in response.content.decode()
    assert state() == before


def test_a_forged_programme_link_stores_no_choice(programme, client):
    before = state()
    forged = reverse("care:programme", args=[programme_token(programme)[:-3] + "xyz"])
    response = client.post(forged, {"reminders-form": "1", "reminders-days": ["0"], "reminders-action": "save"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert state() == before


# --- The one-click stop ----------------------------------------------------------------------------------------


def test_opening_the_stop_link_changes_nothing_and_its_button_stops_them(reminded, client):
    path = stop_reminders_path(reminded)
    before = state()
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    assert (
        "Stop exercise reminders?" in response.content.decode() and '<form method="post"' in response.content.decode()
    )
    assert response["X-Robots-Tag"] == "noindex"
    assert state() == before
    response = client.post(path)
    assert response.status_code == HTTPStatus.OK and "Reminders stopped" in response.content.decode()
    reminded.refresh_from_db()
    assert reminded.reminder_weekdays == 0
    assert "Exercise reminders are off" in client.get(path).content.decode()
    assert reminders.send_exercise_reminders(at(dt.date(2026, 12, 7))) == 0


@pytest.mark.parametrize("case", ["forged", "programme-link", "expired", "deleted", "anonymised"])
def test_a_stop_link_that_does_not_work_answers_404_and_stops_nothing(reminded, client, clock, case):
    path = stop_reminders_path(reminded)
    if case == "expired":  # signed longer ago than any programme lasts
        clock.move_to(timezone.now() + MAX_AGE + dt.timedelta(days=1))
    elif case == "forged":
        path = path[:-4] + "xyz/"
    elif case == "programme-link":  # the programme's own token, signed for another purpose
        path = reverse("care:stop_reminders", args=[programme_token(reminded)])
    elif case == "deleted":
        Programme.objects.filter(pk=reminded.pk).delete()
    else:
        Appointment.objects.filter(pk=reminded.appointment_id).update(anonymised_at=timezone.now())
    before = state()
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND
    response = client.post(path)
    assert response.status_code == HTTPStatus.NOT_FOUND and b"Knee" not in response.content
    assert "To stop exercise reminders, use the link in your most recent reminder" in response.content.decode()
    assert state() == before


def test_the_reminder_s_stop_link_opens_the_stop_page(reminded, client, settings):
    settings.SITE_URL = "https://clinic.example.org"
    reminders.send_exercise_reminders(at(dt.date(2026, 12, 7)))
    mail.outbox.clear()
    (email,) = OutboundEmail.objects.filter(kind="exercise_reminder")
    (stop,) = re.findall(r"https://clinic\.example\.org(/\S*stop-reminders/\S+/)", email.body_text)
    assert client.post(stop).status_code == HTTPStatus.OK
    reminded.refresh_from_db()
    assert reminded.reminder_weekdays == 0


def test_days_in_words():
    assert reminders.in_words(0) == ""
    assert reminders.in_words(reminders.mask_of([6])) == "Sundays"
    assert reminders.in_words(reminders.mask_of([4, 0, 2])) == "Mondays, Wednesdays and Fridays"
    assert reminders.in_words(reminders.mask_of(range(7))) == "every day"
    assert reminders.weekdays_of(reminders.mask_of([1, 1, 6])) == [1, 6]


def test_the_clinician_sees_the_patient_s_choice_on_the_programme_s_page(reminded, admin_client):
    page = admin_client.get(reverse("admin:care_programme_change", args=[reminded.pk])).content.decode()
    assert "On Mondays, Wednesdays and Fridays, as the patient chose" in page
    reminders.stop(reminded)
    page = admin_client.get(reverse("admin:care_programme_change", args=[reminded.pk])).content.decode()
    assert "None (the patient can choose them on their page)" in page
    Appointment.objects.filter(pk=reminded.appointment_id).update(email="", phone="07700 900123")
    page = admin_client.get(reverse("admin:care_programme_change", args=[reminded.pk])).content.decode()
    assert "None (no email address to send them to)" in page  # their page offers no reminders: say so here too


@pytest.mark.parametrize("meanwhile", ["another-run-sent-it", "the-patient-stopped-them", "the-patient-changed-days"])
def test_a_programme_changed_between_reading_and_claiming_is_not_reminded(reminded, meanwhile):
    """Another cron run, or the patient on their page, acts after this run read the programmes due and before it
    claimed this one: the compare-and-set finds it changed and sends nothing."""
    real = reminders.weekdays_of
    changes = {
        "another-run-sent-it": {"reminded_on": dt.date(2026, 12, 7)},
        "the-patient-stopped-them": {"reminder_weekdays": 0},
        "the-patient-changed-days": {"reminder_weekdays": reminders.mask_of([0, 1])},
    }

    def read_then_changed(mask):
        Programme.objects.filter(pk=reminded.pk).update(**changes[meanwhile])
        return real(mask)

    with mock.patch.object(reminders, "weekdays_of", read_then_changed):
        assert reminders.send_exercise_reminders(at(dt.date(2026, 12, 7))) == 0
    assert not OutboundEmail.objects.filter(kind="exercise_reminder").exists()
