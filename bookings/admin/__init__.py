"""The bookings admin, by subject (Django's admin imports this package, which registers each module's models);
`pages` holds the clinician's own pages beside the appointment list (diary, report, phone booking, moves)."""

from bookings.admin import appointments, outbox, setup, waitlist

__all__ = ["appointments", "outbox", "setup", "waitlist"]
