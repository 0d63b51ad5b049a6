"""Hostile or odd input anywhere public answers with a page or a 4xx, never a 500."""

from http import HTTPStatus

import pytest
from django.test import Client

from blog.tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",
    "%00",
    "x" * 3000,
    "<script>alert(1)</script>",
    "'; DROP TABLE x; --",
    "😀",
    "-1",
    "9" * 40,
    "../../etc",
]
PAGES = [
    ("/blog/", ["q", "page"]),
    ("/blog/category/knee/", ["page"]),
    ("/book/", ["service", "concern"]),
    ("/book/time/", ["service", "concern", "date", "chosen"]),
    ("/book/availability/", ["service", "date"]),
    ("/", ["utm_source"]),
]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(("path", "params"), PAGES)
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_query_values_never_cause_a_server_error(client, path, params, value):
    CategoryFactory(name="Knee", slug="knee")
    PostFactory()
    for param in params:
        response = client.get(path, {param: value, **({"service": "follow-up"} if param == "date" else {})})
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (path, param, value)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_form_posts_never_cause_a_server_error(client, value):
    client.get("/book/time/", {"service": "follow-up", "chosen": "1"})
    for path, data in [
        ("/book/time/", {"date": value, "slot": value}),
        ("/book/details/", {"name": value, "email": value, "phone": value, "concern": value, "notes": value}),
        ("/book/check/", {}),
        ("/book/manage/" + "x" * 50 + "/cancel/", {}),
    ]:
        assert client.post(path, data).status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (path, value)


def test_a_nul_character_gets_the_branded_400(client):
    response = client.get("/blog/", {"q": "knee\x00"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "didn’t make sense" in response.content.decode()
