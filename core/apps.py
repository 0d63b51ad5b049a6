from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared plumbing every app may use and which uses none of them: the page cache and what makes cached
    things stale, locks, logs, health checks, images, typography, the client's address, absolute links and the
    request guards."""

    name = "core"
    verbose_name = "Shared plumbing"
