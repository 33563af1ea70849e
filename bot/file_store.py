"""The store the ward keeps files in, as the settings name it: a folder (CCHC_FILES_DIR, the
default), or an S3-compatible bucket (CCHC_FILES_URL=s3://bucket/prefix)."""

from __future__ import annotations

from bot.settings import Settings
from storage.filestore import FileStore, LocalFileStore


def file_store(settings: Settings, unit: str | None = None) -> FileStore:
    """The store of kept files the settings name: CCHC_FILES_URL's bucket, else the folder
    CCHC_FILES_DIR; a unit's files (CCHC_UNIT, or `unit` for one bot of several) apart."""
    code = settings.unit if unit is None else unit
    if settings.files_url:
        from storage.s3store import S3FileStore, parse_s3_url

        bucket, prefix = parse_s3_url(settings.files_url)
        return S3FileStore(
            bucket,
            prefix,
            code,
            endpoint_url=settings.s3_endpoint_url,
            access_key_id=(
                settings.s3_access_key_id.get_secret_value() if settings.s3_access_key_id else None
            ),
            secret_access_key=settings.s3_secret_access_key,
            region=settings.s3_region,
        )
    # A unit of a units file already has a folder of its own (bot/units/config.py): no
    # units/<code>/ inside it a second time.
    return LocalFileStore(settings.files_dir, "" if settings.units_file else code)
