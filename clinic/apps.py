from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic details"

    def ready(self):
        from clinic import pagecache
        from clinic.models import ClinicProfile, Closure, OpeningHours
        from clinic.signals import identity_changed

        # First drop the cached identity, then (pagecache's table) the pages that show it.
        for model in (ClinicProfile, OpeningHours, Closure):
            post_save.connect(identity_changed, sender=model, dispatch_uid=f"clinic-save-{model.__name__}")
            post_delete.connect(identity_changed, sender=model, dispatch_uid=f"clinic-del-{model.__name__}")
        pagecache.connect_signals()
