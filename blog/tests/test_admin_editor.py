"""The post editor (the preview beside the body, the images table inside the page) and an earlier version's page,
with its Restore button: in the page's HTML, and in a real browser at a phone's and a desk's width."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.csp import CSP, build_policy

from blog.models import Post, PostRevision
from blog.tests.factories import PostFactory, image_upload
from core.tests.html import elements

pytestmark = pytest.mark.django_db


def one(html, tag, **attributes):
    (element,) = elements(str(html), tag, **attributes)
    return element


def with_revision(**fields):
    post = PostFactory(title="Version one", summary="The first summary.", body="The first words.", **fields)
    post.title, post.summary, post.body = "Version two", "The second summary.", "The second words."
    post.save()
    return post, post.revisions.get()


@pytest.fixture
def staff(client, django_user_model):
    """A staff user with only the permissions a test grants."""
    user = django_user_model.objects.create_user("locum", "locum@example.com", "x", is_staff=True)

    def grant(*codenames):
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        client.force_login(django_user_model.objects.get(pk=user.pk))  # a fresh user: no cached permissions

    client.grant = grant
    return client


class TestPreviewBesideTheBody:
    def test_the_preview_pane_shares_a_row_with_the_body_and_fills_its_frame(self, admin_client):
        post = PostFactory()
        page = admin_client.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()
        row = one(page, "div", **{"class": "editor-with-preview"})
        assert one(row, "textarea", name="body")
        frame = one(row, "iframe", name="post-preview")
        assert dict(frame.attributes)["title"]  # a frame is announced by its title
        show = one(row, "button", formtarget="post-preview")
        assert dict(show.attributes)["formaction"] == reverse("admin:blog_post_preview", args=[post.pk])
        assert ("formnovalidate", None) in show.attributes and ("name", "_preview_in_frame") in show.attributes
        assert one(row, "button", formtarget="_blank")  # and the whole page in a tab of its own
        assert not elements(page, "div", **{"class": "submit-row preview-row"})  # no longer at the foot

    def test_a_new_post_has_no_preview_yet(self, admin_client):
        page = admin_client.get(reverse("admin:blog_post_add")).content.decode()
        assert one(page, "textarea", name="body") and not elements(page, "iframe", name="post-preview")

    def test_a_reader_without_change_permission_gets_no_preview_buttons(self, staff):
        post = PostFactory()
        staff.grant("view_post")
        page = staff.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()
        assert not elements(page, "iframe", name="post-preview") and not elements(page, "button", formtarget=True)

    def test_the_preview_may_be_framed_by_the_admin_and_by_no_other_site(self, admin_client, settings):
        post = PostFactory()
        edits = {"title": "Edited", "summary": "Edited summary", "body": "Edited words.", "_preview_in_frame": "1"}
        response = admin_client.post(reverse("admin:blog_post_preview", args=[post.pk]), edits)
        assert response.status_code == HTTPStatus.OK and "Edited words." in response.content.decode()
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        # The site's policy in all else (no script but the site's own), the admin's pages as the only ancestors.
        framed_by_the_site = build_policy({**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]})
        assert response["Content-Security-Policy"] == framed_by_the_site

    def test_other_admin_pages_still_refuse_every_frame(self, admin_client):
        post = PostFactory()
        response = admin_client.get(reverse("admin:blog_post_change", args=[post.pk]))
        assert response["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in response["Content-Security-Policy"]

    def test_an_incomplete_preview_in_the_frame_says_so_there_and_saves_nothing(self, admin_client):
        post = PostFactory()
        before = Post.objects.values().get(pk=post.pk)
        url = reverse("admin:blog_post_preview", args=[post.pk])
        response = admin_client.post(url, {"title": "", "summary": "", "body": "", "_preview_in_frame": "1"})
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert "The preview needs a title, a summary and a body." in response.content.decode()
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert Post.objects.values().get(pk=post.pk) == before

    def test_an_incomplete_preview_in_a_tab_goes_back_to_the_editor(self, admin_client):
        post = PostFactory()
        response = admin_client.post(reverse("admin:blog_post_preview", args=[post.pk]), {"title": ""})
        assert response["Location"] == reverse("admin:blog_post_change", args=[post.pk])


def test_every_input_in_the_images_table_is_named_for_a_screen_reader(admin_client):
    post = PostFactory()
    post.images.create(key="bridge", image=image_upload("bridge.jpg"), alt="A glute bridge")
    page = admin_client.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()
    names = {
        dict(node.attributes)["name"]: dict(node.attributes).get("aria-label")
        for node in elements(page, "input", name=True)
    }
    assert names["images-0-key"] == "Image 1: Key" and names["images-0-alt"] == "Image 1: Description"
    assert names["images-0-image"] == "Image 1: Image" and names["images-0-DELETE"] == "Image 1: Delete"
    assert names["images-1-caption"] == "Image 2: Caption"  # the empty row for one more
    assert names["hero_image"] == "Hero image file"


class TestRestoreButton:
    def test_the_earlier_version_page_has_a_restore_button_that_restores(self, admin_client, admin_user):
        post, revision = with_revision()
        page = admin_client.get(revision.get_absolute_url()).content.decode()
        restore_url = reverse("admin:blog_postrevision_restore", args=[revision.pk])
        button = one(page, "button", formaction=restore_url)
        assert "Restore this version" in str(button)
        response = admin_client.post(restore_url)
        assert response["Location"] == reverse("admin:blog_post_change", args=[post.pk])
        post.refresh_from_db()
        assert (post.title, post.summary, post.body) == ("Version one", "The first summary.", "The first words.")
        replaced = post.revisions.order_by("-id").first()
        assert (replaced.title, replaced.saved_by) == ("Version two", admin_user)  # nothing is lost by restoring
        messages = admin_client.get(response["Location"]).content.decode()
        assert "Restored an earlier version of “Version one”." in messages

    def test_a_reader_of_versions_without_change_permission_on_posts_sees_no_button_and_cannot_restore(self, staff):
        post, revision = with_revision()
        staff.grant("view_postrevision", "view_post")
        page = staff.get(revision.get_absolute_url())
        assert page.status_code == HTTPStatus.OK and "Version one" in page.content.decode()
        assert not elements(page.content.decode(), "button", formaction=True)
        before = list(Post.objects.values()), list(PostRevision.objects.values())
        response = staff.post(reverse("admin:blog_postrevision_restore", args=[revision.pk]))
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert (list(Post.objects.values()), list(PostRevision.objects.values())) == before

    def test_with_change_permission_on_posts_a_staff_user_restores(self, staff):
        post, revision = with_revision()
        staff.grant("view_postrevision", "change_post")
        assert "Restore this version" in staff.get(revision.get_absolute_url()).content.decode()
        staff.post(reverse("admin:blog_postrevision_restore", args=[revision.pk]))
        post.refresh_from_db()
        assert post.title == "Version one"

    def test_restoring_is_a_post_only(self, admin_client):
        post, revision = with_revision()
        response = admin_client.get(reverse("admin:blog_postrevision_restore", args=[revision.pk]))
        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
        post.refresh_from_db()
        assert post.title == "Version two"


# --- In a browser ---------------------------------------------------------------------------------------------


@pytest.fixture
def editor(live, browser, django_user_model):
    """A signed-in clinician's browser at a given width, and a post with two images and an earlier version."""
    django_user_model.objects.create_superuser("stephen.admin", "s@example.com", "a-long-test-password-42")
    post, revision = with_revision()
    for key in ["knee-culprits", "load-week"]:
        post.images.create(key=key, image=image_upload(f"{key}.jpg"), alt="A long description " * 8, caption="A cap")
    contexts = []

    def open_at(width):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.goto(live.url + reverse("admin:login"))
        page.fill("#id_username", "stephen.admin")
        page.fill("#id_password", "a-long-test-password-42")
        page.click("input[type=submit]")
        return page

    open_at.post, open_at.revision = post, revision
    yield open_at
    for context in contexts:
        context.close()


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_editor_stacks_fits_the_page_and_passes_axe(live, editor, axe_violations):
    page = editor(390)
    page.goto(live.url + reverse("admin:blog_post_change", args=[editor.post.pk]))
    assert page_width(page) <= 390
    body, pane = page.locator("#id_body").bounding_box(), page.locator(".editor-preview").bounding_box()
    assert pane["y"] >= body["y"] + body["height"]  # below the body
    assert not page.locator("#images-group .wrapper").evaluate("e => e.scrollWidth > e.clientWidth")  # cards
    assert axe_violations(page) == []
    page.click("button[name=_preview_in_frame]")
    frame = page.frame_locator("iframe[name=post-preview]")
    assert frame.locator("h1").inner_text() == "Version two"
    assert page_width(page) <= 390


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_on_a_wide_screen_the_preview_sits_beside_the_body_and_shows_the_edits(live, editor, axe_violations):
    page = editor(1280)
    page.goto(live.url + reverse("admin:blog_post_change", args=[editor.post.pk]))
    body, pane = page.locator("#id_body").bounding_box(), page.locator(".editor-preview").bounding_box()
    assert pane["x"] >= body["x"] + body["width"] and pane["y"] < body["y"] + body["height"]  # beside it
    assert page_width(page) <= 1280
    assert not page.locator("#images-group .wrapper").evaluate("e => e.scrollWidth > e.clientWidth")  # a table
    page.fill("#id_body", "## Edited here\n\nNot saved yet.")
    page.click("button[name=_preview_in_frame]")
    frame = page.frame_locator("iframe[name=post-preview]")
    assert frame.locator("#edited-here").inner_text() == "Edited here"
    assert axe_violations(page) == []
    assert Post.objects.get(pk=editor.post.pk).body == "The second words."


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_earlier_version_is_restored_with_its_button_on_a_phone(live, editor, axe_violations):
    page = editor(390)
    page.goto(live.url + editor.revision.get_absolute_url())
    assert page_width(page) <= 390
    assert axe_violations(page) == []
    page.click("text=Restore this version")
    page.wait_for_url(f"**{reverse('admin:blog_post_change', args=[editor.post.pk])}")
    assert "Restored an earlier version" in page.inner_text(".messagelist")
    assert Post.objects.get(pk=editor.post.pk).title == "Version one"
