"""Absolute addresses come from SITE_URL, never from the request's Host header (which a client chooses)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def site_domain() -> str:
    """The site's host name, for identifiers that must be unique to it (calendar UIDs, Message-IDs)."""
    return urlsplit(settings.SITE_URL).hostname or "restoresportsinjury.co.uk"


class SiteSitemap(Sitemap):
    """A sitemap whose links are on SITE_URL's scheme and host, whatever Host the request came with."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc
