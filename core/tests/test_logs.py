"""No log line carries a manage-link token, an email address or a query string (a patient's concern)."""

import datetime as dt
import io
import logging
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from core.logs import GunicornLogger, redact

TOKEN = "eyJhIjoxLCJyIjoiUlNULUFCQzEyMyJ9:1vNq3x:abcDEF123_-xyz"


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        (f"GET /book/manage/{TOKEN}/ HTTP/1.1", TOKEN),
        (f"POST /book/manage/{TOKEN}/cancel/", TOKEN),
        ("GET /book/calendar/Zm9vYmFyYmF6cXV4.ics", "Zm9vYmFyYmF6cXV4"),
        ("GET /book/?concern=ankle-foot HTTP/1.1", "ankle-foot"),
        ("Email 3 to ann.runner+x@example.co.uk failed", "ann.runner"),
        ("GET /blog/?q=ann%40example.com", "example.com"),
        # A programme link whose colons an email's link rewriter percent-encoded: it still opens the page.
        ("GET /exercises/p/eyJwIjoxfQ%3A1vNq3x%3AabcDEF123_-xyzABCDEFGH/ HTTP/1.1", "abcDEF123_-xyzABCDEFGH"),
        ("GET /exercises/p/eyJwIjoxfQ%3a1vNq3x%3aabcDEF123_-xyzABCDEFGH/ HTTP/1.1", "abcDEF123_-xyzABCDEFGH"),
    ],
)
def test_redact_removes_the_secret(line, secret):
    assert secret not in redact(line)


def test_django_log_lines_are_redacted(client, db):
    handler = next(h for h in logging.getLogger("django").handlers if h.filters)
    stream, handler.stream = handler.stream, io.StringIO()
    try:
        client.get(f"/book/manage/{TOKEN}/", {"concern": "knee"})  # an unknown link: a 404, logged
        client.get("/no-such-page/?email=ann@example.com")
        written = handler.stream.getvalue()
    finally:
        handler.stream = stream
    assert "Not Found" in written
    assert TOKEN not in written and "ann@example.com" not in written and "knee" not in written


def test_gunicorn_access_lines_are_redacted():
    cfg = Config()
    cfg.set("accesslog", "-")
    logger = GunicornLogger(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/book/manage/{TOKEN}/?concern=ankle-foot",
        "PATH_INFO": f"/book/manage/{TOKEN}/",
        "QUERY_STRING": "concern=ankle-foot",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://restoresportsinjury.co.uk/book/manage/{TOKEN}/",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, dt.timedelta(seconds=0))
    line = " ".join(str(atoms[key]) for key in ("h", "r", "U", "q", "f"))
    assert TOKEN not in line and "ankle-foot" not in line
    assert "203.0.113.9" in line and "/book/manage/[token]/" in line
