"""In a real browser: a patient asked for feedback the day after a completed visit answers on a phone, the clinician
shows the comment from admin, and it appears on the home page with the patient's first name and initial."""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"  # looked at before the work is called done
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WORDS = "Stephen explained why my knee hurt on hills and gave me three exercises I could actually fit in."


def asked_patient():
    """A visit two days ago, marked completed then, and its patient asked by the sweep now: the emailed link."""
    from django.core import mail
    from django.utils import timezone

    from bookings import workflow
    from bookings.models import Appointment, AppointmentEvent
    from bookings.tests.factories import AppointmentFactory
    from clinic.hours import at
    from feedback import asking

    two_days_ago = timezone.now() - dt.timedelta(days=2)
    appointment = AppointmentFactory(
        start=two_days_ago - dt.timedelta(hours=2), status=Appointment.Status.CONFIRMED,
        patient_name="ann rowbotham", email="ann@example.com",
    )  # fmt: skip
    workflow.apply("complete", appointment.pk, seen_status=Appointment.Status.CONFIRMED)
    AppointmentEvent.objects.filter(appointment=appointment, to_status="completed").update(at=two_days_ago)
    mail.outbox.clear()
    noon = at(timezone.localdate(), dt.time(12))  # in the hours a patient may be emailed, whenever this runs
    assert asking.send_feedback_requests(noon) == 1
    (email,) = [m for m in mail.outbox if m.to == ["ann@example.com"]]
    (link,) = re.findall(r"https?://\S+/feedback/\S+/", email.body)
    return urlsplit(link).path


def test_a_patient_answers_on_a_phone_the_clinician_shows_it_and_it_is_on_the_home_page(
    live, page, django_user_model, axe_violations
):
    from feedback.models import Feedback

    path = asked_patient()
    SHOTS.mkdir(parents=True, exist_ok=True)
    patient = page.context.browser.new_page(viewport={"width": 390, "height": 844})
    patient.goto(live.url + path)
    assert patient.locator("h1").inner_text() == "How was your visit?"
    assert not patient.locator("#id_may_publish").is_checked()
    assert axe_violations(patient) == []
    for width in (320, 390):
        patient.set_viewport_size({"width": width, "height": 800})
        assert patient.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        patient.screenshot(path=str(SHOTS / f"feedback-{width}.png"), full_page=True)

    patient.click("button[type=submit]")  # nothing chosen: a clear message, nothing stored
    assert "Choose a rating from 1 to 5." in patient.inner_text(".error-summary")
    assert axe_violations(patient) == []
    assert not Feedback.objects.exists()
    patient.click("label[for=id_rating_4]")  # 5 – Excellent
    patient.fill("#id_comment", WORDS)
    patient.check("#id_may_publish")
    patient.click("button[type=submit]")
    assert "Thank you: we have your feedback" in patient.inner_text("#thanks")
    assert axe_violations(patient) == []
    patient.screenshot(path=str(SHOTS / "feedback-answered-390.png"), full_page=True)
    (feedback,) = Feedback.objects.all()
    assert (feedback.rating, feedback.may_publish, feedback.shown_name) == (5, True, "Ann R.")
    assert feedback.approved_at is None

    visitor = page.context.browser.new_page(viewport={"width": 390, "height": 844})
    visitor.goto(live.url + "/")
    assert visitor.locator(".feedback").count() == 0  # nothing approved yet: no block at all (and now cached)

    django_user_model.objects.create_superuser("stephen.admin", "s@example.com", "a-long-test-password-42")
    page.goto(live.url + "/admin/")
    page.fill("#id_username", "stephen.admin")
    page.fill("#id_password", "a-long-test-password-42")
    page.click("input[type=submit]")
    page.goto(live.url + "/admin/feedback/feedback/")
    assert "1 comment allowed to be shown, waiting for your decision." in page.inner_text("#content")
    assert WORDS[:60] in page.inner_text("#result_list")  # its start: the page has the whole
    assert axe_violations(page) == []
    for width in (320, 390, 1280):  # the row's decisions fit a phone and a desk
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        page.screenshot(path=str(SHOTS / f"feedback-admin-list-{width}.png"), full_page=True)
    page.get_by_role("button", name="Show on the site").click()  # one click from the list
    page.wait_for_url("**/admin/feedback/feedback/")
    assert f"Shown on the site: “{WORDS[:40]}" in page.inner_text(".messagelist")
    assert "Shown since" in page.inner_text("#result_list")
    assert Feedback.objects.get().approved_at is not None

    visitor.close()  # its browser keeps the home page for the minutes the site allows: another visitor, then
    visitor = page.context.browser.new_page(viewport={"width": 390, "height": 844})
    visitor.goto(live.url + "/")
    block = visitor.locator(".feedback")
    assert WORDS in block.inner_text() and "— Ann R., " in block.inner_text()
    assert axe_violations(visitor) == []
    for width in (390, 1280):
        visitor.set_viewport_size({"width": width, "height": 900})
        assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        block.screenshot(path=str(SHOTS / f"feedback-home-{width}.png"))
    for name, path in [("about", "/about/"), ("services", "/services/")]:  # the same block on the other two pages
        visitor.set_viewport_size({"width": 390, "height": 900})
        visitor.goto(live.url + path)
        assert "— Ann R., " in visitor.locator(".feedback").inner_text()
        assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        visitor.screenshot(path=str(SHOTS / f"feedback-{name}-390.png"), full_page=True)
