"""Markdown is rendered once, on save, and sanitised: no author text can run script."""

import pytest

from blog.rendering import render_post_body


def html(body, images=None):
    return render_post_body(body, images or {}).html


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        "[click me](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))" onclick="x()">hi</p>',
        "<svg onload=alert(1)>",
        '<form action="https://evil.example"><input name="x"></form>',
    ],
)
def test_dangerous_markup_is_removed(body, db):
    out = html(body).lower()
    for bad in (
        "<script",
        "onerror",
        "javascript:",
        "<iframe",
        "onclick",
        "style=",
        "<svg",
        "onload",
        "<form",
        "<input",
    ):
        assert bad not in out


def test_the_clinic_article_format_renders(db):
    out = html(
        "Intro.\n\n## The culprits\n\n- **IT band syndrome** – outside\n- Overload\n\n"
        "### 1. Strength training\n\n- Split squats – 3 × 10\n- **2–3 times a week**\n\n"
        "> A quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[Email](mailto:a@b.co) [Web](https://example.com)"
    )
    assert '<h2 id="the-culprits">The culprits</h2>' in out
    assert '<h3 id="1-strength-training">1. Strength training</h3>' in out
    assert "<strong>IT band syndrome</strong>" in out
    assert "<blockquote>" in out and "<table>" in out
    assert 'href="mailto:a@b.co"' in out and 'href="https://example.com"' in out
    assert 'rel="noopener noreferrer"' in out


def test_headings_start_at_h2_because_the_page_owns_the_h1(db):
    assert "<h1" not in html("# Big title\n\nText")
    assert "<h2" in html("# Big title\n\nText")


def test_table_of_contents_lists_h2_and_h3(db):
    toc = render_post_body("## One\n\n### One a\n\n#### Deep\n\n## Two\n", {}).toc
    assert [e["name"] for e in toc] == ["One", "Two"]
    assert [c["name"] for c in toc[0]["children"]] == ["One a"]
    assert toc[0]["id"] == "one"


def test_reading_time_is_words_over_two_hundred_rounded_up(db):
    assert render_post_body("word " * 50, {}).minutes == 1
    assert render_post_body("word " * 401, {}).minutes == 3


def test_book_marker_places_the_call_to_action_with_its_concern(db):
    out = html("Text\n\n[book: knee]\n\nMore")
    assert 'href="/book/?concern=knee"' in out
    assert "RESTOREEMBED" not in out


def test_book_marker_inside_a_paragraph_is_left_as_text(db):
    assert "[book]" in html("Please [book] now")


def test_unknown_image_marker_renders_nothing(db):
    out = html("[image: missing]\n\nText")
    assert "RESTOREEMBED" not in out and "<img" not in out


@pytest.mark.parametrize(
    "body",
    [
        "![tracker](http://evil.example/pixel.png)",
        '<img src="http://evil.example/pixel.png" alt="x">',
        '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="x">',
        "![inline](data:image/png;base64,iVBORw0KGgo=)",
    ],
)
def test_images_may_not_come_from_plain_http_or_data_urls(body, db):
    out = html(body).lower()
    assert "http://" not in out and "data:" not in out


@pytest.mark.parametrize(
    "body",
    [
        '<a href="https://example.com" target="_blank" style="color:red">link</a>',
        '<img src="https://example.com/a.png" alt="a" style="position:fixed" target="x">',
        '<h2 style="display:none">Heading</h2>',
        '<td style="x" target="y">cell</td>',
    ],
)
def test_style_and_target_attributes_are_removed_from_every_allowed_tag(body, db):
    out = html(body).lower()
    assert "style=" not in out and "target=" not in out


def test_the_table_of_contents_holds_headings_as_text_not_html_entities(client, db):
    """The template escapes what it shows: an entity kept in the entry would be shown as "&rsquo;"."""
    from django.urls import reverse

    from blog.tests.factories import PostFactory

    rendered = render_post_body('## Signs it\'s your Achilles\n\nWords.\n\n## What "shin splints" means\n\nMore.', {})
    assert [entry["name"] for entry in rendered.toc] == ["Signs it’s your Achilles", "What “shin splints” means"]
    post = PostFactory(body="## Signs it's your Achilles\n\nWords.\n\n## Two\n\nMore.")
    page = client.get(reverse("blog:post", args=[post.slug])).content.decode()
    assert "it&amp;rsquo;s" not in page and "it&rsquo;s" not in page.split('class="toc"')[1].split("</nav>")[0]


def test_the_upgrade_turns_stored_entities_into_text_at_every_level():
    from importlib import import_module

    as_text = import_module("blog.migrations.0006_toc_names_as_text").as_text
    stored = [
        {"id": "a", "name": "Signs it&rsquo;s", "children": [{"id": "b", "name": "&ldquo;Q&rdquo;", "children": []}]}
    ]
    assert as_text(stored) == [
        {"id": "a", "name": "Signs it’s", "children": [{"id": "b", "name": "“Q”", "children": []}]}
    ]
