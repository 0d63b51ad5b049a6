"""Drop the cached copies of the clinic's identity when the clinician edits it (pages: `pagecache`)."""

from clinic.hours import forget_schedule
from clinic.identity import forget_profile


def identity_changed(sender, **kwargs):
    forget_profile()
    forget_schedule()
