"""What the browser tests do as a patient or the clinician would: tab through a page, answer the safety questions,
start a booking, choose a time and fill in the details; and sign in as the clinician with a request waiting."""

import datetime as dt

from bookings.models import SafetyQuestion, Service


def tab_to(page, selector, limit=80):
    """Press Tab until the focused element matches `selector` (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def reassuring_answers(page) -> list[tuple[str, str]]:
    """Each safety question on the page (its radios' name) and its reassuring answer: "no", or "yes" to a question
    worded positively ("Can you put weight on the leg?").

    Read once the page has loaded: a click returns as the next page starts to arrive, and the questions of a page
    still being parsed were too few (CI on 26 Nov, without JavaScript: a 422 for the ones left unanswered)."""
    page.wait_for_load_state("load")
    names = page.eval_on_selector_all("input[type=radio][value=no]", "radios => radios.map(r => r.name)")
    worrying = dict(
        SafetyQuestion.objects.filter(pk__in=[name[1:] for name in names]).values_list("pk", "worrying_answer")
    )
    return [(name, "no" if worrying[int(name[1:])] else "yes") for name in names]


def give_the_reassuring_safety_answers(page):
    """Step 2 with the mouse: the reassuring answer to every safety question, then Continue (to the times)."""
    for name, answer in reassuring_answers(page):
        page.check(f"input[name={name}][value={answer}]")
    page.click("form[method=post] button[type=submit]")


def start_booking(page, url, service="initial-assessment", concern="knee"):
    """Steps 1 and 2 with the mouse, ending on the times."""
    page.goto(url + "/book/")
    page.check(f"input[name=service][value={service}]")
    page.check(f"input[name=concern][value={concern}]")
    page.click("button[type=submit]")
    give_the_reassuring_safety_answers(page)


def choose_first_time_and_fill_details(page, name, email):
    """With the mouse: the first free time, then the details form, ending on "check your answers"."""
    slot = page.locator("input[name=slot]").first.get_attribute("value")
    page.locator("input[name=slot]").first.check()
    page.click("button[type=submit]")
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    page.fill("#id_phone", "07700 900123")
    page.check("#id_consent")
    page.click("button[type=submit]")
    return slot


def clinician_with_a_request(live, page, django_user_model, email="pat@example.com"):

    from django.core import mail

    from bookings.tests.factories import AppointmentFactory

    django_user_model.objects.create_superuser("stephen.admin", "s@example.com", "a-long-test-password-42")
    start = (dt.datetime.now(dt.UTC) + dt.timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    while start.weekday() >= 5:
        start += dt.timedelta(days=1)
    appointment = AppointmentFactory(
        service=Service.objects.get(slug="follow-up"), start=start, email=email, patient_name="Garry O'Sullivan"
    )  # an apostrophe in the name, as real patients have
    mail.outbox.clear()
    page.goto(live.url + "/admin/")
    page.fill("#id_username", "stephen.admin")
    page.fill("#id_password", "a-long-test-password-42")
    page.click("input[type=submit]")
    return appointment
