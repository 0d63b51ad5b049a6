"""An exercise's optional short video and its captions, checked at upload: the patient's programme page plays it
with one of the exercise's pictures as its poster (`care/templates/care/programme.html`), loading nothing until
pressed.

A video is an MP4 or WebM file of at most `MAX_VIDEO_MB`, recognised by its first bytes, not its name; captions
are a WebVTT file (a text file that starts "WEBVTT").
"""

from django.core.exceptions import ValidationError

MAX_VIDEO_MB = 30
MAX_CAPTIONS_KB = 200
KINDS = {".mp4": "video/mp4", ".webm": "video/webm"}


def _head(file, size) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        return file.read(size)
    finally:
        file.seek(position)


def kind(head: bytes) -> str | None:
    """The container the first bytes name: MP4 (an ISO media file: "ftyp" at byte 4), WebM (EBML), or None."""
    if head[4:8] == b"ftyp":
        return "video/mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "video/webm"
    return None


def validate_video(file):
    if file.size and file.size > MAX_VIDEO_MB * 1024 * 1024:
        raise ValidationError(
            f"This video is larger than {MAX_VIDEO_MB} MB. Keep it short (under a minute) or export it at a smaller "
            "size, and try again."
        )
    found = kind(_head(file, 16))
    named = KINDS.get("." + file.name.rsplit(".", 1)[-1].lower()) if "." in file.name else None
    if found is None or named != found:
        raise ValidationError("Upload the video as an MP4 or WebM file (phones and browsers play both).")


def validate_captions(file):
    if file.size and file.size > MAX_CAPTIONS_KB * 1024:
        raise ValidationError(f"Captions larger than {MAX_CAPTIONS_KB} KB can’t be right for a short video.")
    head = _head(file, 16).removeprefix(b"\xef\xbb\xbf")
    if not file.name.lower().endswith(".vtt") or not head.startswith(b"WEBVTT"):
        raise ValidationError("Captions must be a WebVTT file (.vtt, starting with “WEBVTT”).")


def content_type(field_file) -> str:
    """The MIME type the page's <source> names for a stored video."""
    return KINDS.get("." + field_file.name.rsplit(".", 1)[-1].lower(), "video/mp4")
