"""The waitlist in a real browser: a patient joins, a freed time is offered by email, and they claim it."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from bookings.models import Appointment, Service
from bookings.tests.browser import (
    reassuring_answers,
    start_booking,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_patient_joins_the_waitlist_gets_a_freed_time_by_email_and_claims_it(live, page, axe_violations):
    from urllib.parse import urlsplit

    from django.core import mail

    from bookings import links
    from bookings.models import WaitlistEntry
    from bookings.tests.factories import WaitlistEntryFactory
    from clinic.hours import at

    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())  # next week's Monday: always bookable
    service = Service.objects.get(slug="initial-assessment")
    booked = [
        Appointment.objects.create(
            service=service,
            start=at(monday, dt.time(h, m)),
            patient_name=f"Booked {h}",
            email=f"b{h}@example.com",
            phone="07700 900123",
            concern="knee",
            status=Appointment.Status.CONFIRMED,
        )
        for h, m in [(7, 0), (8, 15), (9, 30), (10, 45)]
    ]  # fmt: skip  (Monday morning is full)
    earlier = WaitlistEntryFactory(earliest=today, latest=monday)  # joined before Wanda, for the same mornings

    start_booking(page, live.url)
    page.click("text=Join the waitlist")
    assert page.is_checked("input[name=service][value=initial-assessment]")
    for box in page.locator("input[name=weekdays]").all():
        if box.get_attribute("value") != "0":
            box.uncheck()
    page.uncheck("input[name=parts_of_day][value=afternoon]")
    page.uncheck("input[name=parts_of_day][value=evening]")
    page.fill("#id_latest", f"{monday:%Y-%m-%d}")
    page.fill("#id_name", "Wanda Wait")
    page.fill("#id_email", "wanda@example.com")
    page.fill("#id_phone", "07700 900789")
    page.locator("input[name=concern][value=knee]").check()
    assert axe_violations(page) == []
    page.check("#id_consent")
    page.click("button:has-text('Join the waitlist')")
    assert "You’re on the waitlist" in page.inner_text("h1"), page.inner_text("main")[:1500]
    assert axe_violations(page) == []

    page.goto(live.url + links.manage_path(booked[2]))  # another patient cancels Monday 09:30
    page.click("text=Cancel this appointment")
    page.click("text=Yes, cancel it")
    offer_email = next(m for m in mail.outbox if m.to == ["wanda@example.com"] and "come free" in m.subject)
    offer_url = re.search(r"http\S+/book/waitlist/offer/\S+/", offer_email.body).group(0)

    page.goto(live.url + urlsplit(offer_url).path)  # SITE_URL in emails is the configured one, not the test's
    assert "A time has come free" in page.inner_text("h1")
    assert "09:30" in page.inner_text("main") and "safety questions" in page.inner_text("main")
    assert axe_violations(page) == []
    page.click("button:has-text('Book this time')")  # the safety questions unanswered
    assert "Answer yes or no to “" in page.inner_text(".error-summary")
    assert axe_violations(page) == []
    for name, answer in reassuring_answers(page):
        page.check(f"input[name={name}][value={answer}]")
    page.check("#id_consent")
    page.click("button:has-text('Book this time')")
    assert "Booking request sent" in page.inner_text("h1")
    assert axe_violations(page) == []
    claimed = Appointment.objects.get(email="wanda@example.com")
    assert claimed.start == booked[2].start and claimed.status == Appointment.Status.REQUESTED
    page.goto(live.url + links.waitlist_path(WaitlistEntry.objects.get(appointment=claimed)))
    assert "no longer on the waitlist" in page.inner_text("h1")
    assert axe_violations(page) == []

    page.goto(live.url + links.offer_path(earlier.offers.get(start=claimed.start)))  # the one who was slower
    assert "no longer available" in page.inner_text("h1") and "still on the waitlist" in page.inner_text("main")
    assert axe_violations(page) == []
    page.click("text=See or leave the waitlist")
    assert "You’re on the waitlist" in page.inner_text("h1")
    assert axe_violations(page) == []
    page.click("text=Leave the waitlist")
    assert "You’ve left the waitlist" in page.inner_text("h1")
