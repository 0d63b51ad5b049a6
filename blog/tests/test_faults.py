"""Faults seen in the browser on the articles (issue #25), each pinned where it was seen."""

import io
import re
from html import unescape
from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageFont

from blog import illustrations
from blog.models import PostImage
from blog.rendering import render_post_body
from blog.tests.factories import PostFactory
from core.drawing import SUPERSAMPLE

pytestmark = pytest.mark.django_db


def article_body(html):
    """The article's own column: from the summary to the share links."""
    return html[html.index('class="prose article-body"') : html.index('class="share"')]


# --- One booking call-out at the end of an article ------------------------------------------------------------------


def call_outs(column):
    """The booking links of each call-out in the article's column, in order."""
    boxes = re.findall(r'<aside class="book-cta.*?</aside>', column, re.S)
    return [re.findall(r'class="button button-primary" href="([^"]*)"', box) for box in boxes]


@pytest.mark.parametrize(
    ("ending", "books"),
    [
        ("\n\n[book]", "/book/"),
        ("\n\n[book: knee]\n", "/book/?concern=knee"),
        ("\n\n[book]\n\n[book: hip]\n\n", "/book/?concern=hip"),
        ("\n\n[BOOK]   \n", "/book/"),
    ],
    ids=["book", "book-knee", "two", "capitals"],
)
def test_an_article_that_ends_with_a_booking_call_out_shows_one_not_two_back_to_back(client, ending, books):
    post = PostFactory(body="## Final thoughts\n\nRest, then build up gently." + ending)
    response = client.get(post.get_absolute_url())
    column = article_body(response.content.decode())
    assert response.status_code == HTTPStatus.OK
    assert call_outs(column) == [[books]]  # the author's, booking for the concern they named
    assert column.index("Rest, then build up gently.") < column.index('class="book-cta')
    assert "More tips on Instagram" in column  # which the page's own call-out carried


def test_an_article_without_a_closing_call_out_ends_with_the_pages_own(client):
    post = PostFactory(body="Intro.\n\n[book]\n\n## Final thoughts\n\nRest, then build up gently.")
    column = article_body(client.get(post.get_absolute_url()).content.decode())
    assert call_outs(column) == [["/book/"], ["/book/"]]
    assert 'id="end-cta"' in column and column.index("Rest, then build up gently.") < column.index('id="end-cta"')


def test_a_booking_call_out_inside_an_article_stays_where_the_author_put_it():
    html = render_post_body("Intro.\n\n[book: knee]\n\n## More\n\nWords.\n\n[book]\n\nLast words.", {}).html
    assert html.count('class="book-cta"') == 2
    assert html.index("Intro.") < html.index("book-cta") < html.index("Last words.")
    assert "?concern=knee" in html


def test_a_call_out_followed_by_words_does_not_close_the_article():
    html = render_post_body("Intro.\n\n[book]\n\nSigned, Stephen", {}).html
    assert html.count('class="book-cta"') == 1 and html.rstrip().endswith("<p>Signed, Stephen</p>")
    assert "book-cta-closing" not in html


# --- The contents list shows headings with quotes and apostrophes as the article does ------------------------------


def test_the_contents_show_quotes_apostrophes_and_ampersands_as_the_headings_do_and_link_to_them(client):
    post = PostFactory(
        body=(
            "## Signs it's your Achilles\n\nWords.\n\n"
            '### What "shin splints" means\n\nMore.\n\n'
            "## Strength & conditioning <2 km\n\nEnd."
        )
    )
    html = client.get(post.get_absolute_url()).content.decode()
    contents = html[html.index('class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    entries = re.findall(r'<a href="#([^"]+)">(.*?)</a>', contents)
    assert [unescape(name) for _id, name in entries] == [
        "Signs it’s your Achilles",
        "What “shin splints” means",
        "Strength & conditioning <2 km",
    ]
    assert "&amp;rsquo;" not in contents and "&amp;ldquo;" not in contents and "&amp;amp;" not in contents
    column = article_body(html)
    for anchor, name in entries:  # each entry leads to its heading, which reads the same
        heading = re.search(rf'<h([23]) id="{re.escape(anchor)}">(.*?)</h\1>', column)
        assert heading, anchor
        assert unescape(heading[2]) == unescape(name)


# --- The drawings' labels are readable on a phone -------------------------------------------------------------------

PHONE_COLUMN = 358  # a figure's width on a 390 px phone: the article column, 100vw - 2rem (figure.html's sizes)


def lettering(key, monkeypatch):
    """The em of every piece of lettering in a drawing, as a fraction of the picture's width."""
    sizes, load = [], ImageFont.load_default

    def spy(size=None):
        sizes.append(size)
        return load(size=size)

    monkeypatch.setattr(ImageFont, "load_default", spy)
    with Image.open(io.BytesIO(illustrations.draw(key))) as image:
        return [size / SUPERSAMPLE / image.width for size in sizes]


@pytest.mark.parametrize("key", sorted(illustrations.DRAWINGS))
def test_every_label_in_a_drawing_is_at_least_12_px_across_a_phones_column(key, monkeypatch):
    assert all(em * PHONE_COLUMN >= 12 for em in lettering(key, monkeypatch)), key


def test_the_knee_diagram_names_the_four_places_its_description_lists(monkeypatch):
    written = []
    monkeypatch.setattr(illustrations.Canvas, "text", lambda self, x, y, words, **kwargs: written.append(words))
    illustrations.draw("knee-culprits")
    named = " ".join(written).replace("\n", " ")
    for place in ["Quadriceps tendon", "IT band", "Kneecap", "Patellar tendon"]:
        assert place in named


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_knee_diagrams_labels_are_at_least_12_px_on_a_390_px_phone(live, page, monkeypatch):
    post = PostFactory(slug="knee-pain", body="Intro.\n\n[image: knee-culprits]\n\nMore.")
    image = PostImage(post=post, key="knee-culprits", alt="Diagram of a knee from the front.")
    image.image.save("knee-culprits.png", ContentFile(illustrations.draw("knee-culprits")), save=False)
    image.save()
    post.save()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live.url + post.get_absolute_url())
    figure = page.locator(".article-body figure img")
    figure.scroll_into_view_if_needed()
    width = figure.evaluate("img => img.getBoundingClientRect().width")
    assert width >= PHONE_COLUMN - 1
    assert min(em * width for em in lettering("knee-culprits", monkeypatch)) >= 12
