"""Faults seen in the browser on the articles (issue #25), each pinned where it was seen."""

import re
from html import unescape
from http import HTTPStatus

import pytest

from blog.rendering import render_post_body
from blog.tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def article_body(html):
    """The article's own column: from the summary to the share links."""
    return html[html.index('class="prose article-body"') : html.index('class="share"')]


# --- One booking call-out at the end of an article ------------------------------------------------------------------


@pytest.mark.parametrize(
    "ending",
    ["\n\n[book]", "\n\n[book: knee]\n", "\n\n[book]\n\n[book: knee]\n\n", "\n\n[BOOK]   \n"],
    ids=["book", "book-knee", "two", "capitals"],
)
def test_an_article_that_ends_with_a_booking_call_out_shows_one_not_two_back_to_back(client, ending):
    post = PostFactory(body="## Final thoughts\n\nRest, then build up gently." + ending)
    response = client.get(post.get_absolute_url())
    column = article_body(response.content.decode())
    assert response.status_code == HTTPStatus.OK
    assert column.count('class="book-cta') == 1
    assert 'class="book-cta book-cta-end"' in column  # the page's own, which names the clinician
    assert column.index("Rest, then build up gently.") < column.index("book-cta-end")


def test_a_booking_call_out_inside_an_article_stays_where_the_author_put_it():
    html = render_post_body("Intro.\n\n[book: knee]\n\n## More\n\nWords.\n\n[book]\n\nLast words.", {}).html
    assert html.count('class="book-cta"') == 2
    assert html.index("Intro.") < html.index("book-cta") < html.index("Last words.")
    assert "?concern=knee" in html


def test_only_the_booking_call_out_is_dropped_from_the_end_not_an_image_or_words():
    html = render_post_body("Intro.\n\n[book]\n\nSigned, Stephen", {}).html
    assert html.count('class="book-cta"') == 1 and html.rstrip().endswith("<p>Signed, Stephen</p>")


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
