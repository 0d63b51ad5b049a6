"""The booking flow in a real browser: keyboard only, and axe on every step and error state."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from bookings.models import Appointment, Service

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector, limit=80):
    """Press Tab until the focused element matches `selector` (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def answer_no_to_the_safety_questions(page):
    """Step 2 with the mouse: "No" to every safety question, then Continue (to the times)."""
    for radio in page.locator("input[type=radio][value=no]").all():
        radio.check()
    page.click("form[method=post] button[type=submit]")


def start_booking(page, url, service="initial-assessment", concern="knee"):
    """Steps 1 and 2 with the mouse, ending on the times."""
    page.goto(url + "/book/")
    page.check(f"input[name=service][value={service}]")
    page.check(f"input[name=concern][value={concern}]")
    page.click("button[type=submit]")
    answer_no_to_the_safety_questions(page)


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
    questions = page.eval_on_selector_all("input[value=no]", "radios => radios.map(r => r.name)")
    assert len(questions) >= 3
    for name in questions:
        tab_to(page, f"input[name={name}]")  # lands on "Yes"; the arrow key moves to and chooses "No"
        page.keyboard.press("ArrowDown")
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
    assert appointment.safety_answers and not any(a["yes"] for a in appointment.safety_answers)
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
    assert "Answer yes or no." in page.inner_text(".error-summary")
    assert axe_violations(page) == []
    answer_no_to_the_safety_questions(page)
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


def _clinician_with_a_request(live, page, django_user_model, email="pat@example.com"):
    import datetime as dt

    from django.core import mail

    from bookings.models import Service
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


def test_clinician_confirms_a_request_from_the_diary_and_the_patient_is_emailed(
    live, page, django_user_model, axe_violations
):
    from django.core import mail

    appointment = _clinician_with_a_request(live, page, django_user_model)
    assert axe_violations(page) == []  # the admin home
    page.click("#user-tools >> text=1 request waiting")  # in the header of every admin page
    assert axe_violations(page) == []  # the diary, week view
    # By role and name, not a CSS selector: a patient's name may hold an apostrophe (O'Sullivan).
    page.get_by_role("button", name=f"Confirm {appointment.patient_name}").first.click()
    assert (
        f"{appointment.reference}: Confirmed. The patient has been emailed."
        in page.locator(".messagelist").inner_text()
    )
    assert "Requests waiting (0)" in page.inner_text("#waiting")

    appointment.refresh_from_db()
    assert appointment.status == "confirmed"
    (email,) = [m for m in mail.outbox if m.to == ["pat@example.com"]]
    assert "confirmed" in email.subject and any(name.endswith(".ics") for name, *_ in email.attachments)
    page.goto(live.url + f"/admin/bookings/appointment/diary/?day={appointment.local_start:%Y-%m-%d}")
    assert axe_violations(page) == []  # the day view


def test_clinician_declines_from_the_appointment_page_with_a_message(live, page, django_user_model):
    from django.core import mail

    appointment = _clinician_with_a_request(live, page, django_user_model, email="dec@example.com")
    page.goto(live.url + f"/admin/bookings/appointment/{appointment.pk}/change/")
    page.fill("#decline-message", "Thursday at 10:00 is free if that suits.")
    page.click(".decision-decline button")
    assert "Declined" in page.locator(".messagelist").inner_text()
    appointment.refresh_from_db()
    assert appointment.status == "declined"
    (email,) = [m for m in mail.outbox if m.to == ["dec@example.com"]]
    assert "Thursday at 10:00 is free if that suits." in email.body


def test_taken_and_manage_pages_have_no_accessibility_violations(live, page, axe_violations):
    import datetime as dt

    from bookings import links
    from bookings.availability import parse_value
    from bookings.models import Service
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
    page.goto(live.url + links.manage_path(later))
    page.click("text=Cancel this appointment")
    assert "Cancel your appointment on" in page.inner_text("h1")
    assert axe_violations(page) == []  # the confirm step
    page.click("text=Yes, cancel it")
    assert "Your appointment is cancelled" in page.inner_text("main")
    assert axe_violations(page) == []


def test_clinician_books_a_phone_patient_into_a_free_time_and_moves_them(live, page, django_user_model, axe_violations):
    from django.core import mail

    _clinician_with_a_request(live, page, django_user_model, email="waiting@example.com")
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
    assert "booked for Phoebe Phone. The patient has been emailed." in page.locator(".messagelist").inner_text()
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
    appointment = _clinician_with_a_request(live, page, django_user_model)
    change = f"{live.url}/admin/bookings/appointment/{appointment.pk}/change/"
    page.goto(change)
    assert axe_violations(page) == []  # with its decision buttons
    assert page.locator("a.deletelink").count() == 0 and page.locator("text=Delete").count() == 0
    response = page.goto(f"{live.url}/admin/bookings/appointment/{appointment.pk}/delete/")
    assert response.status == 403
    for path in ["report/", "subject-access/"]:
        page.goto(f"{live.url}/admin/bookings/appointment/{path}")
        assert axe_violations(page) == [], path


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
    for radio in page.locator("input[type=radio][value=no]").all():
        radio.check()
    page.locator("input[type=radio][value=yes]").nth(1).check()  # numbness around the saddle area
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


def test_a_patient_joins_the_waitlist_gets_a_freed_time_by_email_and_claims_it(live, page, axe_violations):
    import datetime as dt
    from urllib.parse import urlsplit

    from django.core import mail
    from django.utils import timezone

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
    assert "Answer yes or no." in page.inner_text(".error-summary")
    assert axe_violations(page) == []
    for radio in page.locator("input[type=radio][value=no]").all():
        radio.check()
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


def test_a_patient_with_an_emergency_sign_is_told_to_call_999_and_may_still_book(
    live, page, django_user_model, axe_violations
):
    from django.core import mail

    saddle = "Since the pain began, is there numbness or tingling around your bottom"
    page.goto(live.url + "/book/")
    page.check("input[name=service][value=initial-assessment]")
    page.check("input[name=concern][value=back]")
    page.click("button[type=submit]")
    assert "A few safety questions" in page.inner_text("h1")
    for radio in page.locator("input[type=radio][value=no]").all():
        radio.check()
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
    assert [a["question"] for a in appointment.safety_answers if a["yes"]] == [
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


def test_a_completed_questionnaire_appears_on_the_clinicians_appointment_page(
    live, page, django_user_model, axe_violations
):
    from bookings import links, workflow

    appointment = _clinician_with_a_request(live, page, django_user_model)
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
    for radio in page.locator("input[type=radio][value=no]").all():
        walk.tap(radio)
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
