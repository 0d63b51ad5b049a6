from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes after the visit"

    def ready(self):
        from bookings import emails
        from core import patientdata
        from core.contributions import contribute
        from outcomes import privacy

        patientdata.register(export=privacy.export, erase=privacy.erase)
        # The link and the way to stop: never an activity, a score or how the patient is.
        emails.register_kind(
            "followup",
            subject="How are you getting on? A minute’s follow-up from {clinic}",
            recipient="patient",
            label="Follow-up after the last visit (to the patient)",
            template_dir="outcomes/email",
        )
        # An answer "worse than before the first visit": to the clinician, the link to it and nothing of it.
        emails.register_kind(
            "followup_attention",
            subject="A follow-up answer needs your attention",
            recipient="clinic",
            label="Follow-up answer needs your attention (to you)",
            template_dir="outcomes/email",
        )
        contribute("privacy-keeping", "outcomes/includes/privacy_keeping.html", order=60)
        contribute("admin-appointment-tools", "outcomes/includes/appointment_followups.html", order=60)
        contribute("admin-home-to-see-to", "outcomes/includes/home_to_see.html", order=55)
