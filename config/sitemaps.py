"""The sitemap registry: every app's sitemaps, wired together here so no app reaches into another."""

from django.urls import reverse

from blog.sitemaps import CategorySitemap, PostSitemap
from clinic.siteurl import SiteSitemap


class StaticPagesSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return ["clinic:home", "clinic:contact", "clinic:privacy", "bookings:start", "blog:list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": StaticPagesSitemap, "articles": PostSitemap, "categories": CategorySitemap}
