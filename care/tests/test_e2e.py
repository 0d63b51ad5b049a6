"""In a real browser: the clinician gives exercises from an appointment (starting from a template), the patient
opens the emailed link on a phone, logs a session with 10/10 pain and sees the advice, and the clinician is told."""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bookings.tests.browser import clinician_with_a_request

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"  # looked at before an issue is resolved
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_clinician_gives_exercises_and_the_patient_logs_a_painful_session(
    live, page, django_user_model, axe_violations
):
    from django.core import mail

    from bookings import workflow
    from care.models import Exercise, Programme, SessionLog

    template = Programme.objects.create(is_template=True, title="Knee: early strength")
    for order, name in enumerate(["Split squat", "Glute bridge", "Wall sit"]):
        template.items.create(exercise=Exercise.objects.get(name=name), order=order, sets=3, reps=10)
    appointment = clinician_with_a_request(live, page, django_user_model, email="pat@example.com")

    page.goto(live.url + f"/admin/bookings/appointment/{appointment.pk}/change/")
    assert page.get_by_role("link", name="Give exercises").count() == 0  # a request: not before it is confirmed
    workflow.apply("confirm", appointment.pk, seen_status=appointment.status)
    page.reload()
    page.get_by_role("link", name="Give exercises").click()
    page.get_by_role("link", name="Knee: early strength").click()
    assert axe_violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):  # each exercise a block of labelled fields: no sideways scroll on a phone or desk
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        page.screenshot(path=str(SHOTS / f"programme-admin-{width}.png"), full_page=True)
    page.click("input[name=_continue]")
    assert "The patient has been emailed the link" in page.locator(".messagelist").inner_text()
    programme = Programme.objects.given().get()
    assert [item.exercise.name for item in programme.items.all()] == ["Split squat", "Glute bridge", "Wall sit"]

    (email,) = [m for m in mail.outbox if m.to == ["pat@example.com"] and "exercise programme" in m.subject]
    (link,) = re.findall(r"https?://\S+/exercises/p/\S+/", email.body)
    patient = page.context.browser.new_page(viewport={"width": 390, "height": 844})
    patient.goto(live.url + urlsplit(link).path)  # the link names SITE_URL; the test's server is elsewhere
    assert patient.locator("h1").inner_text() == "Your exercise programme"
    assert axe_violations(patient) == []
    for width in (320, 390):
        patient.set_viewport_size({"width": width, "height": 800})
        assert patient.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        patient.screenshot(path=str(SHOTS / f"programme-{width}.png"), full_page=True)
    patient.emulate_media(media="print")  # on paper: whose programme it is, how to reach them, when to stop
    assert patient.locator(".care-letterhead").is_visible() and patient.locator(".care-safety").is_visible()
    assert not patient.locator("#log").is_visible()
    patient.screenshot(path=str(SHOTS / "programme-print.png"), full_page=True)
    patient.emulate_media(media="screen")

    patient.click("button[type=submit]")  # nothing chosen: the messages, nothing stored
    assert "There is a problem" in patient.inner_text(".error-summary")
    assert not SessionLog.objects.exists()
    patient.check("label:has-text('Split squat')")
    patient.click("label[for=id_pain_10]")
    patient.click("label:has-text('During the exercises')")
    patient.click("button[type=submit]")
    assert "Stop the exercise that hurts and contact the clinic" in patient.inner_text("#log")
    assert "Please contact NHS 111 or your GP today" in patient.inner_text("#log")
    assert axe_violations(patient) == []
    (log,) = SessionLog.objects.all()
    assert (log.pain, log.done, log.needs_attention) == (10, ["Split squat"], True)
    (alert,) = [m for m in mail.outbox if m.subject == "A patient’s exercise log needs your attention"]
    page.goto(live.url + urlsplit(re.search(r"https?://\S+", alert.body).group(0)).path)
    assert "Split squat" in page.inner_text("body") and axe_violations(page) == []

    # Before the next visit, the clinician reads how it is going on the appointment's page: the week's sessions
    # against the plan, the pain as a chart named by its trend in words, the scores as a table, and the note.
    from care.progress import monday_of

    week_before = log.day - dt.timedelta(weeks=1)
    Programme.objects.filter(pk=programme.pk).update(start_date=week_before)
    SessionLog.objects.create(programme=programme, day=week_before, done=["Glute bridge"], pain=3, pain_when="after",
                              note="Easier than last week")  # fmt: skip
    page.goto(live.url + f"/admin/bookings/appointment/{appointment.pk}/change/")
    progress = page.locator(".care-progress")
    assert f"Week of {monday_of(week_before):%-d %b}: 1 of 3" in progress.inner_text()
    assert "so far: 1 of 3" in progress.inner_text()
    chart = progress.get_by_role("img")
    assert chart.get_attribute("aria-labelledby") == f"pain-trend-{programme.pk}"
    assert "Pain rising over 2 scores" in page.inner_text(f"#pain-trend-{programme.pk}")
    progress.get_by_text("Every score as a table").click()
    assert progress.locator("table td", has_text="10").count() == 1
    assert "Easier than last week" in progress.inner_text()
    assert axe_violations(page) == []
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        progress.screenshot(path=str(SHOTS / f"progress-appointment-{width}.png"))
        page.screenshot(path=str(SHOTS / f"progress-appointment-page-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The diary's day view lists the visit with its last week and latest pain, linking to the programme.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live.url + f"/admin/bookings/appointment/diary/?day={appointment.local_start:%Y-%m-%d}")
    before = page.locator(".care-before-visits")
    assert "latest pain 10/10" in before.inner_text() and axe_violations(page) == []
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        before.screenshot(path=str(SHOTS / f"progress-diary-{width}.png"))
    before.get_by_role("link").first.click()
    page.wait_for_url(f"**/admin/care/programme/{programme.pk}/change/")
    assert "How the patient is getting on" in page.inner_text("body") and axe_violations(page) == []
    for width in (390, 1280):  # the programme's own page, its progress above its exercises
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        page.locator(".care-progress-box").screenshot(path=str(SHOTS / f"progress-programme-{width}.png"))

    # The patient asks for reminders on their page (none ticked until they tick them), then stops them from the
    # email's one-click link: opening it changes nothing, its button does.
    from care.links import stop_reminders_path

    assert patient.locator("#reminders input[type=checkbox]:checked").count() == 0
    patient.click("#reminders button[value=save]")  # nothing ticked: the message, nothing stored
    assert "Tick the days" in patient.inner_text("#reminders .error-summary")
    assert axe_violations(patient) == []
    patient.check("#reminders label:has-text('Monday')")
    patient.check("#reminders label:has-text('Thursday')")
    patient.click("#reminders button[value=save]")
    assert "You get a reminder email on Mondays and Thursdays" in patient.inner_text("#reminders")
    assert axe_violations(patient) == []
    patient.set_viewport_size({"width": 320, "height": 800})
    assert patient.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    patient.locator("#reminders").screenshot(path=str(SHOTS / "reminders-320.png"))
    patient.goto(live.url + stop_reminders_path(programme))
    assert patient.locator("h1").inner_text() == "Stop exercise reminders?" and axe_violations(patient) == []
    programme.refresh_from_db()
    assert programme.reminder_weekdays == 0b1001
    patient.screenshot(path=str(SHOTS / "stop-reminders-320.png"), full_page=True)
    patient.get_by_role("button", name="Stop reminders").click()
    assert patient.locator("h1").inner_text() == "Reminders stopped" and axe_violations(patient) == []
    programme.refresh_from_db()
    assert programme.reminder_weekdays == 0
