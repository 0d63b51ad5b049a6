"""The waitlist's pages: joining (and every bad answer), the patient's own link, claiming an offer."""

import datetime as dt
import html
import re
from http import HTTPStatus
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bookings import triage, waitlist, workflow
from bookings.links import offer_path, waitlist_path
from bookings.models import (
    Appointment,
    BookingRules,
    SafetyAdvice,
    SafetyQuestion,
    Service,
    WaitlistEntry,
    WaitlistOffer,
)
from bookings.tests.factories import WaitlistEntryFactory
from bookings.tests.helpers import NOW, S, begin, safety_answers
from bookings.tests.test_concurrency import run_at_once
from bookings.tests.waitlist_setup import at, fill_monday_morning, tables

JOIN = {
    "service": "initial-assessment",
    "weekdays": ["0", "3"],
    "parts_of_day": ["morning", "evening"],
    "earliest": "2026-11-23",
    "latest": "2026-12-20",
    "name": "Wanda Wait",
    "email": "Wanda@Example.com",
    "phone": "07700 900789",
    "concern": "ankle-foot",
    "consent": "on",
}


def claim_answers(concern="knee", worrying=()):
    """What a patient sends to book an offer: the area's safety answers (the worrying one to those in `worrying`)
    and consent to store them."""
    return {**safety_answers(concern, worrying), "consent": "on"}


@pytest.fixture
def full_morning(db, clock):
    return fill_monday_morning()


def test_step_three_the_taken_page_and_a_week_without_times_lead_to_the_waitlist(db, clock, client):
    begin(client, "follow-up")
    page = client.get(reverse("bookings:time")).content.decode()
    assert f'href="{reverse("bookings:waitlist")}?service=follow-up"' in page
    join = client.get(reverse("bookings:waitlist"), {"service": "follow-up"})
    assert join.status_code == HTTPStatus.OK
    assert re.search(r'value="follow-up"[^>]*checked', join.content.decode())


def test_the_join_form_offers_only_the_days_the_clinic_opens_and_dates_up_to_the_horizon(db, clock, client):
    page = client.get(reverse("bookings:waitlist")).content.decode()
    days = re.findall(r'name="weekdays" value="(\d)"', page)
    assert days == ["0", "1", "2", "3", "4", "5"]  # the seeded hours: Monday to Saturday
    last_day = (NOW + BookingRules.load().horizon).date()
    assert f'max="{last_day:%Y-%m-%d}"' in page and 'min="2026-11-20"' in page


def test_joining_stores_the_place_emails_a_link_to_leave_and_shows_what_happens_next(
    full_morning, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("bookings:waitlist"), JOIN)
    assert response["Location"] == reverse("bookings:waitlist_joined")
    entry = WaitlistEntry.objects.get()
    assert (entry.email, entry.weekdays, entry.parts_of_day, entry.concern) == (
        "wanda@example.com", [0, 3], ["morning", "evening"], "ankle-foot",
    )  # fmt: skip
    assert entry.privacy_notice_version and entry.consent_at == NOW
    page = client.get(reverse("bookings:waitlist_joined")).content.decode()
    assert "You’re on the waitlist" in page and "Mon, Thu" in page and "Morning, Evening" in page
    [joined] = [m for m in mail.outbox if m.subject.startswith("You’re on the waitlist")]
    assert waitlist_path(entry) in joined.body


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weekdays": []}, "Choose at least one day."),
        ({"weekdays": ["6"]}, "Choose from the days listed."),
        ({"parts_of_day": []}, "Choose at least one part of the day."),
        ({"parts_of_day": ["night"]}, "Choose from the parts listed."),
        ({"earliest": "2026-11-01"}, "The first date can’t be in the past."),
        ({"latest": "2027-06-01"}, "The clinic books up to"),
        ({"earliest": "2026-12-10", "latest": "2026-12-01"}, "The last date must be on or after the first date."),
        ({"latest": "2026-13-45"}, "Enter the last date as a real date"),
        ({"service": "massage-for-free"}, "Choose one of the services listed."),
        ({"consent": ""}, "Tick the box to agree"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"website": "https://spam.example"}, "This form could not be accepted."),
    ],
    ids=[
        "no-day",
        "unknown-day",
        "no-part-of-day",
        "unknown-part-of-day",
        "first-date-past",
        "last-date-beyond-horizon",
        "dates-reversed",
        "last-date-not-a-date",
        "unknown-service",
        "no-consent",
        "bad-email",
        "honeypot-filled",
    ],
)
def test_a_bad_answer_is_explained_and_nothing_is_stored(db, clock, client, change, message):
    response = client.post(reverse("bookings:waitlist"), {**JOIN, **change})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert message in html.unescape(response.content.decode())
    assert not WaitlistEntry.objects.exists()


def test_joining_past_the_per_email_cap_says_so(db, clock, client):
    for service in Service.objects.all()[: BookingRules.load().max_upcoming_per_email]:
        assert client.post(reverse("bookings:waitlist"), {**JOIN, "service": service.slug}).status_code == 302
    response = client.post(reverse("bookings:waitlist"), {**JOIN, "service": Service.objects.last().slug})
    assert response.status_code == HTTPStatus.CONFLICT
    assert "already on the waitlist" in response.content.decode()


def test_joining_is_rate_limited_like_booking(db, clock, client, settings):
    settings.BOOKING_LIMIT_PER_EMAIL = 2
    for _ in range(2):
        assert client.post(reverse("bookings:waitlist"), JOIN).status_code == 302
    assert client.post(reverse("bookings:waitlist"), JOIN).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert WaitlistEntry.objects.count() == 1  # the second join updated the first


def test_the_joined_page_without_a_place_in_this_browser_is_not_found(db, client):
    assert client.get(reverse("bookings:waitlist_joined")).status_code == HTTPStatus.NOT_FOUND


def test_the_waitlist_link_shows_the_place_and_leaving_needs_a_post(db, clock, client):
    entry = WaitlistEntryFactory()
    path = waitlist_path(entry)
    page = client.get(path)
    assert page.status_code == HTTPStatus.OK and "Leave the waitlist" in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex"
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.WAITING  # a GET (a link scanner) changed nothing
    left = client.post(path)
    assert "You’ve left the waitlist" in left.content.decode()
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.LEFT


@pytest.mark.parametrize("mangle", [lambda t: t[:-3] + "abc", lambda t: "nonsense", lambda t: t + "x"])
def test_a_tampered_waitlist_or_offer_link_shows_nothing(full_morning, client, mangle):
    entry = WaitlistEntryFactory()
    offer = WaitlistOffer.objects.create(entry=entry, start=at(9, 30), offered_at=NOW, expires_at=NOW + dt.timedelta(1))
    for path, name in ((waitlist_path(entry), "waitlist_leave"), (offer_path(offer), "waitlist_offer")):
        token = path.rstrip("/").split("/")[-1]
        response = client.post(reverse(f"bookings:{name}", args=[mangle(token)]))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert entry.patient_name not in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.WAITING and not Appointment.objects.filter(email=entry.email).exists()


def test_an_offer_link_expires(full_morning, client, clock):
    entry = WaitlistEntryFactory()
    offer = WaitlistOffer.objects.create(entry=entry, start=at(9, 30), offered_at=NOW, expires_at=NOW + dt.timedelta(1))
    path = offer_path(offer)
    clock.shift(dt.timedelta(days=15))
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND


def other_offer(entry):
    """The entry's offer of a time other than Monday 09:30."""
    return entry.offers.exclude(start=at(9, 30)).get()


def freed_for(entries, capture):
    """Free Monday 07:00 and 09:30 (two cancellations), offering both to every entry."""
    rules = BookingRules.load()
    rules.waitlist_offers_at_once = len(entries)
    rules.save()
    appointments = Appointment.objects.filter(start__in=[at(7), at(9, 30)]).order_by("start")
    with capture(execute=True):
        for appointment in appointments:
            workflow.apply("cancel", appointment.pk, seen_status=S.CONFIRMED)


def test_opening_an_offer_changes_nothing_and_booking_it_needs_a_post(
    full_morning, client, django_capture_on_commit_callbacks
):
    entry = WaitlistEntryFactory()
    freed_for([entry], django_capture_on_commit_callbacks)
    offer = entry.offers.get(start=at(9, 30))
    page = client.get(offer_path(offer))
    assert page.status_code == HTTPStatus.OK
    assert "Monday 30 November 2026 at 09:30" in page.content.decode() and "Book this time" in page.content.decode()
    assert not Appointment.objects.filter(email=entry.email).exists()
    booked = client.post(offer_path(offer), claim_answers())
    assert booked.status_code == HTTPStatus.OK and "Booking request sent" in booked.content.decode()
    appointment = Appointment.objects.get(email=entry.email)
    assert appointment.start == at(9, 30) and appointment.reference in booked.content.decode()
    assert client.post(offer_path(offer), claim_answers()).status_code == HTTPStatus.OK  # a second click
    assert Appointment.objects.filter(email=entry.email).count() == 1


@pytest.mark.parametrize(
    "lands",
    ["before the second checks the time", "after the second checked the time"],
    ids=["before-the-second-checks", "after-the-second-checked"],
)
@pytest.mark.parametrize(
    "second", ["the same patient's second click", "another patient's click"], ids=["same-patient", "another-patient"]
)
def test_a_click_racing_a_claim_shows_the_booking_it_made_to_its_own_patient_and_taken_to_anyone_else(
    full_morning, client, django_capture_on_commit_callbacks, lands, second
):
    """A double click on "Book this time": the second request read the offer before the first booked it."""
    patient, other = WaitlistEntryFactory.create_batch(2)
    freed_for([patient, other], django_capture_on_commit_callbacks)
    path = offer_path(patient.offers.get(start=at(9, 30)))
    second_path = path if second == "the same patient's second click" else offer_path(other.offers.get(start=at(9, 30)))
    check, first = waitlist.still_free, {}

    def first_click():
        first["running"] = True
        first["response"] = Client().post(path, claim_answers())
        first["tables"] = tables()

    def first_click_lands_meanwhile(offer, now):
        if first:  # the first click's own check, and any after
            return check(offer, now)
        if lands == "before the second checks the time":
            first_click()
            return check(offer, now)
        free = check(offer, now)
        first_click()
        return free

    with mock.patch("bookings.waitlist.still_free", side_effect=first_click_lands_meanwhile):
        response = client.post(second_path, claim_answers())

    booked = first["response"]
    appointment = Appointment.objects.get(start=at(9, 30), status__in=Appointment.HOLDING)
    assert booked.status_code == HTTPStatus.OK and appointment.reference in booked.content.decode()
    if second == "the same patient's second click":
        assert (response.status_code, response.content) == (booked.status_code, booked.content)
    else:
        assert response.status_code == HTTPStatus.CONFLICT
        page = response.content.decode()
        assert "This time is no longer available" in page and "Someone else booked this time first." in page
        assert appointment.reference not in page  # nothing of the other patient's booking
    assert tables() == first["tables"]  # nothing booked, claimed or emailed twice


def test_whoever_is_second_sees_the_other_freed_times_and_stays_on_the_waitlist(
    full_morning, client, django_capture_on_commit_callbacks
):
    first, second = WaitlistEntryFactory.create_batch(2)
    freed_for([first, second], django_capture_on_commit_callbacks)
    Client().post(offer_path(first.offers.get(start=at(9, 30))), claim_answers())
    page = client.get(offer_path(second.offers.get(start=at(9, 30))))
    text = page.content.decode()
    assert "Someone else booked this time first" in text
    alternative = other_offer(second)
    assert offer_path(alternative) in text and f"at {alternative.local_start:%H:%M}" in text
    assert "still on the waitlist" in text


@pytest.mark.django_db(transaction=True)
def test_ten_patients_claiming_one_freed_time_at_once_get_one_appointment_and_nine_see_alternatives(seeded):
    import time_machine

    with time_machine.travel(NOW, tick=False):
        fill_monday_morning()
        entries = WaitlistEntryFactory.create_batch(10)
        rules = BookingRules.load()
        rules.waitlist_offers_at_once = 10
        rules.save()
        for appointment in Appointment.objects.filter(start__in=[at(7), at(9, 30)]):
            workflow.apply("cancel", appointment.pk, seen_status=S.CONFIRMED)  # outside a test transaction
        paths = [offer_path(entry.offers.get(start=at(9, 30))) for entry in entries]
        alternatives = [offer_path(other_offer(entry)) for entry in entries]

        def claim(n):
            response = Client().post(paths[n], claim_answers())
            return response.status_code, alternatives[n] in response.content.decode()

        outcomes = run_at_once(10, claim)
    assert sorted(outcomes) == [(200, False)] + [(409, True)] * 9, outcomes
    assert Appointment.objects.filter(start=at(9, 30), status__in=Appointment.HOLDING).count() == 1
    assert WaitlistEntry.objects.filter(status=WaitlistEntry.Status.BOOKED).count() == 1
    assert WaitlistOffer.objects.filter(start=at(9, 30), outcome=WaitlistOffer.Outcome.TAKEN).count() == 9


def test_admin_lists_the_waitlist_with_offers_and_can_take_someone_off(full_morning, admin_client):
    entry = WaitlistEntryFactory()
    waitlist.offer_freed_times(at(7), at(12, day=dt.date(2026, 12, 7)), NOW)
    listing = admin_client.get(reverse("admin:bookings_waitlistentry_changelist"), {"status__exact": "waiting"})
    assert listing.status_code == HTTPStatus.OK and entry.patient_name in listing.content.decode()
    detail = admin_client.get(reverse("admin:bookings_waitlistentry_change", args=[entry.pk]))
    assert "Offered" in detail.content.decode() and "Mon" in detail.content.decode()
    assert "[0]" not in detail.content.decode()  # days in words, not the stored list
    admin_client.post(
        reverse("admin:bookings_waitlistentry_changelist"), {"action": "take_off", "_selected_action": [entry.pk]}
    )
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.LEFT


SADDLE = "Do you have numbness or tingling around your bottom, genitals or inner thighs"


def test_booking_an_offer_asks_the_areas_safety_questions_first_and_stores_the_answers(
    full_morning, client, django_capture_on_commit_callbacks
):
    entry = WaitlistEntryFactory(concern="back")
    freed_for([entry], django_capture_on_commit_callbacks)
    path = offer_path(entry.offers.get(start=at(9, 30)))
    questions = triage.questions_for("back")
    page = client.get(path).content.decode()
    assert all(html.escape(q.question, quote=False) in page for q in questions)

    unanswered = client.post(path)
    assert unanswered.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "There is a problem" in unanswered.content.decode()
    assert all(html.escape(f"Answer yes or no to “{q.question}”") in unanswered.content.decode() for q in questions)
    assert not Appointment.objects.filter(email=entry.email).exists()
    assert entry.offers.get(start=at(9, 30)).outcome == WaitlistOffer.Outcome.OPEN

    assert client.post(path, claim_answers("back")).status_code == HTTPStatus.OK
    appointment = Appointment.objects.get(email=entry.email)
    assert [(a["question"], a["yes"]) for a in appointment.safety_answers] == [
        (q.question, not q.worrying_answer) for q in questions
    ]
    assert appointment.safety_advice == SafetyAdvice.NONE


def test_a_yes_to_an_emergency_question_shows_the_advice_and_books_only_if_the_patient_goes_on(
    full_morning, client, django_capture_on_commit_callbacks
):
    entry = WaitlistEntryFactory(concern="back")
    freed_for([entry], django_capture_on_commit_callbacks)
    path = offer_path(entry.offers.get(start=at(9, 30)))
    saddle = SafetyQuestion.objects.get(question__startswith=SADDLE)
    answers = claim_answers("back", worrying=[saddle.question])

    advice = client.post(path, answers)
    page = advice.content.decode()
    assert advice.status_code == HTTPStatus.OK and "Please call 999 or go to A&amp;E now" in page
    assert html.escape(saddle.reason, quote=False) in page and 'name="despite_advice"' in page
    assert not Appointment.objects.filter(email=entry.email).exists()

    booked = client.post(path, {**answers, "despite_advice": "1"})
    assert "Booking request sent" in booked.content.decode()
    appointment = Appointment.objects.get(email=entry.email)
    assert appointment.safety_advice == SafetyAdvice.EMERGENCY
    assert [a["question"] for a in triage.flags(appointment.safety_answers)] == [saddle.question]
    assert not any(SADDLE in message.body for message in mail.outbox)  # health data is never emailed


def test_an_offer_someone_else_booked_says_so_whatever_was_answered(
    full_morning, client, django_capture_on_commit_callbacks
):
    first, second = WaitlistEntryFactory.create_batch(2)
    freed_for([first, second], django_capture_on_commit_callbacks)
    Client().post(offer_path(first.offers.get(start=at(9, 30))), claim_answers())
    late = client.post(offer_path(second.offers.get(start=at(9, 30))))  # nothing answered: the time is gone anyway
    assert late.status_code == HTTPStatus.CONFLICT and "Someone else booked this time first" in late.content.decode()
    assert Appointment.objects.filter(email=second.email).count() == 0


def test_booking_an_offer_needs_consent_to_store_the_answers_and_records_the_notice_agreed_to(
    full_morning, client, django_capture_on_commit_callbacks
):
    """Joining the waitlist agreed to the details needed to offer times; the safety answers are health information
    the patient agrees to store when they give them."""
    from clinic.privacy import PRIVACY_NOTICE_VERSION

    entry = WaitlistEntryFactory(concern="back", privacy_notice_version="2025-01-01.1")
    freed_for([entry], django_capture_on_commit_callbacks)
    path = offer_path(entry.offers.get(start=at(9, 30)))
    assert "I agree that the clinic may store my answers" in client.get(path).content.decode()

    unconsented = client.post(path, safety_answers("back"))
    assert unconsented.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "Tick the box to agree, so the clinic can store your answers." in unconsented.content.decode()
    assert not Appointment.objects.filter(email=entry.email).exists()

    client.post(path, claim_answers("back"))
    assert Appointment.objects.get(email=entry.email).privacy_notice_version == PRIVACY_NOTICE_VERSION
