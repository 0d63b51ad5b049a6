"""The demo articles `make run` loads: complete, with a drawing for every picture they describe."""

import io
import re
from io import StringIO

import pytest
from PIL import Image

from blog import demo, illustrations
from blog.demo_articles import ARTICLES
from blog.models import Post


def pictures():
    for article in ARTICLES:
        yield article["hero"][0], (1600, 900)
        for key, _alt, _caption in article["images"]:
            yield key, (1200, 800)


def test_every_picture_the_articles_describe_has_its_own_drawing_and_no_drawing_is_unused():
    keys = [key for key, _size in pictures()]
    assert len(keys) == len(set(keys))
    assert set(keys) == set(illustrations.DRAWINGS)


@pytest.mark.parametrize(("key", "size"), list(pictures()))
def test_each_drawing_is_a_png_of_its_shape_with_the_brand_colours(key, size):
    with Image.open(io.BytesIO(illustrations.draw(key))) as image:
        assert image.format == "PNG"
        assert image.size == size
        colours = {colour for _count, colour in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    assert illustrations.TEAL in colours
    assert illustrations.ORANGE in colours or illustrations.ORANGE_LIGHT in colours


@pytest.mark.django_db
def test_the_knee_guide_has_every_part_of_the_clinics_article():
    demo.seed(StringIO())
    post = Post.objects.get(slug="knee-pain-when-running")
    headings = re.findall(r"<h[23] id=\"[^\"]+\">(.*?)</h[23]>", post.body_html)
    for expected in [
        "The likely culprits",
        "Why new trainers help, but won’t fix it",
        "The muscles that matter, and why",
        "1. Strength training",
        "2. Targeted mobility",
        "3. Smarter load progression",
        "4. Better running mechanics",
        "5. Recovery is training too",
        "When to get it checked",
        "What a consult gives you",
        "Final thoughts",
    ]:
        assert expected in headings, expected
    for muscle in ["Glutes", "Hamstrings", "Calves", "Quads"]:
        assert f"<strong>{muscle}</strong>" in post.body_html
    assert "from the ankles" in post.body_html
    assert "170–180 steps per minute" in post.body_html
    assert "[image:" not in post.body_html and post.body_html.count("<figure") == 2
    assert post.booking_concern == "knee"
