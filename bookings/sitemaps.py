from bookings.models import Service
from core.siteurl import SiteSitemap


class ServiceSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Service.objects.active().only("slug")
