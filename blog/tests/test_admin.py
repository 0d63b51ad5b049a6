from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blog.models import Post, PostRevision
from blog.tests.factories import CategoryFactory, PostFactory, UserFactory, image_upload

pytestmark = pytest.mark.django_db


def post_form(**overrides):
    data = {
        "title": "Hip pain in runners",
        "slug": "hip-pain-in-runners",
        "summary": "What it is and what helps.",
        "body": "## Why\n\nBecause.\n\n[image: bridge]\n\n[book: hip]",
        "status": "draft",
        "published_at_0": "24/11/2026",
        "published_at_1": "09:00",
        "author": UserFactory(username="stephen").pk,
        "hero_alt": "",
        "seo_title": "",
        "seo_description": "",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "images-0-key": "bridge",
        "images-0-alt": "A glute bridge",
        "images-0-caption": "",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
        "revisions-MIN_NUM_FORMS": "0",
        "revisions-MAX_NUM_FORMS": "1000",
    }
    return data | overrides


def test_clinician_writes_a_post_with_an_inline_image(admin_client):
    data = post_form()
    data["images-0-image"] = image_upload("bridge.jpg")
    response = admin_client.post(reverse("admin:blog_post_add"), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    post = Post.objects.get()
    assert 'alt="A glute bridge"' in post.body_html  # rendered again after the inline image was saved
    assert 'href="/book/?concern=hip"' in post.body_html


def test_a_non_image_upload_is_refused_in_admin_with_a_message(admin_client):
    data = post_form()
    data["images-0-image"] = SimpleUploadedFile("fake.jpg", b"not an image", "image/jpeg")
    response = admin_client.post(reverse("admin:blog_post_add"), data)
    assert response.status_code == HTTPStatus.OK
    assert "Upload a valid image." in response.content.decode()
    assert not Post.objects.exists()


def test_hero_without_description_is_refused_in_admin(admin_client):
    data = post_form(**{"images-TOTAL_FORMS": "0"})
    data["hero_image"] = image_upload("hero.jpg")
    response = admin_client.post(reverse("admin:blog_post_add"), data)
    assert response.status_code == HTTPStatus.OK
    assert "Describe the hero image" in response.content.decode()


def test_list_filters_search_and_shows_visibility(admin_client):
    PostFactory(title="Scheduled one", published_at="2099-01-01T09:00:00Z")
    response = admin_client.get(reverse("admin:blog_post_changelist"), {"q": "Scheduled"})
    html = response.content.decode()
    assert "Scheduled for 01/01/2099 09:00" in html


def test_publish_and_unpublish_actions(admin_client):
    draft = PostFactory(status=Post.Status.DRAFT)
    url = reverse("admin:blog_post_changelist")
    admin_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Post.Status.PUBLISHED
    admin_client.post(url, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT


def test_clinician_restores_an_earlier_version(admin_client):
    post = PostFactory(title="Version one", body="One")
    post.title, post.body = "Version two", "Two"
    post.save()
    revision = PostRevision.objects.get(post=post)
    change_page = admin_client.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()
    assert "View or restore" in change_page
    admin_client.post(
        reverse("admin:blog_postrevision_changelist"), {"action": "restore", "_selected_action": [revision.pk]}
    )
    post.refresh_from_db()
    assert post.title == "Version one"


def test_category_admin_prepopulates_slug(admin_client):
    CategoryFactory()
    assert admin_client.get(reverse("admin:blog_category_add")).status_code == HTTPStatus.OK


class TestPostEditor:
    def test_the_editor_has_wide_title_and_summary_markdown_help_and_a_preview_button(self, admin_client):
        post = PostFactory()
        page = admin_client.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()
        assert 'class="wide-input"' in page and 'name="title"' in page
        assert "Writing in Markdown" in page and "[book: knee]" in page
        assert "/blog//" not in page and "knee-pain for /blog/knee-pain/" in page  # the slug's help reads right
        assert f'formaction="{reverse("admin:blog_post_preview", args=[post.pk])}"' in page

    def test_preview_renders_unsaved_edits_exactly_like_the_article_and_saves_nothing(self, admin_client):
        post = PostFactory(title="Saved title", body="Saved words.")
        before = Post.objects.filter(pk=post.pk).values().get()
        data = {
            "title": "Edited title",
            "summary": "Edited summary",
            "body": "## New part\n\nEdited words.\n\n[book: knee]",
        }
        response = admin_client.post(reverse("admin:blog_post_preview", args=[post.pk]), data)
        html = response.content.decode()
        assert response.status_code == 200 and "Preview of your unsaved changes" in html
        assert "<h1>Edited title</h1>" in html and "Edited words." in html and 'id="new-part"' in html
        assert "concern=knee" in html  # the call to action, rendered by the real renderer
        assert "<script>" not in html.split("</head>")[1].replace('<script type="application/ld+json">', "")
        assert Post.objects.filter(pk=post.pk).values().get() == before
        assert not post.revisions.exists()

    def test_preview_is_post_only_and_for_staff(self, client, admin_client):
        post = PostFactory()
        url = reverse("admin:blog_post_preview", args=[post.pk])
        assert admin_client.get(url).status_code == 405
        assert client.post(url, {"title": "x", "summary": "y", "body": "z"}).status_code == 302  # to the login
