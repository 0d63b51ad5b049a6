"""Articles the clinician writes in admin and patients read.

A post's Markdown is rendered to sanitised HTML once, when it is saved
(`blog.rendering`), and stored beside the source with its table of contents and
reading time, so reading a post costs no rendering work.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from blog import rendering
from clinic.concerns import Concern
from core import images
from core.typography import TypographicFields


class Category(TypographicFields, models.Model):
    typographic_fields = ("name", "description")

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=300, blank=True)
    concern = models.CharField(
        "area of concern when booking",
        max_length=20,
        choices=Concern.choices,
        blank=True,
        help_text="An article in this category ends with a call to action that opens booking with this area chosen.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:category", args=[self.slug])


class PostQuerySet(models.QuerySet):
    def published(self, now):
        """Posts a patient can read at `now`: published, and their time has come."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=now)

    def next_publication(self, now):
        """When the next scheduled post goes live (None if nothing is scheduled)."""
        scheduled = self.filter(status=Post.Status.PUBLISHED, published_at__gt=now).order_by("published_at")
        return scheduled.values_list("published_at", flat=True).first()

    def for_listing(self):
        return self.select_related("author").prefetch_related("categories").defer("body", "body_html", "toc")


class Post(TypographicFields, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=150)
    slug = models.SlugField(
        max_length=150, unique=True, help_text="The last part of the article’s address: knee-pain for /blog/knee-pain/."
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences for listings, search results and link previews."
    )
    body = models.TextField(
        help_text=(
            "Markdown. Headings start at ##. Place an uploaded image with [image: its-key] on its "
            "own line, and the booking call to action with [book] or [book: knee]."
        )
    )
    body_html = models.TextField(editable=False, blank=True)
    toc = models.JSONField(editable=False, default=list, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    hero_image = models.ImageField(upload_to="blog/hero/%Y/", blank=True, validators=[images.validate_image_upload])
    hero_alt = models.CharField(
        "hero image description",
        max_length=200,
        blank=True,
        help_text="Describe the image for people who can’t see it.",
    )
    hero_decorative = models.BooleanField(
        "hero image is decorative", default=False, help_text="Tick only if the image adds no information."
    )
    hero_renditions = models.JSONField(editable=False, default=list, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    categories = models.ManyToManyField(Category, related_name="posts", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publish date and time",
        default=timezone.now,
        help_text="A future time schedules the post: it appears by itself when the time comes.",
    )
    seo_title = models.CharField("SEO title", max_length=70, blank=True)
    seo_description = models.CharField("SEO description", max_length=160, blank=True)
    typographic_fields = ("title", "summary", "hero_alt", "seo_title", "seo_description")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="post_listing_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hero_image="") | Q(hero_decorative=True) | ~Q(hero_alt=""),
                name="post_hero_has_alt_or_is_decorative",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, revision_by=None, **kwargs):
        """Render the body and keep the previous content as a revision if it changed."""
        previous = Post.objects.filter(pk=self.pk).values("title", "summary", "body").first() if self.pk else None
        self.hero_renditions = images.current_renditions(self.hero_image, self.hero_renditions, "blog/renditions/hero")
        self.render()
        super().save(*args, **kwargs)
        if previous and previous != {"title": self.title, "summary": self.summary, "body": self.body}:
            PostRevision.objects.create(post=self, saved_by=revision_by, **previous)

    def get_absolute_url(self):
        return reverse("blog:post", args=[self.slug])

    def clean(self):
        if self.hero_image and not self.hero_decorative and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": "Describe the hero image, or tick “hero image is decorative”."})

    def is_live(self, now):
        return self.status == self.Status.PUBLISHED and self.published_at <= now

    @property
    def meta_title(self):
        return self.seo_title or self.title

    @property
    def meta_description(self):
        return self.seo_description or self.summary

    @property
    def booking_concern(self) -> str:
        """The area of concern the closing call to action books for: the first of its categories that names one
        (categories are prefetched on the article page, so this costs no query there)."""
        return next((category.concern for category in self.categories.all() if category.concern), "")

    def render(self):
        """Render body → body_html, toc and reading time (called on save)."""
        inline = {image.key: image for image in self.images.all()} if self.pk else {}
        result = rendering.render_post_body(self.body, inline)
        self.body_html, self.toc, self.reading_minutes = result.html, result.toc, result.minutes

    @property
    def hero(self):
        if not self.hero_image:
            return None
        return images.Picture(self.hero_renditions, "" if self.hero_decorative else self.hero_alt)


class PostImage(TypographicFields, models.Model):
    """An image uploaded for use inside a post's body as [image: key]."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    key = models.SlugField(max_length=60, help_text="Use it in the body as [image: key].")
    image = models.ImageField(upload_to="blog/images/%Y/", validators=[images.validate_image_upload])
    alt = models.CharField("description", max_length=200, help_text="Describe the image for people who can’t see it.")
    caption = models.CharField(max_length=200, blank=True)
    typographic_fields = ("alt", "caption")
    renditions = models.JSONField(editable=False, default=list, blank=True)

    class Meta:
        ordering = ["post", "key"]
        constraints = [models.UniqueConstraint(fields=["post", "key"], name="post_image_unique_key")]

    def __str__(self):
        return f"{self.key} ({self.post})"

    def save(self, *args, **kwargs):
        self.renditions = images.current_renditions(self.image, self.renditions, "blog/renditions/inline")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.post.get_absolute_url()

    @property
    def picture(self):
        return images.Picture(self.renditions, self.alt)


class PostRevision(models.Model):
    """The content of a post before one of its saves, so it can be restored."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=150)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.title} — {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"

    def get_absolute_url(self):
        return reverse("admin:blog_postrevision_change", args=[self.pk])

    def restore(self, user=None):
        """Put this revision's content back on the post; the replaced content becomes a revision."""
        post = self.post
        post.title, post.summary, post.body = self.title, self.summary, self.body
        post.save(revision_by=user)
        return post
