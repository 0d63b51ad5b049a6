import datetime as dt
import json
import re
from http import HTTPStatus
from unittest import mock

import pytest
import time_machine
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from clinic.context_processors import load_clinic_context
from clinic.models import ClinicProfile, Closure

pytestmark = pytest.mark.django_db

MONDAY_9AM = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
SUNDAY_NOON = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)


def jsonld_blocks(html):
    return [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


@pytest.mark.parametrize("name", ["clinic:home", "clinic:contact", "clinic:privacy"])
def test_pages_have_one_h1_and_the_clinic_details(client, name):
    response = client.get(reverse(name))
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.count("<h1") == 1
    assert 'href="mailto:stephen.lunt@restoresportsinjury.co.uk"' in html
    assert "WA16 8ZR" in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html


def test_home_has_the_book_a_consult_call_to_action(client):
    html = client.get(reverse("clinic:home")).content.decode()
    assert f'href="{reverse("bookings:start")}"' in html
    assert "Book a consult" in html


def test_footer_hides_social_links_without_an_address(client):
    html = client.get(reverse("clinic:home")).content.decode()
    assert "instagram.com/RestoreRehabAndPerformance" in html
    assert ">Facebook<" not in html and ">YouTube<" not in html
    profile = ClinicProfile.load()
    profile.facebook_url = "https://www.facebook.com/restore.knutsford"
    profile.save()
    assert ">Facebook<" in client.get(reverse("clinic:home")).content.decode()


def test_phone_shows_only_when_set(client):
    assert "tel:" not in client.get(reverse("clinic:contact")).content.decode()
    profile = ClinicProfile.load()
    profile.phone = "01565 123456"
    profile.save()
    assert 'href="tel:01565123456"' in client.get(reverse("clinic:contact")).content.decode()


@time_machine.travel(MONDAY_9AM, tick=False)
def test_footer_marks_today_and_says_open_now(client):
    html = client.get(reverse("clinic:home")).content.decode()
    assert re.search(r'<tr class="today" aria-current="date">\s*<th scope="row">Monday', html)
    assert "Open now</strong> until 19:00" in html


@time_machine.travel(SUNDAY_NOON, tick=False)
def test_footer_says_closed_on_sunday_and_when_it_opens(client):
    html = client.get(reverse("clinic:home")).content.decode()
    assert "Closed now</strong>" in html
    assert "opens tomorrow at 07:00" in html  # on a Sunday


@time_machine.travel(MONDAY_9AM, tick=False)
def test_footer_names_todays_closure(client):
    Closure.objects.create(start_date=dt.date(2026, 11, 23), reason="Course", public_note="Training course")
    html = client.get(reverse("clinic:home")).content.decode()
    assert "Closed now</strong> (Training course)" in html and "Course" not in html


def test_every_page_describes_the_clinic_in_json_ld(client):
    blocks = jsonld_blocks(client.get(reverse("clinic:contact")).content.decode())
    clinic = next(b for b in blocks if b.get("@type") == "MedicalBusiness")
    assert clinic["address"]["postalCode"] == "WA16 8ZR"
    assert clinic["email"] == "stephen.lunt@restoresportsinjury.co.uk"
    friday = [s for s in clinic["openingHoursSpecification"] if "https://schema.org/Friday" in s["dayOfWeek"]]
    assert friday == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Friday"],
            "opens": "07:00",
            "closes": "14:00",
        }
    ]
    assert not any("Sunday" in day for s in clinic["openingHoursSpecification"] for day in s["dayOfWeek"])


def test_json_ld_escapes_markup_in_clinic_data(client):
    profile = ClinicProfile.load()
    profile.name = "Restore </script><script>alert(1)</script>"
    profile.save()
    html = client.get(reverse("clinic:contact")).content.decode()
    assert "</script><script>alert(1)" not in html
    assert jsonld_blocks(html)[0]["name"] == profile.name


def test_clinic_context_costs_no_query_once_cached(django_assert_num_queries):
    load_clinic_context(MONDAY_9AM).week  # warm the cache  # noqa: B018
    with django_assert_num_queries(0):
        context = load_clinic_context(MONDAY_9AM)
        assert context.profile.short_name == "Restore"
        assert context.status.is_open


def test_unknown_url_gets_the_branded_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    html = response.content.decode()
    assert "Sorry, we can’t find that page" in html
    assert "Restore" in html


def test_bad_host_header_gets_400_not_500(client, settings):
    settings.DEBUG = False
    response = client.get(reverse("clinic:home"), headers={"host": "evil.example"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_server_error_page_is_branded(client):
    client = Client(raise_request_exception=False)
    with mock.patch("clinic.views.HomeView.get", side_effect=RuntimeError("boom")):
        response = client.get(reverse("clinic:home"))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "Sorry, something went wrong on our side" in response.content.decode()
    assert "stephen.lunt@restoresportsinjury.co.uk" in response.content.decode()


def test_healthz_reports_the_database(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"


def test_healthz_runs_the_checks_apps_register(client):
    from core import health

    def failing(now):
        return "widgets", {"stuck": 3}, False

    health.register(failing)
    try:
        response = client.get(reverse("healthz"))
    finally:
        health.CHECKS.remove(failing)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["widgets"] == {"stuck": 3} and response.json()["status"] == "error"


def test_healthz_answers_503_when_the_database_is_unreachable(client):
    with mock.patch("clinic.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get(reverse("healthz"))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["database"] == "unavailable"


def test_robots_txt_points_to_the_sitemap(client, settings):
    settings.SITE_URL = "https://restoresportsinjury.co.uk"
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://restoresportsinjury.co.uk/sitemap.xml" in response.content.decode()


def test_web_manifest_names_the_clinic(client):
    manifest = client.get(reverse("web_manifest")).json()
    assert manifest["short_name"] == "Restore"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}


def test_security_headers_on_every_page(client):
    response = client.get(reverse("clinic:home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_load_nothing_from_other_hosts(client):
    html = client.get(reverse("clinic:home")).content.decode()
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        if src.startswith(("http://", "https://", "//")):
            assert re.search(r"instagram\.com|facebook\.com|youtube\.com|openstreetmap\.org", src), src
    assert "<script src=" not in html or all(
        s.startswith("/static/") for s in re.findall(r'<script src="([^"]+)"', html)
    )


def test_time_off_by_the_hour_is_announced_while_it_is_in_effect(client, db):
    import datetime as dt

    import time_machine

    from clinic.models import Closure

    Closure.objects.create(
        start_date=dt.date(2026, 12, 1),
        reason="School run",
        start_time=dt.time(8),
        end_time=dt.time(9, 30),
        public_note="School run",
    )
    with time_machine.travel(dt.datetime(2026, 12, 1, 7, 15, tzinfo=dt.UTC), tick=False):
        before = client.get(reverse("clinic:contact")).content.decode()
    assert "Open now</strong> until 08:00" in before
    with time_machine.travel(dt.datetime(2026, 12, 1, 8, 15, tzinfo=dt.UTC), tick=False):
        during = client.get(reverse("clinic:contact")).content.decode()  # the cached copy expired at 08:00
    assert "Closed now</strong> (School run) · opens today at 09:30" in during


@pytest.mark.parametrize(
    ("moment", "says"),
    [
        ((2026, 11, 25, 6, 0), "opens today at 07:00"),  # Wednesday before opening
        ((2026, 11, 25, 18, 0), "opens tomorrow at 07:00"),  # Wednesday evening
        ((2026, 11, 28, 13, 0), "opens Monday at 07:00"),  # Saturday afternoon: closed Sunday
    ],
)
def test_the_closed_line_says_when_the_clinic_opens_as_a_person_would(client, db, moment, says):
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(*moment, tzinfo=dt.UTC), tick=False):
        assert says in client.get(reverse("clinic:contact")).content.decode()


class TestContactPage:
    def test_directions_parking_and_access_show_only_once_the_clinician_writes_them(self, client):
        from clinic.models import ClinicProfile

        page = client.get(reverse("clinic:contact")).content.decode()
        assert "<h3>Parking</h3>" not in page and "<h3>Getting in</h3>" not in page
        profile = ClinicProfile.load()
        profile.parking, profile.access = "Free spaces in front of the Hub.", "Ring the bell marked Restore."
        profile.save()
        page = client.get(reverse("clinic:contact")).content.decode()
        assert "<h3>Parking</h3>" in page and "Free spaces in front of the Hub." in page
        assert "<h3>Getting in</h3>" in page and "<h3>Getting here</h3>" not in page

    def test_open_in_maps_links_use_the_position_when_set_else_the_address(self, client):
        from decimal import Decimal

        from clinic.models import ClinicProfile

        page = client.get(reverse("clinic:contact")).content.decode()
        assert "https://maps.apple.com/?q=The%20Transform%20Hub" in page and "OpenStreetMap" in page
        profile = ClinicProfile.load()
        profile.latitude, profile.longitude = Decimal("53.30420"), Decimal("-2.37310")
        profile.save()
        page = client.get(reverse("clinic:contact")).content.decode()
        for url in (
            "https://www.openstreetmap.org/?mlat=53.30420&amp;mlon=-2.37310",
            "https://maps.apple.com/?ll=53.30420,-2.37310",
            "https://www.google.com/maps/search/?api=1&amp;query=53.30420,-2.37310",
        ):
            assert url in page
        assert "<script" not in page.split("</head>")[1].replace('<script type="application/ld+json">', "")


@time_machine.travel(MONDAY_9AM, tick=False)
def test_the_home_page_announces_closures_in_the_next_four_weeks_with_their_notes(client):
    Closure.objects.all().delete()
    Closure.objects.create(
        start_date=dt.date(2026, 11, 20), end_date=dt.date(2026, 11, 24), reason="Leeds", public_note="Conference"
    )
    Closure.objects.create(
        start_date=dt.date(2026, 12, 8), start_time=dt.time(13), end_time=dt.time(17), reason="Course",
        public_note="Training course",
    )  # fmt: skip
    Closure.objects.create(start_date=dt.date(2026, 12, 20), reason="x", public_note="Last day of the window")
    Closure.objects.create(start_date=dt.date(2026, 12, 21), reason="y", public_note="Four weeks and a day away")
    Closure.objects.create(start_date=dt.date(2026, 11, 2), reason="z", public_note="Already over")
    html = client.get(reverse("clinic:home")).content.decode()
    notice = html.split('class="wrap closures-notice"', 1)[1].split("</section>", 1)[0]
    assert "<strong>Friday 20 – Tuesday 24 November</strong> — Conference" in notice
    assert "<strong>Tuesday 8 December, 13:00–17:00</strong> — Training course" in notice
    assert "Last day of the window" in notice
    assert "Four weeks and a day away" not in notice
    assert "Already over" not in notice


@time_machine.travel(MONDAY_9AM, tick=False)
def test_the_home_page_has_no_closure_notice_when_nothing_is_coming_up(client):
    Closure.objects.filter(start_date__lte=dt.date(2026, 12, 21)).delete()
    assert "closures-notice" not in client.get(reverse("clinic:home")).content.decode()


@pytest.mark.parametrize(
    ("closed_until", "says"),
    [
        ((2026, 12, 2), "opens Thursday 3 December at 07:00"),  # a week away: the date, not "Thursday"
        ((2026, 11, 30), "opens Tuesday at 07:00"),  # within the week: the weekday is enough
    ],
    ids=["a-week-away", "within-the-week"],
)
def test_after_a_long_closure_the_closed_line_gives_the_date(client, db, closed_until, says):
    """Found by a review: closed from tomorrow for a week, the footer said "opens Thursday", read as tomorrow."""
    import datetime as dt

    import time_machine

    from clinic.models import Closure

    Closure.objects.create(start_date=dt.date(2026, 11, 26), end_date=dt.date(*closed_until), reason="Away")
    with time_machine.travel(dt.datetime(2026, 11, 25, 18, 0, tzinfo=dt.UTC), tick=False):  # Wednesday evening
        assert says in client.get(reverse("clinic:contact")).content.decode()
