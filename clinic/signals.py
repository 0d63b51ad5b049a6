"""Drop cached copies of the clinic's identity, and every cached page, when the clinician edits it."""

from clinic.hours import forget_schedule
from clinic.identity import forget_profile
from clinic.pagecache import invalidate


def identity_changed(sender, **kwargs):
    forget_profile()
    forget_schedule()
    invalidate()
