"""The services pages and the home page's list of services."""

import re
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse

from bookings.models import BookingRules, Service

pytestmark = pytest.mark.django_db


def test_the_list_shows_every_bookable_service_with_duration_price_and_a_booking_link(client):
    Service.objects.filter(slug="sports-massage").update(is_active=False)
    Service.objects.update(price_confirmed=True)
    page = client.get(reverse("services:list")).content.decode()
    for service in Service.objects.active():
        assert service.name in page and f"{service.duration_minutes} minutes · {service.price_label}" in page
        assert f'href="{reverse("bookings:start")}?service={service.slug}"' in page
        assert f'href="{reverse("services:detail", args=[service.slug])}"' in page
    assert "Sports massage" not in page and "paid at the clinic" in page


def test_a_service_page_says_who_it_suits_what_it_includes_and_books_it(client):
    Service.objects.update(price_confirmed=True)
    service = Service.objects.get(slug="running-gait-analysis")
    page = client.get(service.get_absolute_url()).content.decode()
    assert "<h2>Who it suits</h2>" in page and "Bring the trainers you run in." in page
    items = re.findall(r"<li>([^<]+)</li>", page[page.index("What it includes") :])
    assert items[: len(service.included_items())] == service.included_items()
    assert f"{service.duration_minutes} minutes · £75, paid at the clinic" in page
    assert f'href="{service.get_booking_url()}">Book this' in page


def test_empty_sections_are_hidden_rather_than_invented(client):
    service = Service.objects.get(slug="follow-up")
    Service.objects.filter(pk=service.pk).update(suits="", includes="")
    page = client.get(service.get_absolute_url()).content.decode()
    assert "Who it suits" not in page and "What it includes" not in page


def test_an_unknown_or_hidden_service_is_a_404(client):
    Service.objects.filter(slug="sports-massage").update(is_active=False)
    for slug in ["sports-massage", "no-such-service"]:
        assert client.get(reverse("services:detail", args=[slug])).status_code == HTTPStatus.NOT_FOUND


def test_the_cancellation_policy_comes_from_the_booking_rules(client):
    rules = BookingRules.load()
    rules.cancellation_window_hours, rules.reminder_hours = 48, 72
    rules.save()
    for url in [reverse("services:list"), Service.objects.first().get_absolute_url()]:
        assert "until 48 hours before it starts" in client.get(url).content.decode()


def test_services_pages_are_cached_and_a_price_change_shows_at_once(client, django_assert_num_queries):
    url = reverse("services:list")
    client.get(url)
    with django_assert_num_queries(0):
        assert "public" in client.get(url)["Cache-Control"]
    service = Service.objects.get(slug="follow-up")
    service.price, service.price_confirmed = Decimal("52.50"), True
    service.save()
    assert "45 minutes · £52.50" in client.get(url).content.decode()
    assert "£52.50" in client.get(reverse("clinic:home")).content.decode()


def test_the_home_page_lists_the_services_and_shows_the_hours_only_once(client):
    Service.objects.update(price_confirmed=True)
    page = client.get(reverse("clinic:home")).content.decode()
    assert "Services and prices" in page and "60 minutes · £65" in page
    assert page.count('class="hours"') == 1  # the footer's table, not a second one above it


def test_the_sitemap_lists_the_services_pages(client):
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert reverse("services:list") in sitemap
    for service in Service.objects.active():
        assert service.get_absolute_url() in sitemap


def test_the_seeded_example_prices_are_shown_nowhere_until_the_clinician_confirms_them(client):
    """The prices the site was seeded with are examples: no page, booking step or search result presents them as the
    clinic's (migration 0017 starts them unconfirmed)."""
    assert not Service.objects.filter(price_confirmed=True).exists()
    pages = [reverse("services:list"), reverse("clinic:home"), reverse("clinic:first_visit"), reverse("bookings:start")]
    pages += [service.get_absolute_url() for service in Service.objects.active()]
    for url in pages:
        page = client.get(url).content.decode()
        assert "£" not in page, url
    assert "60 minutes</" in client.get(reverse("services:list")).content.decode()
    Service.objects.filter(slug="initial-assessment").update(price_confirmed=True)
    from core import pagecache

    pagecache.invalidate()
    assert "60 minutes · £65" in client.get(reverse("services:list")).content.decode()
