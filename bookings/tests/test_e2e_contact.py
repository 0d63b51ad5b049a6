"""A patient without an email app writes to the clinic from the contact page, on a phone (390 px)."""

import pytest

from bookings.models import ContactMessage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_patient_writes_to_the_clinic_from_the_contact_page(live, page, axe_violations):
    page.goto(live.url + "/contact/")
    page.click("text=Write to the clinic from here")
    assert page.inner_text("h1") == "Write to the clinic" and axe_violations(page) == []
    page.click("button[type=submit]")  # nothing filled in: the errors are named
    assert "Enter your name." in page.inner_text("main") and axe_violations(page) == []
    page.fill("#id_name", "Ann Runner")
    page.fill("#id_email", "ann@example.com")
    page.fill("#id_message", "Is there parking at the hub?")
    page.click("button[type=submit]")
    assert page.inner_text("h1") == "Message sent" and "ann@example.com" in page.inner_text("main")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert ContactMessage.objects.get().message == "Is there parking at the hub?"
