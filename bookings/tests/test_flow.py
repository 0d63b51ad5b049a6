"""The booking flow as a patient's browser drives it (no JavaScript); the JSON endpoint: test_availability_json.py."""

import datetime as dt
import re
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from bookings.models import Appointment, Service
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import DETAILS, begin, walk_to_check
from clinic.models import Closure

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)  # Friday noon
MONDAY_9 = "2026-11-30T09:00:00Z"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_patient_books_through_every_step(client):
    page = client.get(reverse("bookings:start")).content.decode()
    assert "Initial assessment — 60 minutes<" in page  # the seeded price is an example: not shown
    walk_to_check(client)
    check = client.get(reverse("bookings:check")).content.decode()
    assert "Monday 30 November 2026, 09:00 to 10:00 (UK time)" in check
    assert "ann@example.com" in check
    response = client.post(reverse("bookings:check"))
    assert response["Location"] == reverse("bookings:done")
    appointment = Appointment.objects.get()
    assert appointment.email == "ann@example.com" and appointment.concern == "knee"
    done = client.get(reverse("bookings:done")).content.decode()
    assert appointment.reference in done
    assert "Monday 30 November 2026, 09:00 to 10:00" in done
    assert "Add to calendar as provisional (.ics)" in done  # a request, not yet confirmed
    ics = client.get(reverse("bookings:done_calendar"))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"DTSTART:20261130T090000Z" in ics.content  # UTC, read right by every calendar app


def test_a_resubmitted_form_makes_no_second_appointment(client):
    walk_to_check(client)
    client.post(reverse("bookings:check"))
    response = client.post(reverse("bookings:check"))
    assert response["Location"] == reverse("bookings:done")
    assert Appointment.objects.count() == 1


def test_an_article_call_to_action_prefills_service_and_concern(client):
    page = client.get(reverse("bookings:start") + "?service=running-gait-analysis&concern=knee").content.decode()
    assert re.search(r'value="running-gait-analysis"[^>]*checked', page)
    assert re.search(r'value="knee"[^>]*checked', page)
    begin(client, "running-gait-analysis", "knee")
    client.post(reverse("bookings:time"), {"date": "2026-11-30", "slot": MONDAY_9})
    client.post(reverse("bookings:details"), DETAILS)
    assert "<dd>Knee</dd>" in client.get(reverse("bookings:check")).content.decode()


def test_time_page_lists_days_and_marks_those_without_slots(client):
    begin(client, "initial-assessment")
    page = client.get(reverse("bookings:time") + "?date=2026-11-27").content.decode()
    assert "Times on Friday 27 November" in page
    assert ">12:45<span" in page and ">13:00<span" not in page  # 60 min + 10 min buffer before 14:00
    assert 'Sun</span> <span class="day-date">22 Nov</span><span class="visually-hidden">, no free times' in page
    assert "to 08:00 on Friday 27 November" in page  # the full label for screen readers


@pytest.mark.parametrize("date", ["2026-02-30", "yesterday", "2026-11-19", "2030-01-01", "x" * 500])
def test_a_bad_or_unbookable_date_gets_a_clear_message(client, date):
    begin(client, "initial-assessment")
    response = client.get(reverse("bookings:time"), {"date": date})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "That date can’t be booked" in response.content.decode()


def test_a_day_without_free_times_says_so(client):
    begin(client, "initial-assessment")
    response = client.get(reverse("bookings:time"), {"date": "2026-11-29"})
    assert "No free times on this day. Choose another day above." in response.content.decode()


@pytest.mark.parametrize(
    "slot",
    [
        "2026-11-30T09:05:00Z",  # off the grid
        "2026-11-30T05:00:00Z",  # before opening
        "2026-11-19T09:00:00Z",  # past
        "not-a-time",
        "<script>alert(1)</script>",
        "",
    ],
)
def test_a_forged_or_bad_slot_is_refused_with_a_message(client, slot):
    begin(client, "initial-assessment")
    response = client.post(reverse("bookings:time"), {"date": "2026-11-30", "slot": slot})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    html = response.content.decode()
    assert "There is a problem" in html
    assert "<script>alert(1)</script>" not in html
    assert not Appointment.objects.exists()


def test_an_unknown_or_inactive_service_is_refused(client):
    Service.objects.filter(slug="sports-massage").update(is_active=False)
    for slug in ["sports-massage", "no-such-service", "'; DROP TABLE bookings_service; --"]:
        response = client.get(reverse("bookings:safety"), {"service": slug, "concern": "knee"})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "Choose one of the services listed." in response.content.decode()
    response = client.get(reverse("bookings:safety"), {"chosen": "1"})  # the form sent with nothing chosen
    assert "Choose the service you’d like to book." in response.content.decode()
    assert "Choose the area of concern" in response.content.decode()
    assert 'value="sports-massage"' not in client.get(reverse("bookings:start")).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter an email address in the correct format"),
        ("phone", "call me", "Enter a phone number using digits"),
        ("name", "x" * 101, "100 characters or fewer"),
        ("notes", "x" * 2001, "2,000 characters or fewer"),
        ("consent", "", "Tick the box to agree"),
        ("name", "   ", "Enter your full name."),
    ],
)
def test_bad_details_get_a_message_beside_the_field_and_in_the_summary(client, field, value, message):
    begin(client, "initial-assessment")
    client.post(reverse("bookings:time"), {"date": "2026-11-30", "slot": MONDAY_9})
    response = client.post(reverse("bookings:details"), {**DETAILS, field: value})
    html = response.content.decode()
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert 'class="error-summary"' in html
    assert html.count(message) >= 2  # summary and field
    # The message beside the field is tied to it for screen readers (our crispy template pack).
    assert f'id="id_{field}_error"' in html and re.search(rf'aria-describedby="[^"]*id_{field}_error', html)
    assert not Appointment.objects.exists()


def test_html_in_a_name_is_stored_as_text_and_escaped(client):
    walk_to_check(client, details={**DETAILS, "name": "<b>Ann</b> <script>x()</script>"})
    check = client.get(reverse("bookings:check")).content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt;" in check and "<script>x()" not in check
    client.post(reverse("bookings:check"))
    assert Appointment.objects.get().patient_name == "<b>Ann</b> <script>x()</script>"


def test_the_honeypot_refuses_bots(client):
    begin(client, "initial-assessment")
    client.post(reverse("bookings:time"), {"date": "2026-11-30", "slot": MONDAY_9})
    response = client.post(reverse("bookings:details"), {**DETAILS, "website": "http://spam.example"})
    assert "This form could not be accepted." in response.content.decode()


def test_a_slot_taken_meanwhile_shows_the_nearest_free_times(client):
    walk_to_check(client)
    AppointmentFactory(
        service=Service.objects.get(slug="initial-assessment"), start=dt.datetime.fromisoformat(MONDAY_9)
    )
    response = client.post(reverse("bookings:check"))
    assert response.status_code == HTTPStatus.CONFLICT
    html = response.content.decode()
    assert "that time has just been taken" in html
    assert "Step 3 of 6" in html and "Step  of" not in html
    assert "Mon 30 Nov, 10:15" in html  # the first start after the other appointment and its buffer
    assert Appointment.objects.count() == 1
    # Choosing one of them goes straight back to "check your answers" with the details kept.
    response = client.post(reverse("bookings:time"), {"slot": "2026-11-30T10:15:00Z"})
    assert response["Location"] == reverse("bookings:check")


def test_submissions_are_rate_limited_per_address(client, settings):
    settings.BOOKING_LIMIT_PER_IP = 1
    walk_to_check(client)
    client.post(reverse("bookings:check"))
    walk_to_check(client, slot="2026-11-30T12:00:00Z", details={**DETAILS, "email": "other@example.com"})
    response = client.post(reverse("bookings:check"))
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert Appointment.objects.count() == 1


def test_submissions_are_rate_limited_per_email(client, settings):
    settings.BOOKING_LIMIT_PER_EMAIL = 1
    walk_to_check(client)
    client.post(reverse("bookings:check"))
    walk_to_check(client, slot="2026-11-30T12:00:00Z")
    assert client.post(reverse("bookings:check")).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_steps_out_of_order_send_the_patient_back_to_the_start(client):
    for name in ["bookings:time", "bookings:details", "bookings:check"]:
        assert client.get(reverse(name))["Location"] == reverse("bookings:start")
    assert client.get(reverse("bookings:done")).status_code == HTTPStatus.NOT_FOUND


def test_forms_need_a_csrf_token():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    begin(client, "initial-assessment")
    response = client.post(reverse("bookings:time"), {"date": "2026-11-30", "slot": MONDAY_9})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Appointment.objects.exists()


def test_the_first_step_is_the_same_cached_page_for_everyone(client, django_assert_num_queries):
    client.get(reverse("bookings:start"))
    with django_assert_num_queries(0):
        response = client.get(reverse("bookings:start"))
    assert not response.cookies and "public" in response["Cache-Control"]


def test_pages_that_show_a_patients_answers_are_never_stored(client):
    responses = [begin(client, "initial-assessment")]
    walk_to_check(client)
    responses += [client.get(reverse("bookings:details")), client.get(reverse("bookings:check"))]
    responses.append(client.post(reverse("bookings:check")))
    responses += [client.get(reverse("bookings:done")), client.get(reverse("bookings:done_calendar"))]
    for response in responses:
        assert "no-store" in response["Cache-Control"], response.request["PATH_INFO"]


def test_invisible_and_direction_changing_characters_are_removed_from_names_and_notes(client):
    sneaky = {**DETAILS, "name": "Ann\u202eeoJ\u202c Run\u200bner\x07", "notes": "Left\u2066 knee\r\nsince May\ufeff"}
    walk_to_check(client, details=sneaky)
    client.post(reverse("bookings:check"))
    appointment = Appointment.objects.get()
    assert appointment.patient_name == "AnneoJ Runner"
    assert appointment.notes == "Left knee\nsince May"


def test_the_details_step_repeats_the_chosen_service_day_and_time(client):
    begin(client, "initial-assessment")
    client.post(reverse("bookings:time"), {"date": "2026-11-30", "slot": MONDAY_9})
    page = client.get(reverse("bookings:details")).content.decode()
    assert "For <strong>Initial assessment</strong> on <strong>Monday 30 November at 09:00</strong>" in page


def test_the_cancellation_policy_comes_from_the_rules_before_and_after_booking(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from bookings.models import BookingRules

    rules = BookingRules.load()
    rules.cancellation_window_hours, rules.reminder_hours = 48, 72
    rules.save()
    walk_to_check(client)
    policy = "until 48 hours before it starts"
    assert policy in client.get(reverse("bookings:check")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("bookings:check"))
    assert policy in client.get(reverse("bookings:done")).content.decode()
    (to_patient,) = [m for m in mail.outbox if m.to == ["ann@example.com"]]
    assert policy in to_patient.body and policy in to_patient.alternatives[0][0]


def test_the_privacy_notice_lists_every_cookie_the_booking_flow_sets_and_how_long_it_lasts(client, settings):

    from clinic.privacy import cookies

    seen = {}

    def note(response):
        for name, morsel in response.cookies.items():
            if morsel.value:
                seen[name] = morsel

    note(client.get(reverse("bookings:details")))  # "Choose a service and a time first": the messages cookie
    note(client.get(reverse("bookings:safety"), {"service": "initial-assessment", "concern": "knee"}))
    note(begin(client, "initial-assessment"))
    note(client.post(reverse("bookings:time"), {"date": "2026-11-30", "slot": MONDAY_9}))
    note(client.post(reverse("bookings:details"), DETAILS))
    note(client.post(reverse("bookings:check")))
    notice = client.get(reverse("clinic:privacy")).content.decode()
    listed = {cookie.name: cookie for cookie in cookies()}
    assert {"messages", settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME} <= set(seen)
    assert set(seen) <= set(listed), f"set but not in the notice: {set(seen) - set(listed)}"
    for name in seen:
        assert f"<code>{name}</code>" in notice
    assert "A single security cookie" not in notice
    # The lifetimes the notice states are the ones the cookies carry.
    assert listed[settings.CSRF_COOKIE_NAME].lasts == "1 year" and int(seen["csrftoken"]["max-age"]) >= 360 * 86400
    session_seconds = int(seen[settings.SESSION_COOKIE_NAME]["max-age"])
    assert session_seconds == settings.BOOKING_DRAFT_SECONDS
    assert listed[settings.SESSION_COOKIE_NAME].lasts.startswith(f"{session_seconds // 3600} hours")


def test_step_one_describes_each_service_beneath_its_name(client):
    follow_up = Service.objects.get(slug="follow-up")
    follow_up.description, follow_up.price_confirmed = "Progress <checked> & plan adjusted.", True
    follow_up.save()
    page = client.get(reverse("bookings:start")).content.decode()
    assert '<span class="choice-hint">Progress &lt;checked&gt; &amp; plan adjusted.</span>' in page
    assert "Follow-up — 45 minutes · £50" in page


def test_a_closed_day_in_the_picker_says_why(client):
    Closure.objects.create(start_date=dt.date(2026, 12, 2), reason="Leeds", public_note="Away at a conference")
    begin(client, "initial-assessment")
    page = client.get(reverse("bookings:time") + "?date=2026-11-30").content.decode()
    assert (
        'Wed</span> <span class="day-date">2 Dec</span><span class="day-closed" aria-hidden="true">✕</span>'
        '<span class="visually-hidden">, closed: Away at a conference</span>'
    ) in page
    assert "Closed Wednesday 2 December — Away at a conference</li>" in page
    # A day without times for another reason is only crossed out.
    assert 'Sun</span> <span class="day-date">29 Nov</span><span class="visually-hidden">, no free times' in page


def test_a_booking_inside_the_cancellation_window_is_not_promised_online_changes(
    client, django_capture_on_commit_callbacks
):
    """Friday noon: Saturday 07:00 is allowed (12 hours' notice) but inside the 24-hour window. Found by a browser
    review: the done page and the email promised changes online "until 24 hours before"."""
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        walk_to_check(client, slot="2026-11-21T07:00:00Z")
        client.post(reverse("bookings:check"))
    done = client.get(reverse("bookings:done")).content.decode()
    assert "less than 24 hours away, so it can’t be moved or cancelled online" in done
    assert "until 24 hours before it starts" not in done
    [patient_email] = [m for m in mail.outbox if m.to == ["ann@example.com"]]
    assert "can’t be moved or cancelled online" in patient_email.body
