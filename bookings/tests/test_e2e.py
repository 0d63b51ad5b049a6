"""The booking flow in a real browser: keyboard only, and axe on every step and error state."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from bookings import triage
from bookings.models import Appointment, Service
from bookings.tests.browser import (
    choose_first_time_and_fill_details,
    give_the_reassuring_safety_answers,
    reassuring_answers,
    start_booking,
    tab_to,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SADDLE = "Do you have numbness or tingling around your bottom"


def test_a_patient_books_with_the_keyboard_only(live, page, axe_violations):
    page.goto(live.url + "/book/?concern=knee")
    assert axe_violations(page) == []

    tab_to(page, "input[name=service]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=concern]:checked")  # pre-filled from the article's ?concern=knee
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/book/safety/"))
    assert axe_violations(page) == []
    questions = reassuring_answers(page)
    assert len(questions) >= 3 and ("yes" in dict(questions).values())  # "Can you put weight on the leg?"
    for name, answer in questions:
        tab_to(page, f"input[name={name}]")  # lands on "Yes": Space chooses it, the arrow key moves to "No"
        page.keyboard.press("Space" if answer == "yes" else "ArrowDown")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/book/time/"))
    assert axe_violations(page) == []
    tab_to(page, "input[name=slot]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/book/details/")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")  # nothing filled in: the error summary takes focus
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert axe_violations(page) == []

    tab_to(page, "#id_name")
    page.keyboard.type("Ann Runner")
    tab_to(page, "#id_email")
    page.keyboard.type("ann@example.com")
    tab_to(page, "#id_phone")
    page.keyboard.type("07700 900123")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/book/check/")
    assert axe_violations(page) == []
    assert "Ann Runner" in page.inner_text("main")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/book/done/")
    assert axe_violations(page) == []
    reference = re.search(r"RST-[0-9A-Z]{6}", page.inner_text(".reference")).group(0)
    appointment = Appointment.objects.get(reference=reference)
    assert appointment.concern == "knee" and appointment.email == "ann@example.com"
    assert appointment.safety_answers and triage.flags(appointment.safety_answers) == []
    assert appointment.safety_advice == ""


def test_error_states_have_no_accessibility_violations(live, page, axe_violations):
    page.goto(live.url + "/book/")
    page.click("button[type=submit]")  # no service chosen
    assert page.locator(".error-summary").is_visible()
    assert "Choose the service you’d like to book." in page.inner_text(".error-summary")
    assert axe_violations(page) == []
    page.locator("input[name=service]").first.check()
    page.click("button[type=submit]")  # no area chosen
    assert "Choose the area of concern" in page.inner_text(".error-summary")
    page.locator("input[name=concern]").first.check()
    page.click("button[type=submit]")
    page.click("form[method=post] button[type=submit]")  # no safety answers
    assert "Answer yes or no to “" in page.inner_text(".error-summary")
    assert axe_violations(page) == []
    give_the_reassuring_safety_answers(page)
    page.click("button[type=submit]")  # no time chosen
    assert page.locator(".error-summary").is_visible()
    assert axe_violations(page) == []
    page.goto(live.url + "/book/time/?date=not-a-date")
    assert "That date can’t be booked" in page.inner_text("main")
    assert axe_violations(page) == []


def test_the_booking_flow_works_without_javascript(live, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    start_booking(page, live.url)
    choose_first_time_and_fill_details(page, "No Script", "noscript@example.com")
    page.click("button[type=submit]")
    assert "Booking request sent" in page.inner_text("h1")
    context.close()


def test_taken_and_manage_pages_have_no_accessibility_violations(live, page, axe_violations):
    import datetime as dt

    from bookings import links
    from bookings.availability import as_value, parse_value
    from bookings.tests.factories import AppointmentFactory

    start_booking(page, live.url, "follow-up")
    slot = choose_first_time_and_fill_details(page, "Late Comer", "late@example.com")
    start = parse_value(slot)
    other = AppointmentFactory(service=Service.objects.get(slug="follow-up"), start=start)
    page.click("button[type=submit]")
    assert "that time has just been taken" in page.inner_text("h1")
    assert axe_violations(page) == []

    page.goto(live.url + links.manage_path(other))
    assert other.reference in page.inner_text("main")
    assert axe_violations(page) == []
    later = AppointmentFactory(service=Service.objects.get(slug="follow-up"), start=start + dt.timedelta(days=7))
    page.goto(live.url + links.manage_path(later))
    page.click("text=Move to another time")
    assert "Move your appointment" in page.inner_text("h1")
    assert axe_violations(page) == []
    own = as_value(later.start)
    others = page.locator(f"input[name=slot]:not([value='{own}'])")  # its own time is offered too: not that one
    others.last.check()
    page.click("button[type=submit]")
    assert page.inner_text("h1") == "Move your booking request?"  # the review step: nothing moved yet
    assert "Confirm move" in page.inner_text("main") and axe_violations(page) == []
    assert Appointment.objects.get(pk=later.pk).start == later.start
    page.click("text=Confirm move")
    assert "Your booking request has moved." in page.inner_text("main")
    assert Appointment.objects.get(pk=later.pk).start != later.start
    page.goto(live.url + links.manage_path(later))
    page.click("text=Cancel this appointment")
    assert "Cancel your booking request (awaiting confirmation) on" in page.inner_text("h1")  # not yet confirmed
    assert axe_violations(page) == []  # the confirm step
    page.click("text=Yes, cancel it")
    assert "Your booking request is cancelled" in page.inner_text("main")
    assert axe_violations(page) == []


def test_no_public_page_or_booking_step_scrolls_sideways_at_320_px_or_shows_a_straight_apostrophe(live, page):
    from blog.tests.factories import CategoryFactory, PostFactory

    category = CategoryFactory(slug="knee", name="Knee")
    post = PostFactory(categories=[category])
    page.set_viewport_size({"width": 320, "height": 700})

    def assert_fits(where):
        page.wait_for_load_state("load")  # measured with the stylesheet applied
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321)"
            ".slice(-3).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 40))"
        )
        assert width <= 320, f"{where} is {width} px wide at 320 px: {wide}"
        straight = re.findall(r"\w+'\w+", page.inner_text("body"))  # the site writes ’ (top of site.css)
        assert straight == [], f"{where} shows straight apostrophes: {straight}"

    paths = [
        "/",
        "/about/",
        "/first-visit/",
        "/faq/",
        "/contact/",
        "/privacy/",
        "/services/",
        "/services/initial-assessment/",
        "/blog/",
        post.get_absolute_url(),
        "/blog/category/knee/",
        "/x/",
    ]
    for path in [*paths, "/book/waitlist/?service=follow-up"]:
        page.goto(live.url + path)
        assert_fits(path)
    page.goto(live.url + "/book/")
    assert_fits("step 1")
    page.locator("input[name=service]").first.check()
    page.check("input[name=concern][value=back]")
    page.click("button[type=submit]")
    assert_fits("step 2")
    for name, answer in reassuring_answers(page):
        page.check(f"input[name={name}][value={answer}]")
    page.locator(".yes-no", has_text=SADDLE).locator("input[value=yes]").check()
    page.click("form[method=post] button[type=submit]")
    assert "call 999" in page.inner_text("h1")
    assert_fits("emergency advice")
    page.click("text=Continue to book a consult")
    assert_fits("step 3")
    page.locator("input[name=slot]").first.check()
    page.click("form[method=post] button[type=submit]")
    assert_fits("step 4")
    page.click("button[type=submit]")  # with errors
    assert_fits("step 4 with errors")
    page.fill("#id_name", "Narrow Screen")
    page.fill("#id_email", "narrow.screen.with.a.long.address@example.com")
    page.fill("#id_phone", "07700 900123")
    page.check("#id_consent")
    page.click("button[type=submit]")
    assert_fits("step 5")
    page.click("button[type=submit]")
    assert_fits("confirmation")


def test_a_patient_with_an_emergency_sign_is_told_to_call_999_and_may_still_book(
    live, page, django_user_model, axe_violations
):
    from django.core import mail

    saddle = SADDLE
    page.goto(live.url + "/book/")
    page.check("input[name=service][value=initial-assessment]")
    page.check("input[name=concern][value=back]")
    page.click("button[type=submit]")
    assert "A few safety questions" in page.inner_text("h1")
    for name, answer in reassuring_answers(page):
        page.check(f"input[name={name}][value={answer}]")
    page.locator(".yes-no", has_text=saddle).locator("input[value=yes]").check()
    page.click("form[method=post] button[type=submit]")

    assert page.inner_text("h1") == "Please call 999 or go to A&E now"
    advice = page.inner_text(".advice")
    assert "cauda equina" in advice and "This is not a diagnosis" in advice
    assert page.get_attribute("a:has-text('Call 999')", "href") == "tel:999"
    assert axe_violations(page) == []

    page.click("text=Continue to book a consult")  # the patient's own choice: a later, non-urgent problem
    choose_first_time_and_fill_details(page, "Bea Back", "bea@example.com")
    assert "advised to call 999 or go to A&E first" in page.inner_text("main")
    page.click("button[type=submit]")
    assert "Booking request sent" in page.inner_text("h1")
    appointment = Appointment.objects.get(email="bea@example.com")
    assert appointment.safety_advice == "emergency"
    assert [a["question"] for a in triage.flags(appointment.safety_answers)] == [
        q for q in [a["question"] for a in appointment.safety_answers] if q.startswith(saddle)
    ]
    assert mail.outbox and not any(
        saddle in m.body or "999" in m.body or saddle in m.alternatives[0][0] for m in mail.outbox
    )

    django_user_model.objects.create_superuser("stephen.admin", "s@example.com", "a-long-test-password-42")
    page.goto(live.url + appointment.get_absolute_url())
    page.fill("#id_username", "stephen.admin")
    page.fill("#id_password", "a-long-test-password-42")
    page.click("input[type=submit]")
    first_fieldset = page.locator("fieldset").first
    assert "Safety answers" in first_fieldset.inner_text()
    assert "Emergency advice: call 999 or go to A&E, and the patient chose to book." in first_fieldset.inner_text()
    assert saddle in first_fieldset.locator(".flags").inner_text()
    assert axe_violations(page) == []


class Walk:
    """A patient's walk through the site in a browser, counting what they do: taps (each click on a link, button,
    radio or checkbox; typing in a field is not a tap) and page loads (every document loaded after the first page;
    a script changing the address in place is not one)."""

    def __init__(self, page):
        self.page, self.taps, self.loads = page, 0, 0
        page.on("load", lambda _page: self._loaded())

    def _loaded(self):
        self.loads += 1

    def tap(self, locator):
        locator.click()
        self.taps += 1
        self.page.wait_for_load_state()  # a person taps again once the page has arrived


README_TAPS = re.compile(
    r"without JavaScript, (\d+) taps and (\d+) page loads; with JavaScript, (\d+) taps and (\d+) page loads".replace(
        " ", r"\s+"
    )
)


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_taps_and_page_loads_from_the_home_page_to_a_sent_request_are_as_the_readme_says(live, browser, javascript):
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 390, "height": 844}, reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto(live.url + "/")
    walk = Walk(page)
    walk.loads = 0
    walk.tap(page.locator("main").get_by_role("link", name="Book a consult").first)
    walk.tap(page.locator("input[name=service][value=initial-assessment]"))
    walk.tap(page.locator("input[name=concern][value=knee]"))
    walk.tap(page.get_by_role("button", name="Continue"))
    for name, answer in reassuring_answers(page):
        walk.tap(page.locator(f"input[name={name}][value={answer}]"))
    walk.tap(page.get_by_role("button", name="Continue"))
    # Step 3: a different day from the one shown first, then its first time.
    loads_before_day = walk.loads
    other_day = page.locator("a.day:not(.is-selected)").first
    wanted = other_day.get_attribute("href").split("=", 1)[1].split("#")[0]
    walk.tap(other_day)
    expect_heading = page.locator("#times-title")
    expect_heading.wait_for()
    page.wait_for_function(
        "(label) => document.getElementById('times-title').textContent.includes(label)",
        arg=dt.date.fromisoformat(wanted).strftime("%A ") + str(dt.date.fromisoformat(wanted).day),
    )
    assert walk.loads - loads_before_day == (0 if javascript else 1)
    first_time = page.locator("input[name=slot]").first
    assert first_time.get_attribute("value")
    assert page.locator("input[name=slot]").count() <= 9  # the few offered first: at most three per part of the day
    walk.tap(first_time)
    continue_button = page.get_by_role("button", name="Continue")
    if javascript:  # the button is in view without scrolling
        box, height = continue_button.bounding_box(), page.viewport_size["height"]
        assert box["y"] >= 0 and box["y"] + box["height"] <= height
    walk.tap(continue_button)
    page.fill("#id_name", "Tap Counter")
    page.fill("#id_email", f"taps-{'js' if javascript else 'nojs'}@example.com")
    page.fill("#id_phone", "07700 900123")
    walk.tap(page.locator("#id_consent"))
    walk.tap(page.get_by_role("button", name="Continue"))
    walk.tap(page.get_by_role("button", name="Send booking request"))
    assert "Booking request sent" in page.inner_text("h1")
    appointment = Appointment.objects.get(email=f"taps-{'js' if javascript else 'nojs'}@example.com")
    assert timezone.localtime(appointment.start).date().isoformat() == wanted
    context.close()

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    numbers = [int(n) for n in README_TAPS.search(readme).groups()]
    assert (walk.taps, walk.loads) == (tuple(numbers[2:]) if javascript else tuple(numbers[:2]))
