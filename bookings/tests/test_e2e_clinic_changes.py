"""In a real browser on a phone (390 px): time off over a confirmed appointment asks what to do with it (keep, move,
cancel), a patient's move reaches the clinician, and a patient who rang without an email address is booked."""

import pytest

from bookings import links
from bookings.models import Appointment, AppointmentEvent, Service
from bookings.tests.browser import clinician_with_a_request
from clinic.models import Closure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("choice", ["keep", "move", "cancel"])
def test_time_off_over_a_confirmed_appointment_asks_what_to_do_with_it(
    live, page, django_user_model, axe_violations, choice
):
    from django.core import mail

    appointment = clinician_with_a_request(live, page, django_user_model, email="kept@example.com")
    Appointment.objects.filter(pk=appointment.pk).update(status="confirmed")
    page.goto(live.url + "/admin/clinic/closure/add/")
    page.fill("#id_start_date", f"{appointment.local_start:%Y-%m-%d}")
    page.fill("#id_reason", "Dentist")
    page.click("input[name=_save]")
    assert page.inner_text("h1") == "This change clashes with 1 booking"
    assert "Garry O'Sullivan" in page.inner_text("main") and not Closure.objects.filter(reason="Dentist").exists()
    assert axe_violations(page) == [] and fits(page)
    page.check(f"input[type=radio][value={choice}]")
    if choice == "cancel":
        page.fill("textarea", "The clinic is closed that day, sorry.")
    page.click("input[value='Save and do this']")
    assert Closure.objects.filter(reason="Dentist").exists()
    appointment.refresh_from_db()
    if choice == "keep":
        assert appointment.status == "confirmed" and not mail.outbox
        assert AppointmentEvent.objects.filter(appointment=appointment, note__startswith="Kept although").exists()
    elif choice == "move":
        assert page.inner_text("h1").startswith("Move")  # the move page, its free times
        assert "Now choose a new time for this appointment" in page.locator(".messagelist").inner_text()
        assert fits(page) and axe_violations(page) == []
        page.locator(".admin-days a").nth(2).click()
        page.locator("input[name=slot]").last.check()
        page.click("input[value='Move here and email the patient']")
        assert Appointment.objects.get(pk=appointment.pk).start != appointment.start
    else:
        assert appointment.status == "cancelled_clinic"
        (email,) = [m for m in mail.outbox if m.to == ["kept@example.com"]]
        assert "The clinic is closed that day, sorry." in email.body and "Dentist" not in email.body


def test_a_patients_move_is_reviewed_and_reaches_the_clinician(live, page, django_user_model, axe_violations):
    from django.core import mail

    appointment = clinician_with_a_request(live, page, django_user_model, email="mover@example.com")
    Appointment.objects.filter(pk=appointment.pk).update(status="confirmed")
    page.goto(live.url + links.manage_path(appointment))
    page.click("text=Move to another time")
    page.locator("input[name=slot]").last.check()
    page.click("button[type=submit]")
    assert page.inner_text("h1") == "Move your appointment?" and axe_violations(page) == [] and fits(page)
    page.click("text=Confirm move")
    moved = Appointment.objects.get(pk=appointment.pk)
    assert moved.start != appointment.start
    (clinic,) = [m for m in mail.outbox if m.to != ["mover@example.com"]]
    assert clinic.subject.startswith("Garry O'Sullivan has moved their appointment to")
    page.goto(live.url + f"/admin/bookings/appointment/{appointment.pk}/history/")
    assert f"Moved from {appointment.local_start:%a %d %b %Y %H:%M}" in page.inner_text("main")


def test_a_patient_who_rings_without_an_email_is_booked_and_the_page_says_so(
    live, page, django_user_model, axe_violations
):
    from django.core import mail

    clinician_with_a_request(live, page, django_user_model)
    page.goto(live.url + "/admin/bookings/appointment/book/")
    page.check(f"input[name=service][value='{Service.objects.get(slug='follow-up').pk}']")
    page.click("input[value='Show free times']")
    page.locator(".admin-days a").nth(1).click()
    page.locator("input[name=slot]").first.check()
    page.fill("#id_patient_name", "Pat No-Email")
    page.fill("#id_phone", "07700 900888")
    page.check("#id_consent")
    page.click("input[value='Book this time']")
    assert "No email was sent: there is no address." in page.locator(".messagelist").inner_text()
    assert "No email address:" in page.inner_text("main")
    assert page.locator("a[href='tel:07700900888']").count() >= 1
    assert axe_violations(page) == [] and fits(page)
    booked = Appointment.objects.get(patient_name="Pat No-Email")
    assert booked.email == "" and booked.status == "confirmed"
    assert not [m for m in mail.outbox if booked.reference in m.body]  # nothing about it went to anyone
