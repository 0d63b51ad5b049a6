"""The page cache keys pages by what they read, answers HEAD, and obeys the allowed hosts."""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db


def stored_pages():
    return [key for key in cache._cache if "pagecache:page:" in key]  # LocMemCache in tests


def test_query_strings_a_page_does_not_read_are_served_from_the_one_copy(client, django_assert_num_queries):
    client.get(reverse("clinic:contact"))
    with django_assert_num_queries(0):
        for n in range(20):
            response = client.get(reverse("clinic:contact"), {"x": n, "utm_source": "newsletter"})
            assert response.status_code == HTTPStatus.OK
    assert len(stored_pages()) == 1


def test_a_query_parameter_the_page_reads_has_its_own_copy(client):
    first = client.get(reverse("bookings:start"), {"service": "follow-up"}).content.decode()
    plain = client.get(reverse("bookings:start")).content.decode()
    assert first != plain
    assert len(stored_pages()) == 2


@pytest.mark.parametrize("name", ["clinic:home", "bookings:start", "healthz", "robots_txt", "blog:list"])
def test_head_works_wherever_get_does(client, name):
    from django.test import RequestFactory

    from config.wsgi import application

    response = client.head(reverse(name))
    assert response.status_code == HTTPStatus.OK
    # Through the whole stack (the test client would strip the body itself): headers, and no body.
    direct = application.get_response(RequestFactory().head(reverse(name)))
    assert direct.status_code == HTTPStatus.OK and direct.content == b""
    assert int(direct["Content-Length"]) > 0


def test_a_cached_page_is_refused_to_a_host_that_is_not_allowed(client):
    assert client.get(reverse("clinic:home")).status_code == HTTPStatus.OK  # now cached
    response = client.get(reverse("clinic:home"), HTTP_HOST="evil.example")
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_a_new_release_never_serves_a_page_the_previous_code_rendered(client, monkeypatch):
    from core import pagecache

    client.get(reverse("clinic:contact"))
    assert client.get(reverse("clinic:contact")).get("Age") is not None  # the stored copy
    assert len(stored_pages()) == 1
    monkeypatch.setattr(pagecache, "release", lambda: "the-next-deploy")
    assert client.get(reverse("clinic:contact")).get("Age") is None  # rendered afresh, not the stored copy
    assert len(stored_pages()) == 2


def test_the_release_fingerprint_follows_the_code_and_templates(tmp_path):
    from core.pagecache import fingerprint

    app, templates = tmp_path / "app", tmp_path / "templates"
    app.mkdir(), templates.mkdir()
    (app / "views.py").write_text("TITLE = 'Home'\n")
    (templates / "home.html").write_text("<h1>{{ title }}</h1>\n")
    (app / "notes.md").write_text("not part of a page\n")
    before = fingerprint([app, templates])
    assert fingerprint([app, templates]) == before
    (app / "notes.md").write_text("changed, still not part of a page\n")
    assert fingerprint([app, templates]) == before
    (templates / "home.html").write_text("<h1 class='title'>{{ title }}</h1>\n")
    edited = fingerprint([app, templates])
    assert edited != before
    (templates / "home.html").rename(templates / "index.html")
    assert fingerprint([app, templates]) != edited
