"""Phone numbers as links: the one rule for a `tel:` address, used by every page that offers to call."""

import re


def tel_uri(phone: str) -> str:
    """A phone number as a `tel:` link dials it: digits only, after a leading + if there is one ("" for none)."""
    digits = re.sub(r"\D", "", phone or "")
    return f"tel:{'+' if phone.strip().startswith('+') else ''}{digits}" if digits else ""
