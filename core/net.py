from django.conf import settings


def client_ip(request) -> str:
    """The client's address: the proxy's last X-Forwarded-For hop when behind one, else the peer."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.BEHIND_PROXY else ""
    return forwarded.split(",")[-1].strip() if forwarded else request.META.get("REMOTE_ADDR", "")
