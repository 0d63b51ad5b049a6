"""The clinician in a real browser: confirming and declining, phone bookings and moves, every custom admin page
axe-clean, and a patient's questionnaire on the appointment page."""

import pytest

from bookings.models import Appointment, Service
from bookings.tests.browser import (
    clinician_with_a_request,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_clinician_confirms_a_request_from_the_diary_and_the_patient_is_emailed(
    live, page, django_user_model, axe_violations
):
    from django.core import mail

    appointment = clinician_with_a_request(live, page, django_user_model)
    assert axe_violations(page) == []  # the admin home
    page.click("#user-tools >> text=1 request waiting")  # in the header of every admin page
    assert axe_violations(page) == []  # the diary, week view
    # By role and name, not a CSS selector: a patient's name may hold an apostrophe (O'Sullivan).
    page.get_by_role("button", name=f"Confirm {appointment.patient_name}").first.click()
    assert (
        f"{appointment.reference}: Confirmed. An email to the patient is on its way."
        in page.locator(".messagelist").inner_text()
    )
    assert "Requests waiting (0)" in page.inner_text("#waiting")

    appointment.refresh_from_db()
    assert appointment.status == "confirmed"
    (email,) = [m for m in mail.outbox if m.to == ["pat@example.com"]]
    assert "confirmed" in email.subject and any(name.endswith(".ics") for name, *_ in email.attachments)
    page.goto(live.url + f"/admin/bookings/appointment/diary/?day={appointment.local_start:%Y-%m-%d}")
    assert axe_violations(page) == []  # the day view


def test_clinician_declines_from_the_appointment_page_with_a_message(live, page, django_user_model, axe_violations):
    from django.core import mail

    appointment = clinician_with_a_request(live, page, django_user_model, email="dec@example.com")
    page.goto(live.url + f"/admin/bookings/appointment/{appointment.pk}/change/")
    page.click(".decision-decline button")
    assert page.locator("h1").inner_text() == "Decline and email the patient?"  # a stray tap sends nothing
    appointment.refresh_from_db()
    assert appointment.status == "requested" and not mail.outbox
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        box = page.locator("button", has_text="Decline and email the patient").bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
    page.fill("#decision-message", "Thursday at 10:00 is free if that suits.")
    page.get_by_role("button", name="Decline and email the patient").click()
    assert "Declined" in page.locator(".messagelist").inner_text()
    appointment.refresh_from_db()
    assert appointment.status == "declined"
    (email,) = [m for m in mail.outbox if m.to == ["dec@example.com"]]
    assert "Thursday at 10:00 is free if that suits." in email.body


def test_clinician_books_a_phone_patient_into_a_free_time_and_moves_them(live, page, django_user_model, axe_violations):
    from django.core import mail

    clinician_with_a_request(live, page, django_user_model, email="waiting@example.com")
    page.click("text=Add an appointment")
    assert axe_violations(page) == []  # choose the service
    page.check(f"input[name=service][value='{Service.objects.get(slug='follow-up').pk}']")
    page.click("input[value='Show free times']")
    page.locator(".admin-days a").nth(1).click()
    assert axe_violations(page) == []  # free days and times, the patient's details
    page.locator("input[name=slot]").first.check()
    page.fill("#id_patient_name", "Phoebe Phone")
    page.fill("#id_email", "phoebe@example.com")
    page.fill("#id_phone", "07700 900777")
    page.select_option("#id_concern", "knee")
    page.check("#id_consent")
    page.click("input[value='Book this time']")
    assert (
        "booked for Phoebe Phone. An email to the patient is on its way." in page.locator(".messagelist").inner_text()
    )
    booked = Appointment.objects.get(patient_name="Phoebe Phone")
    assert booked.status == "confirmed" and booked.consent_method == "phone"
    (email,) = [m for m in mail.outbox if m.to == ["phoebe@example.com"]]
    assert "confirmed" in email.subject and any(name.endswith(".ics") for name, *_ in email.attachments)

    page.click("text=Move to another time")
    assert axe_violations(page) == []
    page.locator(".admin-days a").nth(2).click()
    page.locator("input[name=slot]").last.check()
    page.click("input[value='Move here and email the patient']")
    assert "moved" in page.locator(".messagelist").inner_text()
    moved = Appointment.objects.get(pk=booked.pk)
    assert moved.start != booked.start and moved.sequence == 1
    assert any("has moved" in m.subject for m in mail.outbox if m.to == ["phoebe@example.com"])


def test_every_custom_admin_page_is_axe_clean_and_appointments_cannot_be_deleted(
    live, page, django_user_model, axe_violations
):
    appointment = clinician_with_a_request(live, page, django_user_model)
    change = f"{live.url}/admin/bookings/appointment/{appointment.pk}/change/"
    page.goto(change)
    assert axe_violations(page) == []  # with its decision buttons
    assert page.locator("a.deletelink").count() == 0 and page.locator("text=Delete").count() == 0
    response = page.goto(f"{live.url}/admin/bookings/appointment/{appointment.pk}/delete/")
    assert response.status == 403
    for path in ["report/", "subject-access/"]:
        page.goto(f"{live.url}/admin/bookings/appointment/{path}")
        assert axe_violations(page) == [], path


def test_a_completed_questionnaire_appears_on_the_clinicians_appointment_page(
    live, page, django_user_model, axe_violations
):
    from bookings import links, workflow

    appointment = clinician_with_a_request(live, page, django_user_model)
    workflow.apply("confirm", appointment.pk, seen_status=appointment.status)
    patient = page.context.browser.new_context().new_page()
    patient.goto(live.url + links.questionnaire_path(appointment))
    assert "Before your visit" in patient.inner_text("h1")
    assert axe_violations(patient) == []
    patient.fill("#id_started", "Three weeks ago, on a long downhill run.")
    patient.fill("#id_goals", "Run the Chester half marathon in May.")
    patient.fill("#id_activity_1", "Running downhill")
    patient.click("button[type=submit]")  # an activity without a score
    assert "Choose a score from 0 to 10 for this activity." in patient.inner_text(".error-summary")
    assert axe_violations(patient) == []
    patient.select_option("#id_score_1", "4")
    patient.fill("#id_insurer", "Example Health")
    patient.click("button[type=submit]")
    assert "your answers are saved" in patient.inner_text("main")
    patient.context.close()

    page.goto(live.url + appointment.get_absolute_url())
    answers = page.locator(".field-questionnaire_answers").inner_text()
    assert "Three weeks ago, on a long downhill run." in answers
    assert "Running downhill: 4/10" in answers and "Example Health" in answers
    assert axe_violations(page) == []
    page.goto(live.url + "/admin/bookings/appointment/diary/?day=" + f"{appointment.local_start:%Y-%m-%d}")
    assert "Questionnaire in" in page.locator(f"a.diary-block[href$='/{appointment.pk}/change/']").inner_text()


def test_a_phone_booking_keeps_what_was_typed_across_days_and_a_patient_search(
    live, page, django_user_model, axe_violations
):
    """Changing the day or looking up a returning patient loads the page again: the details typed and the time
    chosen come back (never the consent), the page says so and can clear them, and a sent booking leaves none."""
    clinician_with_a_request(live, page, django_user_model, email="waiting@example.com")
    page.click("text=Add an appointment")
    page.check(f"input[name=service][value='{Service.objects.get(slug='follow-up').pk}']")
    page.click("input[value='Show free times']")
    assert page.locator("#carried-over").is_hidden()  # nothing typed yet
    page.fill("#id_patient_name", "Carrie Over")
    page.fill("#id_phone", "07700 900888")
    page.fill("#id_notes", "Left knee, since Sunday")
    page.check("#id_consent")
    page.locator(".admin-days a").nth(1).click()  # another day: a page load
    assert page.input_value("#id_patient_name") == "Carrie Over"
    assert page.input_value("#id_notes") == "Left knee, since Sunday"
    assert not page.is_checked("#id_consent")  # each caller agrees for themselves
    assert page.locator("#carried-over").is_visible()
    assert axe_violations(page) == []
    chosen = page.locator("input[name=slot]").nth(1)
    chosen.check()
    value = chosen.get_attribute("value")
    page.fill("#patient-search", "Nobody Earlier")
    page.click("button:has-text('Find')")  # a page load too
    assert page.is_checked(f"input[name=slot][value='{value}']")
    assert page.input_value("#id_phone") == "07700 900888"

    page.click("#carried-over button")  # a different caller: start clean
    assert page.input_value("#id_patient_name") == "" and page.input_value("#id_notes") == ""
    assert page.locator("#carried-over").is_hidden()

    page.fill("#id_patient_name", "Sent Patient")
    page.fill("#id_phone", "07700 900999")
    page.locator("input[name=slot]").first.check()
    page.check("#id_consent")
    page.click("input[value='Book this time']")
    assert "booked for Sent Patient" in page.locator(".messagelist").inner_text()
    page.goto(live.url + "/admin/bookings/appointment/book/?service=" + str(Service.objects.get(slug="follow-up").pk))
    assert page.input_value("#id_patient_name") == "" and page.locator("#carried-over").is_hidden()
