"""The project's URLs: each app's namespace, the admin, and site-wide files."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from clinic import views
from config.sitemaps import SITEMAPS

urlpatterns = [
    path("", include("clinic.urls")),
    path("blog/", include("blog.urls")),
    path("book/", include("bookings.urls")),
    path("services/", include("bookings.urls_services")),
    path("contact/message/", include("bookings.urls_contact")),
    path("exercises/", include("care.urls")),
    path("follow-up/", include("outcomes.urls")),
    path("feedback/", include("feedback.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
handler500 = "clinic.views.server_error"
