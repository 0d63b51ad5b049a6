from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["clinic:home", "clinic:contact", "clinic:privacy", "bookings:start", "blog:list"]

    def location(self, item):
        return reverse(item)
