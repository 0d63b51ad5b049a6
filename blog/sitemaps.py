from django.utils import timezone

from blog.models import Category, Post
from core.siteurl import SiteSitemap


class PostSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Post.objects.published(timezone.now()).only("slug", "updated_at")

    def lastmod(self, post):
        return post.updated_at


class CategorySitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Category.objects.filter(posts__status=Post.Status.PUBLISHED).distinct()
