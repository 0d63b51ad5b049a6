"""Demo articles with generated illustrations (drawn with Pillow). Called by `seed_demo`."""

import io
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from blog.demo_articles import ARTICLES
from blog.models import Category, Post, PostImage

# The area of concern each demo category books for (the rest open booking without one).
CONCERNS = {"Knee": "knee", "Ankle and foot": "ankle-foot"}

TEAL, TEAL_LIGHT, ORANGE, SAND, INK = (
    (11, 85, 99),
    (190, 222, 226),
    (200, 90, 40),
    (246, 238, 226),
    (27, 37, 41),
)


def draw_illustration(seed: str, width=1600, height=900) -> bytes:
    """A simple, original illustration: a track, a sun and a few bold shapes."""
    rng = random.Random(seed)
    img = Image.new("RGB", (width, height), SAND)
    draw = ImageDraw.Draw(img)
    for lane in range(6):  # running-track lanes
        y = int(height * 0.62) + lane * 38
        draw.rectangle([0, y, width, y + 30], fill=ORANGE if lane % 2 == 0 else (214, 120, 70))
    cx, cy, r = rng.randint(200, width - 200), rng.randint(120, 320), rng.randint(70, 130)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=TEAL_LIGHT)
    for _ in range(5):  # abstract limbs and joints
        x, y = rng.randint(200, width - 200), rng.randint(250, int(height * 0.6))
        x2, y2 = x + rng.randint(-300, 300), y + rng.randint(-200, 200)
        draw.line([x, y, x2, y2], fill=TEAL, width=rng.randint(18, 34))
        draw.ellipse([x2 - 30, y2 - 30, x2 + 30, y2 + 30], fill=INK)
    return _png(img)


def _png(img) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def seed(stdout):
    User = get_user_model()
    author, created = User.objects.get_or_create(
        username="stephen",
        defaults={
            "first_name": "Stephen",
            "last_name": "Lunt",
            "email": "stephen.lunt@restoresportsinjury.co.uk",
        },
    )
    if created:
        author.set_unusable_password()
        author.save()
    now = timezone.now()
    added = 0
    for article in ARTICLES:
        if Post.objects.filter(slug=article["slug"]).exists():
            continue
        hero_key, hero_alt = article["hero"]
        post = Post(
            title=article["title"],
            slug=article["slug"],
            summary=article["summary"],
            body=article["body"],
            author=author,
            status=Post.Status.PUBLISHED,
            published_at=now - timezone.timedelta(days=article["days_ago"]),
            hero_alt=hero_alt,
        )
        post.hero_image.save(f"{hero_key}.png", ContentFile(draw_illustration(hero_key)), save=False)
        post.save()
        for key, alt, caption in article["images"]:
            image = PostImage(post=post, key=key, alt=alt, caption=caption)
            image.image.save(f"{key}.png", ContentFile(draw_illustration(key, 1200, 800)), save=False)
            image.save()
        post.categories.set(
            Category.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "concern": CONCERNS.get(name, "")}
            )[0]
            for name in article["categories"]
        )
        post.save()  # render again now that its images exist
        added += 1
    stdout.write(f"Articles: {added} added, {Post.objects.count()} in all.")
