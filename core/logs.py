"""Keep patient data out of the logs: manage-link, calendar and other signed-link tokens, email addresses and query
strings (an article's `?concern=ankle-foot`, a search) are replaced before a line is written.

Used by Django's log handler (settings.LOGGING) and by gunicorn's access log (gunicorn.conf.py).
"""

import logging
import re

from gunicorn.glogging import Logger

REDACTIONS = [
    (re.compile(r"(/manage/)[^/\s?\"']+"), r"\1[token]"),
    (re.compile(r"(/calendar/)[^/\s?\"'.]+"), r"\1[token]"),
    # Any other signed link's token (django.core.signing: payload:timestamp:signature), such as a patient's
    # programme or questionnaire link, wherever its path puts it.
    # Its colons may come percent-encoded (%3A) from an email's link rewriter, and still open the page.
    (re.compile(r"\.?[\w-]+(?::|%3[aA])[\w-]+(?::|%3[aA])[\w-]{20,}"), "[token]"),
    (re.compile(r"[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"\?[^\s\"']*"), "?[query]"),
]


def redact(text: str) -> str:
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """A handler filter: the record's final message, redacted."""

    def filter(self, record):
        record.msg = redact(record.getMessage())
        record.args = ()
        return True


class GunicornLogger(Logger):
    """gunicorn's logger with the request line, path, query and referrer of each access line redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{referer}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        atoms["q"] = "[query]" if atoms.get("q") else ""
        return atoms
