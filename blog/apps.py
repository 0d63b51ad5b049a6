from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Articles"

    def ready(self):
        from core import stale
        from core.contributions import contribute

        contribute("home", "blog/includes/latest_posts.html", order=20)  # after the services

        stale.when_saved("blog.Post", pages="articles, lists, feeds and the sitemap")
        stale.when_saved("blog.Post_categories", pages="category pages and related articles")
        stale.when_saved("blog.Category", pages="category pages and the category links on lists")
        stale.when_saved("blog.PostImage", pages="the pictures inside articles")
        stale.on_event("posts-rerendered", pages="articles rendered again after a renderer change (rerender_posts)")
