"""Clinic pages in a real browser: they render and axe finds no WCAG 2.2 A/AA violation."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/", "/contact/", "/privacy/", "/no-such-page/"])
def test_page_has_no_accessibility_violations(live, page, axe_violations, path):
    page.goto(live.url + path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_skip_link_is_first_and_moves_focus_to_main(live, page):
    page.goto(live.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_footer_shows_hours_and_open_status(live, page):
    page.goto(live.url + "/contact/")
    footer = page.locator("footer")
    assert "Friday" in footer.inner_text() and "07:00–14:00" in footer.inner_text()
    assert footer.locator(".open-status").inner_text().startswith(("Open now", "Closed now"))
