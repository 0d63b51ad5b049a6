from django.apps import AppConfig

SHOWN_ON = "patients’ comments on the home, about and services pages"


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Patients’ feedback"

    def ready(self):
        from bookings import emails
        from core import patientdata, stale
        from core.contributions import contribute
        from feedback import privacy
        from feedback.public import CACHE_KEY

        patientdata.register(export=privacy.export, erase=privacy.erase)
        # The link and when it works until: never a rating, a comment or anything of the visit but its day.
        emails.register_kind(
            "feedback_request",
            subject="How was your visit to {clinic}?",
            recipient="patient",
            label="Feedback asked for (to the patient)",
            template_dir="feedback/email",
        )
        stale.when_saved("feedback.Feedback", CACHE_KEY, pages=SHOWN_ON)
        stale.on_event("feedback-shown", CACHE_KEY, pages=SHOWN_ON)  # approved or withdrawn, one UPDATE
        for place in ("home", "about", "services"):
            contribute(place, "feedback/includes/comments.html", order=30)  # on home: after services and articles
        contribute("admin-appointment-tools", "feedback/includes/appointment_feedback.html", order=60)
        contribute("privacy-keeping", "feedback/includes/privacy_keeping.html", order=65)
