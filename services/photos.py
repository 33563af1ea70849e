"""Photos the ward keeps lose what they say about where and by whom they were taken.

A phone's photo carries GPS coordinates, the device and the time in its EXIF data (and XMP, and
PNG text chunks). The bot keeps only the pixels and the orientation (so the picture still shows
the right way up); a JPEG is written back at its own quality.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"})
ORIENTATION = 0x0112
METADATA = frozenset({"exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment"})


def strip_metadata(path: Path) -> bool:
    """Rewrite the image at `path` without its metadata; False when it is not an image we read
    (it is then left as it is)."""
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return False
    # Pillow on the first kept photo, not at start-up (about 3 MB the bot may never need).
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.load()
            exif = image.getexif()
            orientation = exif.get(ORIENTATION)
            fmt = image.format
            text = getattr(image, "text", None) or {}  # a PNG's text chunks
            if set(exif) <= {ORIENTATION} and not text and not METADATA.intersection(image.info):
                return True  # nothing to take out: the file stays as it was sent
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


def strip_metadata_bytes(data: bytes, suffix: str) -> bytes:
    """`data` (a file of this suffix) without its metadata; as it was when it is not an image
    we read."""
    if suffix.lower() not in IMAGE_SUFFIXES:
        return data
    with tempfile.TemporaryDirectory(prefix="cchc-photo-") as scratch:
        path = Path(scratch) / f"photo{suffix.lower()}"
        path.write_bytes(data)
        strip_metadata(path)
        return path.read_bytes()
