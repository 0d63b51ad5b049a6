"""Demo articles with their illustrations (drawn at set-up by `blog.illustrations`). Called by `seed_demo`."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from blog import illustrations
from blog.demo_articles import ARTICLES
from blog.models import Category, Post, PostImage

# The area of concern each demo category books for (the rest open booking without one).
CONCERNS = {"Knee": "knee", "Ankle and foot": "ankle-foot"}


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
        post.hero_image.save(f"{hero_key}.png", ContentFile(illustrations.draw(hero_key)), save=False)
        post.save()
        for key, alt, caption in article["images"]:
            image = PostImage(post=post, key=key, alt=alt, caption=caption)
            image.image.save(f"{key}.png", ContentFile(illustrations.draw(key)), save=False)
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
