"""The days and times (bookings/picker.py, static/js/times.js) in a real browser: a week at a time, the compact
times first, with and without JavaScript, by keyboard, at 320, 390 and 1280 px, axe clean."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse

from bookings import links
from bookings.models import Service
from bookings.tests.browser import start_booking, tab_to
from bookings.tests.factories import AppointmentFactory
from clinic.models import Closure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
TARGETS = "a.day, .week-link, .show-all, .next-available a, .slot label"


def count_loads(page):
    loads = []
    page.on("load", lambda _page: loads.append(1))
    return loads


def small_targets(page):
    """The picker's links and time labels smaller than 44×44 px."""
    return page.eval_on_selector_all(
        TARGETS,
        "els => els.map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])"
        ".filter(([, r]) => r.width < 44 || r.height < 44).map(([t, r]) => `${t}: ${r.width}×${r.height}`)",
    )


def radios(page):
    return page.eval_on_selector_all("input[name=slot]", "inputs => inputs.map(i => i.value)")


def test_with_javascript_a_day_and_show_all_redraw_in_place_and_a_week_is_a_page_load(live, page, axe_violations):
    start_booking(page, live.url, "follow-up")
    assert axe_violations(page) == [] and small_targets(page) == []
    # Next week's first free day is a whole empty day at any hour; today's may hold one time (at 06:00 only 18:00
    # was left, so there was nothing more to show).
    page.click("a.week-link[rel=next]")
    page.wait_for_url(re.compile(r"\?week="))
    loads = count_loads(page)
    first_radios = radios(page)
    assert len(first_radios) > 0 and page.locator("a.show-all").count() == 1  # an empty day: its edges first

    href = page.locator("a.day:not(.is-selected)").first.get_attribute("href")
    other = page.locator(f'a.day[href="{href}"]')
    label = other.inner_text().split("\n")[0]
    other.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'times-title'")
    assert other.get_attribute("aria-current") == "date"
    assert page.locator(".day-picker [aria-current]").count() == 1
    assert page.locator("#times-title").inner_text().startswith("Times on")
    assert label.split()[0] in page.locator("#times-title").inner_text()  # "Mon" of "Monday …"
    suggested = radios(page)
    assert suggested and suggested != first_radios

    show_all = page.locator("a.show-all")
    total = int(re.search(r"Show all (\d+) times", show_all.inner_text()).group(1))
    show_all.click()
    page.wait_for_function("() => !document.querySelector('a.show-all')")
    assert page.evaluate("document.activeElement.id") == "times-title"  # focus stays where the times begin
    everything = radios(page)
    assert len(everything) == total > len(suggested) and set(suggested) <= set(everything)
    assert "all=1" in page.url and loads == []  # two redraws, no page load
    assert axe_violations(page) == []

    tab_to(page, "input[name=slot]")
    page.keyboard.press("Space")
    chosen = page.evaluate("document.querySelector('input[name=slot]:checked').value")
    page.click(".slot-actions button")
    page.wait_for_url("**/book/details/")
    assert chosen in everything  # any free time is accepted, offered first or not

    page.go_back()
    page.wait_for_load_state()
    before = len(loads)
    page.click("a.week-link[rel=next]")
    page.wait_for_url(re.compile(r"\?week="))
    assert len(loads) == before + 1  # a week is a page load, with or without JavaScript
    assert page.locator("a.week-link[rel=prev]").count() == 1 and axe_violations(page) == []


def test_without_javascript_the_weeks_days_and_show_all_are_links(live, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    start_booking(page, live.url, "follow-up")
    assert page.locator("a.week-link[rel=prev]").count() == 0  # the first week
    first_heading = page.inner_text("#days-title")
    page.click("a.week-link[rel=next]")
    assert page.inner_text("#days-title") != first_heading and "?week=" in page.url
    assert page.locator("a.day[aria-current=date]").count() == 1
    page.click("a.show-all")
    assert "all=1" in page.url and page.locator("a.show-all").count() == 0
    page.click("a.week-link[rel=prev]")
    assert page.inner_text("#days-title") == first_heading
    context.close()


def test_a_week_with_no_free_day_and_a_closure_say_so(live, page, axe_violations):
    start_booking(page, live.url, "follow-up")
    page.click("a.week-link[rel=next]")
    page.wait_for_load_state("load")  # the click returns as the next week starts to arrive: count its days once in
    days = page.eval_on_selector_all(".week li a.day, .week li .day", "els => els.length")
    week_of = page.url.split("week=")[1].split("#")[0]
    first = dt.date.fromisoformat(week_of)
    Closure.objects.create(start_date=first, end_date=first + dt.timedelta(days=6), reason="x", public_note="Away")
    page.reload()
    assert days == 7 and "No free times this week." in page.inner_text("main")
    assert "Closed" in page.inner_text(".closed-days") and "Away" in page.inner_text(".closed-days")
    page.click(".next-available a")
    assert page.locator("a.day.is-selected").count() == 1 and radios(page)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_step_three_and_the_move_page_fit_every_width_with_big_targets(live, browser, axe_violations, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    start = (dt.datetime.now(dt.UTC) + dt.timedelta(days=9)).replace(hour=10, minute=0, second=0, microsecond=0)
    while start.weekday() >= 5:
        start += dt.timedelta(days=1)
    appointment = AppointmentFactory(service=Service.objects.get(slug="follow-up"), start=start)
    AppointmentFactory(service=Service.objects.get(slug="follow-up"), start=start + dt.timedelta(days=1, hours=2))
    closed = start.date() + dt.timedelta(days=3)
    Closure.objects.create(start_date=closed, end_date=closed, reason="Course", public_note="Away at a conference")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    start_booking(page, live.url, "follow-up")
    # Next week before "show all": this week's first day may hold a single time, late in the day (nothing more).
    pages = [("step3", None), ("step3-next-week", "a.week-link[rel=next]"), ("step3-all", "a.show-all")]
    for name, click in pages:
        if click:
            page.click(click)
            page.wait_for_load_state()
            page.wait_for_timeout(200)  # a redraw in place has no load event to wait for
        check(page, axe_violations, f"{name}-{width}", width)
    page.goto(live.url + reverse("bookings:manage_move", args=[links.manage_token(appointment)]))
    assert "Move your appointment" in page.inner_text("h1")
    check(page, axe_violations, f"move-{width}", width)
    page.click("a.week-link[rel=next]")
    check(page, axe_violations, f"move-next-week-{width}", width)
    context.close()


def check(page, axe_violations, name, width):
    page.screenshot(path=str(SCREENSHOTS / f"picker-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert small_targets(page) == [], name
    assert axe_violations(page) == [], name
