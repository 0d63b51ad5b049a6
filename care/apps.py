from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "care"
    verbose_name = "Care after the visit"

    def ready(self):
        from bookings import emails
        from care import privacy
        from core import patientdata
        from core.contributions import contribute

        patientdata.register(export=privacy.export, erase=privacy.erase)
        # The link, or that a log needs a look: never a score, an exercise or the patient's words.
        emails.register_kind(
            "programme_given",
            subject="Your exercise programme from {clinic}",
            recipient="patient",
            label="Exercise programme given (to the patient)",
            template_dir="care/email",
        )
        emails.register_kind(
            "exercise_log_attention",
            subject="A patient’s exercise log needs your attention",
            recipient="clinic",
            label="Exercise log needs your attention (to you)",
            template_dir="care/email",
        )
        emails.register_kind(
            "exercise_reminder",
            subject="Your exercises today, from {clinic}",
            recipient="patient",
            label="Exercise reminder (to the patient, on the days they chose)",
            template_dir="care/email",
        )
        contribute("admin-appointment-tools", "care/includes/give_exercises.html")
        contribute("admin-diary-day", "care/includes/before_visits.html")
        contribute("admin-home-to-see-to", "care/includes/home_attention.html")
        contribute("privacy-keeping", "care/includes/privacy_keeping.html", order=55)
