"""Photos the ward keeps lose what they say about where and by whom they were taken.

A phone's photo carries GPS coordinates, the device and the time in its EXIF data (and XMP, and
PNG text chunks). The bot keeps only the pixels and the orientation (so the picture still shows
the right way up); a JPEG is written back at its own quality.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PIL import Image, UnidentifiedImageError

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"})
ORIENTATION = 0x0112


def strip_metadata(path: Path) -> bool:
    """Rewrite the image at `path` without its metadata; False when it is not an image we read
    (it is then left as it is)."""
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return False
    try:
        with Image.open(path) as image:
            image.load()
            orientation = image.getexif().get(ORIENTATION)
            fmt = image.format
            kept = Image.Exif()
            if orientation:
                kept[ORIENTATION] = orientation
            options: dict[str, object] = {"exif": kept.tobytes()}
            if fmt == "JPEG":
                options["quality"] = "keep"
            clean = image.copy() if fmt != "JPEG" else image
            clean.info = {}
            partial = path.with_name(path.name + ".partial")
            clean.save(partial, format=fmt, **options)
    except (UnidentifiedImageError, OSError, ValueError) as error:
        log.warning("could not strip the metadata of %s: %s", path.name, error)
        return False
    partial.replace(path)
    return True
