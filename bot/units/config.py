"""One unit's bot settings, made from the deployment's settings and the unit's entry.

Everything a unit's Application needs differs from the deployment's only here: its token, its
data (store_target_for), its files, its admins, its ward's name, its plan and catalogue files,
its webhook path and secret. `build_application(unit_settings(...))` is then the bot as one
ward runs it today.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import replace
from pathlib import Path

from pydantic import SecretStr

from bot.settings import Settings, SettingsError
from domain.datafiles.units import Unit, read_units

UNITS_FOLDER = "units"


def unit_folder(unit: Unit, settings: Settings) -> Path:
    """var/units/<code>/: the unit's database file and files folder, beside the deployment's."""
    return settings.db_path.parent / UNITS_FOLDER / unit.code


def store_target_for(unit: Unit, settings: Settings) -> Path:
    """The unit's SQLite database file: its data is isolated by file. With CCHC_DATABASE_URL
    the unit's settings' `database` is the one PostgreSQL URL instead, and its code (`unit`)
    scopes every row there (`Store.open(settings.database, settings.unit)`)."""
    return unit_folder(unit, settings) / settings.db_path.name


def _files_dir(unit: Unit, settings: Settings) -> Path:
    if settings.files_dir == settings.db_path.parent / "files":  # the default: beside the data
        return unit_folder(unit, settings) / "files"
    return settings.files_dir / UNITS_FOLDER / unit.code  # CCHC_FILES_DIR set: under it


def unit_webhook_url(settings: Settings, unit: Unit) -> str | None:
    """CCHC_WEBHOOK_URL with the unit's code as the last part of its path (…/tg/kien-hung)."""
    if settings.webhook_url is None:
        return None
    return f"{settings.webhook_url.rstrip('/')}/{unit.code}"


def unit_webhook_secret(settings: Settings, unit: Unit) -> SecretStr | None:
    """Each unit's bot gets its own secret token, derived from CCHC_WEBHOOK_SECRET and its code
    (43 characters of A-Z a-z 0-9 _ -): one leaked secret opens no other unit's path."""
    if settings.webhook_secret is None:
        return None
    key = settings.webhook_secret.get_secret_value().encode()
    digest = hmac.new(key, f"cchc-unit:{unit.code}".encode(), hashlib.sha256).digest()
    return SecretStr(base64.urlsafe_b64encode(digest).decode().rstrip("="))


def unit_settings(settings: Settings, unit: Unit) -> Settings:
    """The settings of one unit's bot."""
    return replace(
        settings,
        token=SecretStr(unit.token),
        db_path=store_target_for(unit, settings),
        files_dir=_files_dir(unit, settings),
        admin_ids=unit.admins,
        ward_name=unit.name,
        unit=unit.code,
        plan_file=unit.plan,
        catalogue_file=unit.catalogue,
        webhook_url=unit_webhook_url(settings, unit),
        webhook_secret=unit_webhook_secret(settings, unit),
    )


def declared_units(settings: Settings) -> tuple[Unit, ...]:
    """The units of CCHC_UNITS_FILE (none when it is not set)."""
    if settings.units_file is None:
        return ()
    if not settings.units_file.is_file():
        raise SettingsError(
            "CCHC_UNITS_FILE",
            f"there is no file {settings.units_file} (make it with: cchc-bot units add)",
        )
    return read_units(settings.units_file)


def settings_for_unit(settings: Settings, code: str) -> Settings:
    """`cchc-bot --unit CODE ...`: the other commands work on that unit's data."""
    units = declared_units(settings)
    if settings.units_file is None:
        raise SettingsError("CCHC_UNITS_FILE", "is not set: --unit needs the units file")
    for unit in units:
        if unit.code == code:
            return unit_settings(settings, unit)
    known = ", ".join(u.code for u in units) or "chưa có / none yet"
    raise SettingsError(
        "--unit",
        f"không có đơn vị {code!r} trong {settings.units_file} (các đơn vị: {known}) / {code!r}"
        f" is not in {settings.units_file} (units: {known})",
    )
