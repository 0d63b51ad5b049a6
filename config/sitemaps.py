"""The sitemap registry: every app's sitemaps, wired together here so no app reaches into another."""

from django.urls import reverse

from blog.sitemaps import CategorySitemap, PostSitemap
from bookings.sitemaps import ServiceSitemap
from core.siteurl import SiteSitemap


class StaticPagesSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "clinic:home",
            "clinic:about",
            "clinic:first_visit",
            "clinic:faq",
            "clinic:contact",
            "clinic:privacy",
            "bookings:start",
            "services:list",
            "blog:list",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "services": ServiceSitemap,
    "articles": PostSitemap,
    "categories": CategorySitemap,
}
