"""Faults seen in the browser on the clinic's pages (issue #25), each pinned where it was seen."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.urls import reverse

from clinic import privacy

# The contrast of a text's colour with the first opaque background behind it (WCAG 2 relative luminance).
CONTRAST = """element => {
  const rgb = value => value.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(c => c / 255)
    .map(c => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  let behind = element;
  while (behind && (rgb(getComputedStyle(behind).backgroundColor)[3] ?? 1) === 0) behind = behind.parentElement;
  const fore = luminance(rgb(getComputedStyle(element).color));
  const back = luminance(rgb(getComputedStyle(behind).backgroundColor));
  return (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
}"""


# --- The privacy notice says when it was last updated -------------------------------------------------------------


def test_the_notice_date_is_the_date_its_version_begins_with():
    assert privacy.last_updated("2026-11-25.3") == dt.date(2026, 11, 25)
    assert privacy.last_updated("2027-01-04") == dt.date(2027, 1, 4)


@pytest.mark.django_db
def test_the_privacy_notice_opens_with_the_date_it_was_last_updated_not_its_version(client):
    response = client.get(reverse("clinic:privacy"))
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    # The template states the date in words; bumping the version without it fails here.
    assert f"Last updated {privacy.last_updated():%-d %B %Y}." in html
    assert privacy.PRIVACY_NOTICE_VERSION not in html and "Version " not in html


@pytest.mark.django_db
def test_the_map_links_keep_their_full_names_for_screen_readers(client, profile):
    html = client.get(reverse("clinic:contact")).content.decode()
    for label, url in profile.map_links:
        short = label.removesuffix(" Maps")
        shown = label if short == label else f'{short}<span class="map-link-more"> Maps</span>'
        assert f'<a href="{url.replace("&", "&amp;")}" rel="noopener">{shown}</a>' in html


# --- In the browser -------------------------------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/faq/", "/", "/about/", "/first-visit/"])
def test_every_link_in_a_teal_panel_is_readable(live, page, path):
    """The FAQ's email address was teal on the same teal (1:1); axe only lists it as "incomplete"."""
    page.goto(live.url + path)
    links = page.locator(".cta-panel a")
    assert links.count() >= 1
    for n in range(links.count()):
        link = links.nth(n)
        assert link.evaluate(CONTRAST) >= 4.5, link.inner_text()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 390])
def test_the_cookie_names_are_each_on_one_line_and_the_notice_fits(live, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live.url + "/privacy/")
    page.wait_for_load_state("load")
    names = page.locator("main code")  # the cookies’ names
    assert names.count() == len(privacy.cookies())
    for n in range(names.count()):
        name = names.nth(n)
        assert name.evaluate("e => e.getClientRects().length") == 1, name.inner_text()
        assert name.evaluate("e => e.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(e).fontSize)")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("main .hint").first.inner_text().startswith("Last updated ")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("path", ["/contact/", "/first-visit/"])
def test_the_open_in_maps_links_sit_on_one_line(live, page, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live.url + path)
    page.wait_for_load_state("load")
    links = page.locator(".map-links a")
    assert links.count() == 3
    tops = {round(links.nth(n).bounding_box()["y"]) for n in range(3)}
    assert len(tops) == 1, f"the links are on {len(tops)} lines"
    assert all(links.nth(n).evaluate("e => e.getClientRects().length") == 1 for n in range(3))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    names = [links.nth(n).evaluate("e => e.textContent") for n in range(3)]
    assert names == ["OpenStreetMap", "Apple Maps", "Google Maps"]  # what a screen reader says


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/", "/about/", "/first-visit/", "/faq/", "/contact/", "/privacy/", "/services/"])
def test_no_two_landmarks_share_a_name(live, page, path):
    """axe's "landmark-unique" is a best practice, outside the WCAG tags the other browser tests run."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(live.url + path)
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": ["landmark-unique"]}})
    assert [[n["target"] for n in v["nodes"]] for v in results.response["violations"]] == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_each_days_opening_hours_sit_on_one_line_at_320_px(live, page):
    """Seen while checking the map links: "07:00–" above "19:00", in the contact page's table and the footer's."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live.url + "/contact/")
    page.wait_for_load_state("load")
    times = page.locator(".hours td")
    assert times.count() == 14  # seven days, on the page and in the footer
    one_line = """e => { const text = document.createRange(); text.selectNodeContents(e);
        return text.getBoundingClientRect().height < 1.5 * parseFloat(getComputedStyle(e).lineHeight); }"""
    for n in range(times.count()):
        assert times.nth(n).evaluate(one_line), times.nth(n).inner_text()


def test_the_privacy_notice_says_what_is_kept_after_the_visit(db, client):
    """Each app that keeps something after the visit says so under "How long it is kept": exercise programmes and
    their logs, follow-up answers, feedback and when a comment is shown."""
    page = client.get(reverse("clinic:privacy")).content.decode()
    kept = page.split("How long it is kept")[1].split("Who else sees it")[0]
    assert "exercise programme" in kept and "pain scores" in kept
    assert "follow-up emails" in kept
    assert "feedback" in kept and "the initial of your surname" in kept
