"""Drop cached copies of the clinic's identity whenever the clinician edits it."""

from django.dispatch import Signal

from clinic.hours import forget_schedule
from clinic.identity import forget_profile
from clinic.pagecache import invalidate

# Sent after the profile, hours or closures change; apps that cache pages
# showing the clinic's details listen to it.
clinic_changed = Signal()


def identity_changed(sender, **kwargs):
    forget_profile()
    forget_schedule()
    invalidate()
    clinic_changed.send(sender=sender)
