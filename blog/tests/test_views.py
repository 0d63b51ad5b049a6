import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from blog.models import Post
from blog.tests.factories import CategoryFactory, PostFactory, image_upload

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_list_shows_published_posts_newest_first_with_reading_time(client):
    PostFactory(title="Older", published_at=NOW - dt.timedelta(days=9))
    PostFactory(title="Newer", published_at=NOW - dt.timedelta(days=1))
    PostFactory(title="Draft", status=Post.Status.DRAFT)
    PostFactory(title="Scheduled", published_at=NOW + dt.timedelta(days=1))
    html = client.get(reverse("blog:list")).content.decode()
    assert html.index("Newer") < html.index("Older")
    assert "Draft" not in html and "Scheduled" not in html
    assert "1 min read" in html


def test_a_scheduled_post_appears_by_itself_when_its_time_comes(client):
    post = PostFactory(title="Coming soon", published_at=NOW + dt.timedelta(hours=1))
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    with time_machine.travel(NOW + dt.timedelta(hours=1, seconds=1), tick=False):
        assert client.get(post.get_absolute_url()).status_code == HTTPStatus.OK
        assert "Coming soon" in client.get(reverse("blog:list")).content.decode()


def test_drafts_are_404_for_the_public_and_shown_to_staff_with_a_banner(client, admin_client):
    post = PostFactory(status=Post.Status.DRAFT)
    assert client.get(post.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    response = admin_client.get(post.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "Not published." in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_article_page_has_toc_meta_and_structured_data(client, settings):
    settings.SITE_URL = "https://restoresportsinjury.co.uk"
    post = PostFactory(hero_image=image_upload(), hero_alt="A knee", summary="Why knees hurt.")
    html = client.get(post.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    assert '<a href="#first-part">First part</a>' in html
    assert f'<link rel="canonical" href="https://restoresportsinjury.co.uk{post.get_absolute_url()}">' in html
    assert '<meta name="description" content="Why knees hurt.">' in html
    assert '<meta property="og:image" content="https://restoresportsinjury.co.uk/media/' in html
    assert 'fetchpriority="high"' in html and 'loading="lazy"' not in html.split("article-hero")[1][:400]
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    posting = next(b for b in blocks if b["@type"] == "BlogPosting")
    assert posting["headline"] == post.title
    assert posting["datePublished"] == "2026-11-01T09:00:00+00:00"
    assert posting["publisher"]["name"].startswith("Restore")
    assert any(b["@type"] == "BreadcrumbList" for b in blocks)
    assert "@RestoreRehabAndPerformance" in html
    assert 'href="/book/"' in html


def test_related_articles_prefer_shared_categories(client):
    knee, hip = CategoryFactory(name="Knee", slug="knee"), CategoryFactory(name="Hip", slug="hip")
    post = PostFactory(title="Main", categories=[knee])
    PostFactory(title="Hip thing", categories=[hip], published_at=NOW - dt.timedelta(hours=1))
    PostFactory(title="Knee thing", categories=[knee], published_at=NOW - dt.timedelta(days=20))
    related = client.get(post.get_absolute_url()).context["related"]
    assert [p.title for p in related] == ["Knee thing", "Hip thing"]


def test_category_page_lists_only_its_posts(client):
    knee = CategoryFactory(name="Knee", slug="knee")
    PostFactory(title="Knee post", categories=[knee])
    PostFactory(title="Other post")
    html = client.get(reverse("blog:category", args=["knee"])).content.decode()
    assert "Knee post" in html and "Other post" not in html
    assert "<h1>Knee articles</h1>" in html


@pytest.mark.parametrize(
    "url",
    [
        "/blog/no-such-article/",
        "/blog/category/no-such-category/",
        "/blog/?page=99",
        "/blog/?page=abc",
        "/blog/?page=-1",
        "/blog/category/knee/?page=2",
    ],
)
def test_bad_addresses_give_404(client, url):
    CategoryFactory(name="Knee", slug="knee")
    PostFactory()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_search_matches_title_summary_and_body(client):
    PostFactory(title="Shin splints", body="Tibia pain.")
    PostFactory(title="Achilles", summary="Heel tendon.")
    PostFactory(title="Knees", body="Patellar tendinopathy explained.")
    assert "Shin splints" in client.get(reverse("blog:list"), {"q": "shin"}).content.decode()
    assert "Achilles" in client.get(reverse("blog:list"), {"q": "tendon"}).content.decode()
    html = client.get(reverse("blog:list"), {"q": "patellar tendinopathy"}).content.decode()
    assert "Knees" in html and "1 article found" in html


@pytest.mark.parametrize("typed", ["runner's", "runner’s"])
def test_search_finds_a_word_whichever_apostrophe_the_reader_types(client, typed):
    PostFactory(title="A runner's guide to calf strain", body="Load it gradually.")  # saved as runner’s
    PostFactory(title="Heel pain", summary="Plantar fascia.", body="Every runner's first question.")
    html = client.get(reverse("blog:list"), {"q": typed}).content.decode()
    assert "A runner’s guide to calf strain" in html and "Heel pain" in html and "2 articles found" in html


@pytest.mark.parametrize(
    "query", ["'; DROP TABLE blog_post; --", '<script>alert("x")</script>', "%_\\", "x" * 5000, "   ", "a & b | !c"]
)
def test_hostile_or_odd_searches_are_escaped_and_never_fail(client, query):
    PostFactory(title="Knee pain")
    response = client.get(reverse("blog:list"), {"q": query})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<script>alert" not in html
    assert Post.objects.count() == 1


def test_list_is_paginated(client):
    for n in range(12):
        PostFactory(published_at=NOW - dt.timedelta(days=n))
    page2 = client.get(reverse("blog:list"), {"page": 2})
    assert page2.status_code == HTTPStatus.OK
    assert len(page2.context["posts"]) == 2
    assert "Page 2 of 2" in page2.content.decode()


def test_rss_and_atom_feeds_are_valid_xml_of_published_posts(client):
    PostFactory(title="Live article", summary="Live summary")
    PostFactory(title="Draft article", status=Post.Status.DRAFT)
    rss = ET.fromstring(client.get(reverse("blog:feed")).content)
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert titles == ["Live article"]
    assert rss.find("channel/item/description").text == "Live summary"
    atom = ET.fromstring(client.get(reverse("blog:feed_atom")).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns) for e in atom.findall("a:entry", ns)] == ["Live article"]


def test_sitemap_lists_pages_and_published_articles_with_lastmod(client):
    live = PostFactory(slug="live-one")
    PostFactory(slug="draft-one", status=Post.Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/blog/live-one/" in xml and "/blog/draft-one/" not in xml
    assert "<lastmod>" in xml and "/contact/" in xml and "/book/" in xml
    assert live.updated_at.date().isoformat() in xml


def test_article_page_costs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    category = CategoryFactory()
    posts = [PostFactory(categories=[category]) for _ in range(30)]
    client.get(reverse("clinic:contact"))  # warm the clinic's cached details
    with django_assert_max_num_queries(5):
        client.get(posts[0].get_absolute_url())


def test_list_page_costs_a_constant_number_of_queries_with_many_posts(client, django_assert_max_num_queries):
    category = CategoryFactory()
    author = PostFactory().author
    Post.objects.bulk_create(
        Post(title=f"P{n}", slug=f"p-{n}", summary="s", body="b", body_html="<p>b</p>", author=author,
             status="published", published_at=NOW - dt.timedelta(hours=n))
        for n in range(1000)
    )  # fmt: skip
    for post in Post.objects.all()[:10]:
        post.categories.add(category)
    client.get(reverse("clinic:contact"))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("blog:list"))
    assert response.context["paginator"].count == 1001


class TestPublicCaching:
    def test_anonymous_pages_set_no_cookie_and_are_publicly_cacheable(self, client):
        post = PostFactory()
        for url in [reverse("blog:list"), post.get_absolute_url(), reverse("clinic:home")]:
            response = client.get(url)
            assert not response.cookies, url
            assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]

    def test_a_cached_page_costs_no_query(self, client, django_assert_num_queries):
        post = PostFactory()
        client.get(post.get_absolute_url())
        with django_assert_num_queries(0):
            response = client.get(post.get_absolute_url())
        assert post.title in response.content.decode()
        assert response["Content-Security-Policy"]

    def test_saving_a_post_refreshes_cached_pages(self, client):
        post = PostFactory(title="Before")
        client.get(reverse("blog:list"))
        post.title = "After"
        post.save()
        assert "After" in client.get(reverse("blog:list")).content.decode()

    def test_saving_the_clinic_profile_refreshes_cached_pages(self, client):
        from clinic.models import ClinicProfile

        client.get(reverse("blog:list"))
        profile = ClinicProfile.load()
        profile.phone = "01565 999999"
        profile.save()
        assert "01565 999999" in client.get(reverse("blog:list")).content.decode()

    def test_cache_expires_when_a_scheduled_post_goes_live(self, client):
        PostFactory(title="Later", published_at=NOW + dt.timedelta(minutes=2))
        response = client.get(reverse("blog:list"))
        assert int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1)) <= 120

    def test_searches_are_not_cached(self, client):
        response = client.get(reverse("blog:list"), {"q": "knee"})
        assert "public" not in response.get("Cache-Control", "")

    def test_signed_in_staff_bypass_the_cache(self, client, admin_client):
        post = PostFactory(status=Post.Status.DRAFT)
        client.get(reverse("blog:list"))
        assert admin_client.get(post.get_absolute_url()).status_code == HTTPStatus.OK


def test_article_page_weighs_under_60_kb_compressed_without_images(client):
    import gzip
    from pathlib import Path

    from django.contrib.staticfiles import finders

    post = PostFactory(body="## Section\n\n" + "Words about running. " * 400)
    html = client.get(post.get_absolute_url()).content
    assets = {a.decode(): Path(finders.find(a.decode())).read_bytes()
              for a in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)}  # fmt: skip
    assert any(name.endswith(".css") for name in assets), "the page links its stylesheet"
    assert len(gzip.compress(html)) + sum(len(gzip.compress(body)) for body in assets.values()) <= 60 * 1024
    assert sum(len(body) for name, body in assets.items() if name.endswith(".js")) <= 15 * 1024


def test_the_contents_do_not_number_sub_sections_a_second_time(client):
    post = PostFactory(body="## What helps\n\n### 1. Strength training\n\nSquats.\n\n### 2. Mobility\n\nStretch.")
    html = client.get(post.get_absolute_url()).content.decode()
    contents = html[html.index('class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    # The author's "1." is the only number: sub-sections sit in an unnumbered list, not a nested <ol>.
    assert '<ul class="toc-sub"><li><a href="#1-strength-training">1. Strength training</a>' in contents
    assert contents.count("<ol>") == 1


def test_an_articles_closing_call_to_action_books_for_its_categorys_area_of_concern(client):
    plain = PostFactory(categories=[CategoryFactory(slug="running", name="Running")])
    knee = PostFactory(categories=[CategoryFactory(slug="running"), CategoryFactory(slug="knee", concern="knee")])

    def closing_link(post):
        page = client.get(post.get_absolute_url()).content.decode()
        end = page[page.index('id="end-cta"') :]
        return re.search(r'href="([^"]*)"', end).group(1)

    assert closing_link(knee) == reverse("bookings:start") + "?concern=knee"
    assert closing_link(plain) == reverse("bookings:start")
