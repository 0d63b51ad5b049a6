"""Blog pages in a real browser: readable without JavaScript, no WCAG 2.2 A/AA violation."""

import pytest

from blog.models import Post
from blog.tests.factories import CategoryFactory, PostFactory, image_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article(live):
    knee = CategoryFactory(name="Knee", slug="knee")
    post = PostFactory(
        slug="knee-pain",
        title="Knee pain when running",
        hero_image=image_upload(),
        hero_alt="A runner's knee",
        body="Intro.\n\n## The culprits\n\n- IT band\n- Overload\n\n### 1. Strength\n\n- Squats\n\n[book: knee]",
        categories=[knee],
    )
    PostFactory(title="Another article", categories=[knee])
    return post


@pytest.mark.parametrize(
    "path", ["/blog/", "/blog/knee-pain/", "/blog/category/knee/", "/blog/?q=knee", "/blog/?q=zzz"]
)
def test_blog_pages_have_no_accessibility_violations(live, article, page, axe_violations, path):
    page.goto(live.url + path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_article_reads_without_javascript_and_its_contents_links_work(live, article, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live.url + article.get_absolute_url())
    assert "Knee pain when running" in page.inner_text("h1")
    page.click("nav.toc >> text=The culprits")
    assert page.url.endswith("#the-culprits")
    assert page.locator(".book-cta a[href='/book/?concern=knee']").count() == 1
    assert Post.objects.count() == 2
    context.close()
