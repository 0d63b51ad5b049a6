"""Signals bookings sends for others to act on."""

from django.dispatch import Signal

# A held time was released: an appointment cancelled, declined or moved away. Sent with `start` and `end`
# (aware datetimes: the time the appointment held, its buffer included) inside the transaction that freed it.
time_freed = Signal()
