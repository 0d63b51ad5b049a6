"""The clinic's admin site: the diary's numbers in every page's header, and a home page for running the
clinic rather than a list of every table."""

from django.contrib import admin
from django.utils import timezone

from bookings import diary
from config import launch
from core.adminlabels import NamedInputsAdmin

# Reached under "Security" by a superuser, not on the clinician's home.
SECURITY_MODELS = {"auth.user", "auth.group", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
# Reached from where they belong: a post's earlier versions from the post, the email queue from the outbox.
HIDDEN_MODELS = {"blog.postrevision", "django_tasks_database.dbtaskresult"}


class ClinicAdminSite(admin.AdminSite):
    site_header = "Restore — clinic admin"
    site_title = "Restore admin"
    index_title = "Run the clinic"
    # Django's side menu took 280 px of a 1280 px screen from every list (the appointments, feedback and programmes
    # lists ran off the edge beside it); the home page lists every part of the admin, one click away by "Home".
    enable_nav_sidebar = False

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model's pages name each input for a screen reader (`core.adminlabels`), Django's own models (users,
        groups, sign-in records) included."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, NamedInputsAdmin):
            admin_class = type(
                admin_class.__name__, (NamedInputsAdmin, admin_class), {"__module__": admin_class.__module__}
            )
        super().register(model_or_iterable, admin_class, **options)

    def each_context(self, request):
        context = super().each_context(request)
        if request.user.is_active and request.user.is_staff and request.user.has_perm(diary.READ_PERMISSION):
            context["requests_waiting"] = diary.requests_waiting(timezone.now()).count()
        return context

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label:
            return apps  # an app's own page keeps all its models
        shown = []
        for app in apps:
            models = [m for m in app["models"] if _label(app, m) not in SECURITY_MODELS | HIDDEN_MODELS]
            if models:
                shown.append({**app, "models": models})
        return shown

    def index(self, request, extra_context=None):
        security = [
            {**model, "app_name": app["name"]}
            for app in super().get_app_list(request)
            for model in app["models"]
            if _label(app, model) in SECURITY_MODELS
        ]
        reads_diary = request.user.has_perm(diary.READ_PERMISSION)
        extra_context = {
            "day": diary.home_summary(timezone.now()) if reads_diary else None,
            "security_models": security if request.user.is_superuser else [],
            "launch": launch.checklist(request.user),
            **(extra_context or {}),
        }
        return super().index(request, extra_context)


def _label(app, model):
    return f"{app['app_label']}.{model['object_name'].lower()}"
