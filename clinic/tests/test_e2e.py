"""Clinic pages in a real browser: they render and axe finds no WCAG 2.2 A/AA violation."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/about/",
        "/first-visit/",
        "/faq/",
        "/contact/",
        "/privacy/",
        "/services/",
        "/services/running-gait-analysis/",
        "/no-such-page/",
    ],
)
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


@pytest.mark.parametrize("width", [320, 390, 768])
def test_the_phone_header_is_one_row_with_the_menu_and_book(live, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live.url + "/contact/")
    page.wait_for_load_state("load")
    assert page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height") <= 100
    assert page.locator(".nav-menu summary").is_visible() and page.locator(".site-nav .nav-cta").is_visible()
    page.click(".nav-menu summary")  # a <details> disclosure: works without JavaScript
    page.locator(".nav-menu").get_by_role("link", name="Services").click()
    page.wait_for_url("**/services/")
    assert page.inner_text("h1") == "Services and prices"


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_once_the_clinic_has_a_phone_number_the_header_offers_a_call_on_phones(live, page, axe_violations, width):
    from clinic.models import ClinicProfile
    from core import pagecache

    profile = ClinicProfile.load()
    profile.phone = "01565 (123) 456"
    profile.save()
    pagecache.invalidate()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live.url + "/")
    page.wait_for_load_state("load")
    call = page.locator(".site-nav .nav-call")
    assert call.is_visible() == (width < 768)
    assert call.get_attribute("href") == "tel:01565123456"
    if width < 768:
        box = call.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
        assert page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height") <= 100
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
