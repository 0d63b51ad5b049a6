from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Articles"

    def ready(self):
        from blog.models import Category, Post, PostImage
        from clinic.pagecache import invalidate

        # Any change to what articles show makes every cached public page stale.
        for model in (Post, Category, PostImage):
            post_save.connect(invalidate, sender=model, dispatch_uid=f"blog-pagecache-save-{model.__name__}")
            post_delete.connect(invalidate, sender=model, dispatch_uid=f"blog-pagecache-del-{model.__name__}")
        m2m_changed.connect(invalidate, sender=Post.categories.through, dispatch_uid="blog-pagecache-categories")
