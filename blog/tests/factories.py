import datetime as dt
import io

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from blog.models import Category, Post


def image_upload(name="photo.jpg", size=(1200, 800), fmt="JPEG", color=(20, 120, 130)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"author{n}")
    first_name = "Stephen"
    last_name = "Lunt"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short summary of the article."
    body = "## First part\n\nSome words about running.\n\n## Second part\n\nMore words."
    author = factory.SubFactory(UserFactory)
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC))

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)
