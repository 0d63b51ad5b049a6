"""What /healthz checks. Apps add their own checks here (from their AppConfig.ready), so the clinic app
needs to know nothing about them.

A check is a function of `now` returning (name, details, healthy).
"""

from collections.abc import Callable

CHECKS: list[Callable] = []


def register(check):
    if check not in CHECKS:
        CHECKS.append(check)
    return check
