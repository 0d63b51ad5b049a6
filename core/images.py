"""Uploaded images, stored once and served as resized WebP renditions."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

WIDTHS = (400, 800, 1200, 1600)
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_SIDE = 12_000


def validate_image_upload(file):
    """Refuse files that are too large or not a readable image, with a clear message."""
    if file.size and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError("This image is larger than 25 MB. Export it at a smaller size and try again.")
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as img:
            width, height = img.size
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            "This file isn’t an image we can read (it may be damaged). Upload a JPEG, PNG or WebP photo."
        ) from exc
    finally:
        file.seek(position)
    if max(width, height) > MAX_SIDE:
        raise ValidationError(f"This image is {width}×{height} pixels; the largest side can be {MAX_SIDE} at most.")


def make_renditions(field_file, folder: str) -> list[dict]:
    """Write WebP copies at several widths (never upscaled); return their descriptions."""
    field_file.open("rb")
    field_file.seek(0)
    with Image.open(field_file) as original:
        original.draft("RGB", (WIDTHS[-1], WIDTHS[-1]))
        img = ImageOps.exif_transpose(original)
        img = img.convert("RGBA" if img.mode in ("RGBA", "LA", "P") else "RGB")
        widths = [w for w in WIDTHS if w < img.width] + [min(img.width, WIDTHS[-1])]
        stem = os.path.splitext(os.path.basename(field_file.name))[0]
        renditions = []
        for width in sorted(set(widths)):
            height = round(img.height * width / img.width)
            resized = img.resize((width, height), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            resized.save(buffer, "WEBP", quality=80, method=4)
            name = default_storage.save(f"{folder}/{stem}-{width}.webp", ContentFile(buffer.getvalue()))
            renditions.append({"source": field_file.name, "name": name, "width": width, "height": height})
    return renditions


def current_renditions(field_file, renditions: list[dict], folder: str) -> list[dict]:
    """The renditions for the file now in `field_file`: the stored ones while they were made from it, new ones
    when the file changed, none when it was removed (called from a model's save)."""
    if not field_file:
        return []
    if renditions and renditions[0].get("source") == field_file.name:
        return renditions
    return make_renditions(field_file, folder)


@dataclass
class Picture:
    renditions: list[dict]
    alt: str

    @property
    def largest(self):
        return self.renditions[-1]

    @property
    def src(self):
        middle = next((r for r in self.renditions if r["width"] >= 800), self.largest)
        return default_storage.url(middle["name"])

    @property
    def srcset(self):
        return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in self.renditions)

    @property
    def width(self):
        return self.largest["width"]

    @property
    def height(self):
        return self.largest["height"]

    @property
    def smallest_url(self):
        return default_storage.url(self.renditions[0]["name"])

    @property
    def largest_url(self):
        return default_storage.url(self.largest["name"])
