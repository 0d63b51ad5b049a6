"""The diary on a phone, in a real browser: one day as an agenda with no sideways scrolling, every button a thumb's
size, axe-clean, and its decisions working (Confirm at once, Decline only after asking again)."""

import datetime as dt

import pytest
from django.utils import timezone

from bookings.models import Appointment, Service
from bookings.tests.browser import clinician_with_a_request

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What a thumb taps in the diary's content: buttons, links drawn as buttons, the day steps and the number to call.
TAPPED = "#content button, #content a.button, #content a.agenda-step, #content .agenda-call a"
SMALL_TARGETS = """(selector) => [...document.querySelectorAll(selector)]
    .filter((el) => el.checkVisibility())
    .map((el) => [el.textContent.trim(), el.getBoundingClientRect()])
    .filter(([, box]) => box.width < 44 || box.height < 44)
    .map(([text, box]) => `${text}: ${Math.round(box.width)}x${Math.round(box.height)}`)"""


@pytest.fixture
def day_of_the_request(live, page, django_user_model):
    """Signed in, with the request `clinician_with_a_request` makes (10:00 UTC a week ahead) and, that day, a second
    request, a phone booking without an email address, a patient shown urgent advice and half an hour off."""
    from bookings.tests.factories import AppointmentFactory
    from clinic.models import Closure

    request = clinician_with_a_request(live, page, django_user_model)
    follow_up = Service.objects.get(slug="follow-up")
    on_the_day = {"service": follow_up, "start": request.start}
    made = {
        "request": request,
        "second": AppointmentFactory(**on_the_day | {"start": request.start.replace(hour=12, minute=30)},
                                     patient_name="Dee Clined", email="dee@example.com"),
        "phoned": AppointmentFactory(**on_the_day | {"start": request.start.replace(hour=11)}, status="confirmed",
                                     email="", phone="07700 900 765", patient_name="Phil Phone",
                                     notes="Rang on Tuesday; prefers mornings. "
                                     "https://imaging.example.co.uk/reports/2026/left-knee-mri-lateral-meniscus"),
        "advised": AppointmentFactory(**on_the_day | {"start": request.start.replace(hour=8)}, status="confirmed",
                                      safety_advice="urgent", patient_name="Una Urgent"),
    }  # fmt: skip
    Closure.objects.create(
        start_date=request.local_start.date(), reason="Lunch", start_time=dt.time(13, 30), end_time=dt.time(14)
    )
    return made


def diary_url(live, query):
    return f"{live.url}/admin/bookings/appointment/diary/?{query}"


def assert_fits_a_phone(page, axe_violations):
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        assert page.evaluate(SMALL_TARGETS, TAPPED) == [], width
        assert axe_violations(page) == [], width


def test_the_day_on_a_phone_is_an_agenda_to_act_on(live, page, day_of_the_request, axe_violations):
    from django.core import mail

    request, second = day_of_the_request["request"], day_of_the_request["second"]
    day = f"{request.local_start:%Y-%m-%d}"
    page.goto(diary_url(live, f"day={day}"))
    agenda = page.locator("section.agenda")
    assert agenda.is_visible() and not page.locator("table.diary-grid").is_visible()
    assert_fits_a_phone(page, axe_violations)
    page.set_viewport_size({"width": 390, "height": 844})
    lines = agenda.locator(".agenda-list > li").all_inner_texts()
    starts = [line.split("–")[0] for line in lines]
    assert len(lines) == 5 and starts == sorted(starts)  # four appointments and the half hour off, in time order
    names = ["Una Urgent", request.patient_name, "Phil Phone", "Dee Clined"]
    assert [next(n for n in names if n in line) for line in lines if "Lunch" not in line] == names
    assert any(line.startswith("13:30–14:00 closed: Lunch") for line in lines)
    phoned = agenda.locator(".agenda-item", has_text="Phil Phone")
    assert phoned.locator(".agenda-call-only a").get_attribute("href") == "tel:07700900765"
    assert "No email address" in phoned.inner_text() and "Rang on Tuesday; prefers mornings." in phoned.inner_text()
    assert "Urgent advice" in agenda.locator(".agenda-item", has_text="Una Urgent").inner_text()

    agenda.get_by_role("button", name=f"Confirm {request.patient_name}").click()
    assert (
        f"{request.reference}: Confirmed. An email to the patient is on its way."
        in page.locator(".messagelist").inner_text()
    )
    assert page.url == diary_url(live, f"day={day}")  # back on the same day
    confirmed = page.locator("section.agenda .agenda-item", has_text=request.patient_name)
    assert "No questionnaire yet" in confirmed.inner_text()
    assert confirmed.get_by_role("button", name=f"Confirm {request.patient_name}").count() == 0
    assert Appointment.objects.get(pk=request.pk).status == "confirmed"
    assert [m.to for m in mail.outbox] == [["pat@example.com"]]

    page.locator("section.agenda").get_by_role("button", name=f"Decline… {second.patient_name}").click()
    assert page.locator("h1").inner_text() == "Decline and email the patient?"  # a stray tap sends nothing
    assert Appointment.objects.get(pk=second.pk).status == "requested" and len(mail.outbox) == 1
    assert_fits_a_phone(page, axe_violations)
    page.get_by_role("link", name="Go back, change nothing").click()
    assert page.url == diary_url(live, f"day={day}")


def test_the_week_on_a_phone_is_one_day_at_a_time_and_on_a_wide_screen_the_grid(
    live, page, day_of_the_request, axe_violations
):
    request = day_of_the_request["request"]
    monday = request.local_start.date() - dt.timedelta(days=request.local_start.weekday())
    page.goto(diary_url(live, f"week={request.local_start:%Y-%m-%d}"))
    heading = page.locator("section.agenda h2").inner_text()
    today = timezone.localdate()
    shown = today if monday <= today <= monday + dt.timedelta(days=6) else monday
    assert heading.startswith(f"{shown:%A} {shown.day} {shown:%B %Y}")
    assert_fits_a_phone(page, axe_violations)
    page.get_by_role("link", name="Next day ›").click()
    assert page.url == diary_url(live, f"day={shown + dt.timedelta(days=1):%Y-%m-%d}")
    page.get_by_role("link", name="‹ Previous day").click()
    assert page.url == diary_url(live, f"day={shown:%Y-%m-%d}")

    page.set_viewport_size({"width": 1280, "height": 900})
    for query in (f"week={request.local_start:%Y-%m-%d}", f"day={request.local_start:%Y-%m-%d}"):
        page.goto(diary_url(live, query))
        assert page.locator("table.diary-grid").is_visible() and not page.locator("section.agenda").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert axe_violations(page) == [], query
