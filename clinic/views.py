from http import HTTPStatus

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from clinic import privacy, structured_data
from clinic.context_processors import load_clinic_context
from clinic.identity import current_profile
from clinic.models import FirstVisitSection, FrequentQuestion
from clinic.privacy import PRIVACY_NOTICE_VERSION
from core import health
from core.pagecache import public_page


@public_page()
class HomeView(TemplateView):
    template_name = "clinic/home.html"


@public_page()
class ContactView(TemplateView):
    template_name = "clinic/contact.html"


@public_page()
class AboutView(TemplateView):
    template_name = "clinic/about.html"

    def get_context_data(self, **kwargs):
        profile = current_profile()
        return {**super().get_context_data(**kwargs), "person_jsonld": structured_data.person_jsonld(profile)}


@public_page()
class FirstVisitView(TemplateView):
    template_name = "clinic/first_visit.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sections": list(FirstVisitSection.objects.all())}


@public_page()
class FaqView(TemplateView):
    template_name = "clinic/faq.html"

    def get_context_data(self, **kwargs):
        questions = list(FrequentQuestion.objects.all())
        return {
            **super().get_context_data(**kwargs),
            "questions": questions,
            "faq_jsonld": structured_data.faq_jsonld(questions) if questions else None,
        }


@public_page()
class PrivacyView(TemplateView):
    template_name = "clinic/privacy.html"
    extra_context = {
        "privacy_notice_version": PRIVACY_NOTICE_VERSION,
        "last_updated": privacy.last_updated(),
        "cookies": privacy.cookies,
    }


@require_safe
@never_cache
def healthz(request):
    """Liveness, database reachability and the apps' own checks (core.health), for monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=HTTPStatus.SERVICE_UNAVAILABLE)
    report, healthy = {"database": "ok"}, True
    now = timezone.now()
    for check in health.CHECKS:
        name, details, ok = check(now)
        report[name] = details
        healthy = healthy and ok
    status = HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE
    return JsonResponse({"status": "ok" if healthy else "error", **report}, status=status)


@require_safe
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /book/manage/",
        "Allow: /",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=86400)
def web_manifest(request):
    profile = current_profile()
    manifest = {
        "name": profile.name,
        "short_name": profile.short_name,
        "description": profile.tagline,
        "start_url": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5563",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


def server_error(request):
    """The branded 500 page, with the clinic's details if they can be had safely."""
    try:
        context = {"clinic": load_clinic_context(timezone.now())}
    except Exception:  # noqa: BLE001 - the error page must render whatever is broken
        context = {}
    body = loader.get_template("500.html").render(context)
    return HttpResponse(body, status=HTTPStatus.INTERNAL_SERVER_ERROR)
