"""The public page cache: behaviour that mutation testing found unguarded (docs/mutation.md)."""

import datetime as dt
import hashlib
import time
from http import HTTPStatus

import pytest
from django.core.cache import cache, caches
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from core import pagecache
from core.pagecache import Policy, PublicPageCacheMiddleware, StoredPage, fingerprint


def test_the_fingerprint_changes_with_a_templates_words_or_name_but_not_with_other_files(tmp_path):
    app = tmp_path / "app"
    (app / "templates").mkdir(parents=True)
    page = app / "templates" / "page.html"
    page.write_text("<p>Open today</p>")
    first = fingerprint([app])
    (app / "notes.md").write_text("not part of any page")
    assert fingerprint([app]) == first
    page.write_text("<p>Closed today</p>")
    changed = fingerprint([app])
    assert changed != first
    page.rename(app / "templates" / "other.html")
    assert fingerprint([app]) not in (first, changed)
    assert len(first) == 12


# --- Declaring a page and keying it ------------------------------------------------------------

requests = RequestFactory()


def next_publication():
    return None


def test_public_page_declares_its_policy_on_the_view():
    @pagecache.public_page(60, params=["page"], uncached_params=["q"], until=next_publication)
    def view(request):
        return HttpResponse()

    assert view.public_page == Policy(60, ("page",), ("q",), next_publication)
    assert pagecache.public_page()(lambda request: None).public_page == Policy(300, (), (), None)


def test_a_pages_key_is_its_path_and_the_parameters_it_reads_in_name_order_under_this_release(monkeypatch):
    monkeypatch.setattr(pagecache, "release", lambda: "abc123")
    policy = Policy(params=("service", "date"), uncached_params=("q",))
    key = policy.key(requests.get("/book/", {"date": "2026-11-30", "service": "follow-up", "utm": "x"}))
    digest = hashlib.sha256(b"/book/?date=2026-11-30&service=follow-up").hexdigest()
    assert key == f"pagecache:page:abc123:{digest}"
    assert policy.key(requests.get("/book/", {"service": "follow-up", "q": "knee"})) is None


def test_the_policy_is_found_for_function_and_class_views_and_not_for_other_paths():
    from django.urls import reverse

    assert pagecache.policy_for(requests.get(reverse("clinic:contact"))) == Policy()
    assert pagecache.policy_for(requests.get(reverse("services:list"))) == Policy()
    assert pagecache.policy_for(requests.get("/no-such-page/")) is None
    assert pagecache.policy_for(requests.get("/healthz")) is None


# --- How long a page is kept ------------------------------------------------------------------


def test_a_page_is_kept_until_midnight_uk_time_or_the_next_registered_change_whichever_is_sooner(monkeypatch):
    monkeypatch.setattr(pagecache, "CLOCK_CHANGES", [])
    summer = dt.datetime(2026, 7, 1, 22, 59, 30, tzinfo=dt.UTC)  # 23:59:30 in London
    assert pagecache.seconds_until_clock_changes_page(summer) == 30
    pagecache.clock_changes_pages(lambda now: None)
    pagecache.clock_changes_pages(soon := lambda now: now + dt.timedelta(seconds=10))
    pagecache.clock_changes_pages(soon)
    assert len(pagecache.CLOCK_CHANGES) == 2
    assert pagecache.seconds_until_clock_changes_page(summer) == 10
    pagecache.clock_changes_pages(lambda now: now + dt.timedelta(milliseconds=200))
    assert pagecache.seconds_until_clock_changes_page(summer) == 1  # never 0, which would mean "keep forever"


def test_a_stored_page_answers_with_its_content_status_headers_and_age(monkeypatch):
    page = StoredPage(1, 2000.0, 1000.0, 404, (("Content-Type", "text/plain"), ("X-Page", "1")), b"gone")
    monkeypatch.setattr(time, "time", lambda: 1061.9)
    response = page.response()
    assert (response.status_code, response.content, response["X-Page"], response["Age"]) == (404, b"gone", "1", "61")


# --- The middleware -----------------------------------------------------------------------------


class Site:
    """A view behind the middleware, counting what it renders."""

    def __init__(self, monkeypatch, policy=None, response=lambda: HttpResponse("page")):
        policy = policy or Policy()
        self.rendered = 0
        self.response = response
        monkeypatch.setattr(pagecache, "policy_for", lambda request: policy)
        self.middleware = PublicPageCacheMiddleware(self.view)

    def view(self, request):
        self.rendered += 1
        return self.response()

    def get(self, path="/page/", **kwargs):
        return self.middleware(requests.get(path, **kwargs))


@pytest.fixture
def site(monkeypatch):
    monkeypatch.setattr(pagecache, "CLOCK_CHANGES", [])
    return Site(monkeypatch)


def test_a_page_is_rendered_once_then_served_stored_with_its_age(site):
    first, second = site.get(), site.get()
    assert site.rendered == 1 and first.content == second.content == b"page"
    assert "Age" not in first and second["Age"] == "0"
    assert PublicPageCacheMiddleware(site.view)(requests.get("/page/")).content == b"page"  # another worker
    assert site.rendered == 1


def test_posts_and_visitors_with_a_session_are_answered_fresh(site):
    from django.conf import settings

    site.get()
    site.middleware(requests.post("/page/"))
    site.get(HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert site.rendered == 3
    assert site.middleware(requests.head("/page/")).content == b"page" and site.rendered == 3


def test_a_stale_version_or_an_expired_page_is_rendered_again(site):
    import time_machine

    with time_machine.travel(dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC), tick=False) as clock:
        site.get()
        pagecache.invalidate()
        site.get()
        assert site.rendered == 2
        clock.shift(dt.timedelta(seconds=299))
        site.get()
        assert site.rendered == 2
        clock.shift(dt.timedelta(seconds=1))  # the default 300 seconds are up, to the second
        site.get()
        assert site.rendered == 3


def test_only_a_plain_ok_response_is_stored(monkeypatch):
    monkeypatch.setattr(pagecache, "CLOCK_CHANGES", [])

    def with_cookie():
        response = HttpResponse("page")
        response.set_cookie("seen", "1")
        return response

    for response in (
        lambda: HttpResponse("gone", status=HTTPStatus.NOT_FOUND),
        with_cookie,
        lambda: StreamingHttpResponse(iter([b"page"])),
    ):
        cache.clear()
        site = Site(monkeypatch, response=response)
        site.get(), site.get()
        assert site.rendered == 2


def test_a_page_is_public_for_the_shortest_of_its_seconds_the_clock_and_its_until(monkeypatch):
    import time_machine

    now = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(now, tick=False):
        monkeypatch.setattr(pagecache, "CLOCK_CHANGES", [])
        assert Site(monkeypatch, Policy(seconds=60)).get()["Cache-Control"] == "public, max-age=60"
        cache.clear()
        assert Site(monkeypatch, Policy(seconds=86400)).get()["Cache-Control"] == "public, max-age=43200"  # midnight
        cache.clear()
        until = Policy(until=lambda: now + dt.timedelta(seconds=90, milliseconds=500))
        assert Site(monkeypatch, until).get()["Cache-Control"] == "public, max-age=90"
        cache.clear()
        gone = Policy(until=lambda: now - dt.timedelta(seconds=5))
        assert Site(monkeypatch, gone).get()["Cache-Control"] == "public, max-age=1"


def test_the_first_page_stored_starts_the_version_and_is_kept_as_long_as_it_is_public(site, monkeypatch):
    cache.clear()
    stored, backend = {}, caches["default"]
    real_set = backend.set
    monkeypatch.setattr(
        backend, "set", lambda key, value, timeout: stored.update({key: timeout}) or real_set(key, value, timeout)
    )
    site.get()
    version = cache.get(pagecache.VERSION_KEY)
    assert isinstance(version, int) and version > 0
    [(key, timeout)] = [(k, t) for k, t in stored.items() if k.startswith("pagecache:page:")]
    assert cache.get(key).version == version and timeout == 300


@pytest.mark.django_db
def test_a_template_response_is_stored_rendered(monkeypatch):
    from django.template.response import TemplateResponse

    monkeypatch.setattr(pagecache, "CLOCK_CHANGES", [])
    template = lambda: TemplateResponse(requests.get("/"), "404.html")  # noqa: E731
    site = Site(monkeypatch, response=template)
    rendered = site.get()
    assert site.get().content == rendered.render().content and site.rendered == 1


def test_each_worker_keeps_at_most_its_last_pages_in_memory_dropping_the_oldest(site, monkeypatch):
    monkeypatch.setattr(PublicPageCacheMiddleware, "LOCAL_ENTRIES", 2)
    policy = Policy()
    keys = [policy.key(requests.get(path)) for path in ("/a/", "/b/", "/c/")]
    for path in ("/a/", "/b/", "/a/", "/c/"):
        site.get(path)
    assert list(site.middleware.local) == [keys[1], keys[2]]


def test_a_page_this_worker_served_costs_one_cache_read(site, monkeypatch):
    site.get()
    reads, backend = [], caches["default"]
    real_get, real_get_many = backend.get, backend.get_many
    monkeypatch.setattr(backend, "get", lambda *a, **k: reads.append(a[0]) or real_get(*a, **k))
    monkeypatch.setattr(backend, "get_many", lambda *a, **k: reads.append(a[0]) or real_get_many(*a, **k))
    site.get()
    assert reads == [pagecache.VERSION_KEY] and site.rendered == 1


def test_pages_served_from_memory_keep_costing_one_cache_read_each(site, monkeypatch):
    site.get()
    PublicPageCacheMiddleware(site.view)  # another worker's copy is in the shared cache; this one's in memory
    reads, backend = [], caches["default"]
    real_get, real_get_many = backend.get, backend.get_many
    monkeypatch.setattr(backend, "get", lambda *a, **k: reads.append(a[0]) or real_get(*a, **k))
    monkeypatch.setattr(backend, "get_many", lambda *a, **k: reads.append(a[0]) or real_get_many(*a, **k))
    for _ in range(3):
        site.get()
    assert reads == [pagecache.VERSION_KEY] * 3 and site.rendered == 1


def test_a_page_gone_stale_leaves_the_workers_memory_even_when_its_new_answer_is_not_kept(monkeypatch):
    monkeypatch.setattr(pagecache, "CLOCK_CHANGES", [])
    answers = iter([HttpResponse("page"), HttpResponse("gone", status=HTTPStatus.NOT_FOUND)])
    site = Site(monkeypatch, response=lambda: next(answers))
    site.get()
    assert len(site.middleware.local) == 1
    pagecache.invalidate()
    assert site.get().status_code == HTTPStatus.NOT_FOUND
    assert site.middleware.local == {}


def test_a_page_rendered_while_the_site_changed_is_not_served_as_current(site, monkeypatch):
    def render_during_a_change():
        pagecache.invalidate()  # an edit saved while this page was being rendered
        return HttpResponse(f"page {site.rendered}")

    pagecache.invalidate()  # the version the request reads
    site.response = render_during_a_change
    site.get()
    site.response = lambda: HttpResponse(f"page {site.rendered}")
    assert site.get().content == b"page 2" and site.rendered == 2


def test_the_version_never_lapses_with_the_caches_default_timeout(site):
    import time_machine

    with time_machine.travel(dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC), tick=False) as clock:
        cache.clear()
        site.get()  # the first page stored starts the version
        started = cache.get(pagecache.VERSION_KEY)
        clock.shift(dt.timedelta(days=30))
        assert started is not None and cache.get(pagecache.VERSION_KEY) == started
        cache.clear()
        pagecache.invalidate()  # the first change starts it when no page has
        restarted = cache.get(pagecache.VERSION_KEY)
        clock.shift(dt.timedelta(days=30))
        assert restarted is not None and cache.get(pagecache.VERSION_KEY) == restarted


def test_a_single_file_counts_in_the_fingerprint(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Django==6.1\n")
    before = fingerprint([requirements])
    requirements.write_text("Django==6.1.1\n")
    assert fingerprint([requirements]) != before
