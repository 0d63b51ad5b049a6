import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from blog.models import Post, PostImage, PostRevision
from blog.tests.factories import PostFactory, UserFactory, image_upload
from core.images import validate_image_upload

pytestmark = pytest.mark.django_db


def test_saving_renders_the_body_once_and_stores_it():
    post = PostFactory(body="## Hello\n\nWorld " * 3)
    stored = Post.objects.get(pk=post.pk)
    assert '<h2 id="hello">Hello</h2>' in stored.body_html
    assert stored.toc[0]["id"] == "hello"


def test_hero_image_gets_webp_renditions_never_upscaled():
    post = PostFactory(hero_image=image_upload(size=(1000, 600)), hero_alt="A runner")
    widths = [r["width"] for r in post.hero_renditions]
    assert widths == [400, 800, 1000]
    assert all(r["name"].endswith(".webp") for r in post.hero_renditions)
    assert post.hero.srcset.count("w,") == 2 and post.hero.width == 1000 and post.hero.height == 600


def test_an_oversized_phone_photo_is_accepted_and_scaled():
    upload = image_upload(size=(6000, 4000))
    validate_image_upload(upload)
    post = PostFactory(hero_image=upload, hero_alt="A big photo")
    assert post.hero_renditions[-1]["width"] == 1600
    assert post.hero_renditions[-1]["height"] == 1067


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("notes.jpg", b"this is not an image", content_type="image/jpeg"),
        SimpleUploadedFile("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, content_type="image/png"),
    ],
)
def test_a_non_image_or_corrupt_image_is_refused_with_a_clear_message(upload):
    with pytest.raises(ValidationError, match="isn’t an image we can read"):
        validate_image_upload(upload)


def test_hero_image_needs_a_description_or_the_decorative_tick():
    post = PostFactory.build(author=UserFactory(), hero_image=image_upload(), hero_alt="")
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "Describe the hero image" in str(error.value)
    post.hero_decorative = True
    post.full_clean()


def test_database_refuses_a_hero_without_alt_or_decorative_tick():
    post = PostFactory()
    with pytest.raises(IntegrityError):
        Post.objects.filter(pk=post.pk).update(hero_image="blog/hero/x.jpg", hero_alt="", hero_decorative=False)


def test_inline_image_is_placed_by_its_key_with_srcset_and_lazy_loading():
    post = PostFactory(body="Before\n\n[image: squat]\n\nAfter")
    PostImage.objects.create(post=post, key="squat", image=image_upload(), alt="A split squat", caption="Go slow")
    post.save()
    assert '<figure><img src="' in post.body_html
    assert 'alt="A split squat"' in post.body_html and 'loading="lazy"' in post.body_html
    assert "srcset=" in post.body_html and 'width="1200"' in post.body_html
    assert "<figcaption>Go slow</figcaption>" in post.body_html


def test_each_save_that_changes_content_keeps_the_previous_version():
    post = PostFactory(title="First title", body="First body")
    editor = UserFactory(username="editor")
    post.title, post.body = "Second title", "Second body"
    post.save(revision_by=editor)
    post.save()  # nothing changed: no new revision
    revision = PostRevision.objects.get(post=post)
    assert (revision.title, revision.body, revision.saved_by) == ("First title", "First body", editor)


def test_restoring_a_revision_brings_back_its_content_and_keeps_the_replaced_one():
    post = PostFactory(title="Original", body="Original body")
    post.title, post.body = "Edited", "Edited body"
    post.save()
    PostRevision.objects.get(title="Original").restore()
    post.refresh_from_db()
    assert (post.title, post.body) == ("Original", "Original body")
    assert "<p>Original body</p>" in post.body_html
    assert PostRevision.objects.filter(post=post, title="Edited").exists()


def test_rerender_posts_renders_stored_html_again_without_touching_text_or_dates(db):
    from io import StringIO

    from django.core.management import call_command

    post = PostFactory(body="## Strength\n\nSquats, twice a week.")
    Post.objects.filter(pk=post.pk).update(body_html="<p>stale</p>", toc=[])
    before = Post.objects.filter(pk=post.pk).values("title", "body", "updated_at").get()
    out = StringIO()
    call_command("rerender_posts", stdout=out)
    post.refresh_from_db()
    assert "Squats, twice a week." in post.body_html and post.toc[0]["name"] == "Strength"
    assert Post.objects.filter(pk=post.pk).values("title", "body", "updated_at").get() == before
    assert not post.revisions.exists() and "1 of 1 post(s)" in out.getvalue()
