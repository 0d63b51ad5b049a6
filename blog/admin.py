from http import HTTPStatus

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from blog.models import Category, Post, PostImage, PostRevision
from core.adminlabels import RowLabelledFormSet


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "concern", "description"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class ImageRowsFormSet(RowLabelledFormSet):
    row_name = "Image"


class PostImageInline(admin.TabularInline):
    model = PostImage
    formset = ImageRowsFormSet
    extra = 1
    fields = ["key", "image", "alt", "caption"]
    verbose_name = "image for the body"
    verbose_name_plural = "images for the body (place each with [image: key])"


class PostRevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    fields = ["created_at", "saved_by", "title", "open_link"]
    readonly_fields = fields
    can_delete = False
    view_on_site = False  # its address is the admin page it is shown on
    show_change_link = False
    verbose_name_plural = "earlier versions"

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="")
    def open_link(self, revision):
        return format_html('<a href="{}">View or restore</a>', revision.get_absolute_url())


MARKDOWN_HELP = mark_safe(  # noqa: S308 - a fixed string written here, no user input
    "<strong>Writing in Markdown</strong><ul>"
    "<li><code>## Heading</code>, <code>### Sub-heading</code> (the title is the page’s only top heading)</li>"
    "<li><code>**bold**</code>, <code>*italic*</code></li>"
    "<li><code>- item</code> for a list, <code>1. step</code> for numbered steps</li>"
    "<li><code>[words](https://example.com)</code> for a link</li>"
    "<li><code>[image: key]</code> on its own line places an image from the list below</li>"
    "<li><code>[book]</code> or <code>[book: knee]</code> on its own line places the booking call to action</li>"
    "<li><code>&gt; text</code> for a quote; a blank line starts a new paragraph</li>"
    "</ul>Use <em>Preview</em> to see the page exactly as patients will."
)


class PostAdminForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = [
            "title", "slug", "summary", "body", "categories", "hero_image", "hero_alt", "hero_decorative",
            "status", "published_at", "author", "seo_title", "seo_description",
        ]  # fmt: skip
        widgets = {
            "title": forms.TextInput(attrs={"class": "wide-input"}),
            "summary": forms.Textarea(attrs={"class": "wide-input", "rows": 2}),
            "body": forms.Textarea(attrs={"class": "markdown-input", "rows": 30}),
            # Django's file widget labels its fieldset, not the file input in it.
            "hero_image": AdminFileWidget(attrs={"aria-label": "Hero image file"}),
            # A handful of categories: ticks read better on a phone than the two-list chooser (and pass axe).
            "categories": forms.CheckboxSelectMultiple,
        }
        help_texts = {"body": MARKDOWN_HELP}


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = PostAdminForm
    list_display = ["title", "status", "published_at", "visibility", "updated_at"]
    list_filter = ["status", "categories", "published_at"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    readonly_fields = ["created_at", "updated_at", "reading_minutes"]
    actions = ["publish", "unpublish"]
    inlines = [PostImageInline, PostRevisionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary"]}),
        # The change form's template sets the preview beside this one (blog/templates/admin/blog/post/).
        (None, {"fields": ["body"], "classes": ["with-preview"]}),
        (None, {"fields": ["categories"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_decorative"]}),
        (
            "Publishing",
            {"fields": ["status", "published_at", "author", "reading_minutes", "created_at", "updated_at"]},
        ),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
    ]

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [path("<int:object_id>/preview/", preview, name="blog_post_preview"), *super().get_urls()]

    @method_decorator(require_POST)
    @method_decorator(xframe_options_sameorigin)  # shown in a frame beside the body, on the post's own page
    @method_decorator(csp_override({**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}))
    def preview_view(self, request, object_id):
        """The article exactly as patients will see it, with the edits in the form (not saved). Server-side:
        the same template, renderer and sanitiser as the live page. The editor's Preview button shows it in
        the frame beside the body (`IN_FRAME`); "Open in a new tab" in a tab of its own."""
        post = get_object_or_404(Post.objects.select_related("author"), pk=object_id)
        if not self.has_change_permission(request, post):
            raise PermissionDenied
        edits = PreviewForm(request.POST, instance=post)
        if not edits.is_valid():
            if request.POST.get(IN_FRAME) == "1":  # a redirect there would show the whole admin in the frame
                context = {"message": PREVIEW_INCOMPLETE}
                return TemplateResponse(
                    request, "admin/blog/post/preview_incomplete.html", context, status=HTTPStatus.UNPROCESSABLE_ENTITY
                )
            messages.error(request, PREVIEW_INCOMPLETE)
            return redirect("admin:blog_post_change", object_id)
        post = edits.save(commit=False)  # not saved: only rendered
        post.render()
        context = {"post": post, "related": [], "is_live": False, "preview": True}
        return TemplateResponse(request, "blog/post_detail.html", context)

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description="Visible to patients")
    def visibility(self, post):
        now = timezone.now()
        if post.is_live(now):
            return "Live"
        if post.status == Post.Status.PUBLISHED:
            return f"Scheduled for {timezone.localtime(post.published_at):%d/%m/%Y %H:%M}"
        return "Draft (preview with “View on site”)"

    def save_model(self, request, obj, form, change):
        obj.save(revision_by=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Inline images are saved after the post: render again so [image: …] markers resolve.
        post = form.instance
        post.render()
        Post.objects.filter(pk=post.pk).update(
            body_html=post.body_html, toc=post.toc, reading_minutes=post.reading_minutes
        )

    def _set_status(self, request, queryset, status, done_message):
        count = 0
        for post in queryset.exclude(status=status):
            post.status = status
            post.save(revision_by=request.user)  # one at a time: each is rendered and its revision kept
            count += 1
        self.message_user(request, done_message.format(count=count), messages.SUCCESS)

    @admin.action(description="Publish the selected posts", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Post.Status.PUBLISHED, "Published {count} post(s).")

    @admin.action(description="Unpublish the selected posts (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Post.Status.DRAFT, "Moved {count} post(s) back to draft.")


IN_FRAME = "_preview_in_frame"  # the Preview button's name: the answer goes to the frame beside the body
PREVIEW_INCOMPLETE = "The preview needs a title, a summary and a body."


class PreviewForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["title", "summary", "body", "seo_title", "seo_description"]


@admin.register(PostRevision)
class PostRevisionAdmin(admin.ModelAdmin):
    view_on_site = False  # an earlier version is not published; the article itself is
    list_display = ["post", "title", "created_at", "saved_by"]
    list_filter = ["post"]
    search_fields = ["title", "body"]
    date_hierarchy = "created_at"
    readonly_fields = ["post", "title", "summary", "body", "saved_by", "created_at"]
    actions = ["restore"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_restore_permission(self, request):
        return request.user.has_perm("blog.change_post")  # restoring a version changes its post

    def get_urls(self):
        restore = self.admin_site.admin_view(self.restore_view)
        return [path("<int:object_id>/restore/", restore, name="blog_postrevision_restore"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "has_restore_permission": self.has_restore_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    @method_decorator(require_POST)
    def restore_view(self, request, object_id):
        """The Restore button on a version's page: its content back on the post, then the post's page."""
        revision = get_object_or_404(PostRevision.objects.select_related("post"), pk=object_id)
        if not (self.has_view_permission(request, revision) and self.has_restore_permission(request)):
            raise PermissionDenied
        post = self._restore(request, revision)
        return redirect("admin:blog_post_change", post.pk)

    @admin.action(description="Restore the selected version onto its post", permissions=["restore"])
    def restore(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one version to restore.", messages.ERROR)
            return
        self._restore(request, queryset.get())

    def _restore(self, request, revision):
        post = revision.restore(user=request.user)
        self.message_user(request, f"Restored an earlier version of “{post}”.", messages.SUCCESS)
        return post
