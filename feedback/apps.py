from django.apps import AppConfig
from django.db.models.signals import post_delete

SHOWN_ON = "patients’ comments on the home, about and services pages"


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Patients’ feedback"

    def ready(self):
        from bookings import emails
        from core import patientdata, stale
        from core.contributions import contribute
        from feedback import answers, privacy
        from feedback.models import Feedback
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
        # Only what is shown changing makes them stale (`answers`): shown, withdrawn, or a shown one deleted.
        stale.on_event("feedback-shown", CACHE_KEY, pages=SHOWN_ON)
        post_delete.connect(answers.shown_one_deleted, sender=Feedback, dispatch_uid="feedback-shown-deleted")
        for place in ("home", "about", "services"):
            contribute(place, "feedback/includes/comments.html", order=30)  # on home: after services and articles
        contribute("admin-appointment-tools", "feedback/includes/appointment_feedback.html", order=60)
        contribute("admin-home-to-see-to", "feedback/includes/home_waiting.html", order=60)
        contribute("privacy-keeping", "feedback/includes/privacy_keeping.html", order=65)
