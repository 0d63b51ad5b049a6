"""How a patient is named beside a comment they allowed to be published: their first name and the initial of their
surname ("Ann R."), from the name on the appointment, never more of it."""

import re

TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"}


def _capitalised(word: str) -> str:
    """A word typed all in lower (or upper) case gets a capital at the start of each part ("mary-jane" →
    "Mary-Jane"); one typed in mixed case is kept as the patient wrote it ("DeShawn")."""
    if word.islower() or word.isupper():
        return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
    return word


def public_name(patient_name: str) -> str:
    """ "Ann Runner" → "Ann R."; "ann runner" → "Ann R."; "Ann" → "Ann"; "Mary-Jane Smith-Jones" → "Mary-Jane S.";
    "Dr Ann Marie Runner" → "Ann R." (a title dropped, middle names left out). "" if there is no name."""
    words = [word for word in re.split(r"\s+", patient_name.strip()) if word.strip(".-'’")]
    if len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    if not words:
        return ""
    first = _capitalised(words[0])
    if len(words) == 1:
        return first
    surname = words[-1].strip(".-'’")
    return f"{first} {surname[:1].upper()}."
