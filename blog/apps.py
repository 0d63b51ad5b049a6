from django.apps import AppConfig
from django.db.models.signals import m2m_changed


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Articles"

    def ready(self):
        from blog.models import Category, Post, PostImage
        from clinic.pagecache import invalidate, invalidate_on_change

        # What articles show appears on cached public pages.
        invalidate_on_change(Post, Category, PostImage)
        m2m_changed.connect(invalidate, sender=Post.categories.through, dispatch_uid="pagecache-post-categories")
