from django.core.management.base import BaseCommand

from blog.models import Post
from core import stale


class Command(BaseCommand):
    help = (
        "Render every post's stored HTML again from its Markdown, after a change to the renderer, the sanitiser "
        "or the call-to-action template. Changes no text, adds no revision, keeps each post's 'updated' date."
    )

    def handle(self, *args, **options):
        changed = 0
        for post in Post.objects.prefetch_related("images"):
            before = (post.body_html, post.toc, post.reading_minutes)
            post.render()
            if (post.body_html, post.toc, post.reading_minutes) != before:
                Post.objects.filter(pk=post.pk).update(
                    body_html=post.body_html, toc=post.toc, reading_minutes=post.reading_minutes
                )
                changed += 1
        if changed:
            stale.changed("posts-rerendered")
        self.stdout.write(f"{changed} of {Post.objects.count()} post(s) re-rendered with a different result.")
