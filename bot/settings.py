"""Settings from the environment (and an optional .env file), validated once at start."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from domain.schedule_policy import SchedulePolicy, ScheduleSettingError, parse_schedule

TELEGRAM_API = "https://api.telegram.org/bot"
TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{5,}$")


class SettingsError(Exception):
    """A setting is wrong or missing; the message names the variable and what is wrong."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    api_base_url: str = TELEGRAM_API
    db_path: Path = Path("var/cchc.sqlite3")
    files_dir: Path = Path("var/files")
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    invite_days: int = 7
    start_time: datetime | None = None  # CCHC_NOW: run with the clock set to this moment
    log_level: str = "INFO"
    # Reminders, quiet hours, the weekly digest and the outbox pace (bot/reminders/policy.py).
    schedule: SchedulePolicy = field(default_factory=SchedulePolicy)
    # Overall pace of interactive replies (AIORateLimiter); 0 turns the limiter off.
    api_rate: float = 30.0
    backup_keep: int = 14  # nightly backups kept beside the database (0: no nightly backup)

    @property
    def file_base_url(self) -> str:
        return self.api_base_url[: -len("bot")] + "file/bot"

    def require_token(self) -> str:
        if not self.token:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN",
                "is not set: create a bot with @BotFather in Telegram (/newbot), put its token in"
                " .env, or try the bot without one: cchc-bot console",
            )
        return self.token


def _api_base(raw: str) -> str:
    url = raw.strip().rstrip("/")
    if not re.match(r"^https?://[^\s/]+", url):
        raise SettingsError("TELEGRAM_API_BASE_URL", f"{raw!r} is not an http(s) URL")
    # PTB appends the token to the base URL: accept the server root or ".../bot".
    return url if url.endswith("/bot") else url + "/bot"


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = None
) -> Settings:
    """Read settings from `environ` (default os.environ) over the values of a .env file."""
    values: dict[str, str] = {}
    dotenv = env_file if env_file is not None else Path(".env")
    if dotenv.is_file():
        values.update({k: v for k, v in dotenv_values(dotenv).items() if v is not None})
    values.update(os.environ if environ is None else environ)

    def get(name: str) -> str | None:
        value = values.get(name, "").strip()
        return value or None

    token = get("TELEGRAM_BOT_TOKEN")
    if token is not None and not TOKEN.match(token):
        raise SettingsError("TELEGRAM_BOT_TOKEN", "does not look like a token (digits:letters)")

    admin_ids: set[int] = set()
    for part in (get("CCHC_ADMIN_IDS") or "").split(","):
        if part.strip():
            if not part.strip().isdigit():
                raise SettingsError(
                    "CCHC_ADMIN_IDS", f"{part.strip()!r} is not a Telegram user id (digits)"
                )
            admin_ids.add(int(part))

    try:
        timezone = ZoneInfo(get("CCHC_TIMEZONE") or "Asia/Ho_Chi_Minh")
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            "CCHC_TIMEZONE", f"{get('CCHC_TIMEZONE')!r} is not a time zone name"
        ) from None

    invite_days = get("CCHC_INVITE_DAYS") or "7"
    if not invite_days.isdigit() or not 1 <= int(invite_days) <= 90:
        raise SettingsError("CCHC_INVITE_DAYS", "must be a number of days from 1 to 90")

    start_time = None
    if raw_now := get("CCHC_NOW"):
        try:
            start_time = datetime.fromisoformat(raw_now)
        except ValueError:
            raise SettingsError(
                "CCHC_NOW", "must be a date and time like 2025-06-02T09:00"
            ) from None
        if start_time.tzinfo is None:
            start_time = start_time.replace(tzinfo=timezone)

    level = (get("CCHC_LOG_LEVEL") or "INFO").upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise SettingsError("CCHC_LOG_LEVEL", "must be DEBUG, INFO, WARNING or ERROR")

    api_rate = get("CCHC_API_RATE") or "30"
    try:
        api_rate_value = float(api_rate)
    except ValueError:
        api_rate_value = -1.0
    if not 0 <= api_rate_value <= 1000:
        raise SettingsError("CCHC_API_RATE", "must be messages per second from 0 (off) to 1000")

    try:
        schedule = parse_schedule(get)
    except ScheduleSettingError as error:
        raise SettingsError(error.variable, error.problem) from None

    backup_keep = get("CCHC_BACKUP_KEEP") or "14"
    if not backup_keep.isdigit() or int(backup_keep) > 365:
        raise SettingsError("CCHC_BACKUP_KEEP", "must be a number of nightly backups, 0 to 365")

    db_path = Path(get("CCHC_DB_PATH") or "var/cchc.sqlite3")
    return Settings(
        token=token,
        api_base_url=_api_base(get("TELEGRAM_API_BASE_URL") or TELEGRAM_API),
        db_path=db_path,
        files_dir=Path(get("CCHC_FILES_DIR") or db_path.parent / "files"),
        admin_ids=frozenset(admin_ids),
        timezone=timezone,
        invite_days=int(invite_days),
        start_time=start_time,
        log_level=level,
        api_rate=api_rate_value,
        backup_keep=int(backup_keep),
        schedule=schedule,
    )
