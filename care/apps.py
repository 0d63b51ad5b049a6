from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "care"
    verbose_name = "Care after the visit"

    def ready(self):
        from care import privacy
        from core import patientdata
        from core.contributions import contribute

        patientdata.register(export=privacy.export, erase=privacy.erase)
        contribute("admin-appointment-tools", "care/includes/give_exercises.html")
