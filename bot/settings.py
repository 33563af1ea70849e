"""Settings from the environment (and an optional .env file), validated once at start."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from dotenv import dotenv_values
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, SecretStr, ValidationError

from domain.privacy import DEFAULT_RETENTION_MONTHS
from domain.schedule_policy import SchedulePolicy, ScheduleVariables, comma_separated

TELEGRAM_API = "https://api.telegram.org/bot"
TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{5,}$")
# Telegram allows 1-256 of these in X-Telegram-Bot-Api-Secret-Token; we ask for 32 at least.
WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{32,256}$")
WEBHOOK_PORTS = (443, 80, 88, 8443)  # the only ports Telegram posts to
# Paths the webhook listener serves itself: the webhook URL's path must be another one.
SERVER_PATHS = ("/healthz", "/metrics")  # bot/server: HEALTH_PATH, METRICS_PATH
MAKE_SECRET = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"


class SettingsError(Exception):
    """A setting is wrong or missing; the message names the variable and what is wrong."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable


@dataclass(frozen=True)
class Settings:
    token: SecretStr | None = None  # shown as '**********': require_token() gives the text
    api_base_url: str = TELEGRAM_API
    db_path: Path = Path("var/cchc.sqlite3")
    files_dir: Path = Path("var/files")
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    invite_days: int = 7
    start_time: datetime | None = None  # CCHC_NOW: run with the clock set to this moment
    log_level: str = "INFO"
    # Reminders, quiet hours, the weekly digest and the outbox pace (domain/schedule_policy.py).
    schedule: SchedulePolicy = field(default_factory=SchedulePolicy)
    # Overall pace of interactive replies (AIORateLimiter); 0 turns the limiter off.
    api_rate: float = 30.0
    backup_keep: int = 14  # nightly backups kept beside the database (0: no nightly backup)
    # Months the personal data of a closed complaint or an answered question is kept (and the
    # backups holding it): domain/privacy.py.
    retention_months: int = DEFAULT_RETENTION_MONTHS
    # Webhook mode (CCHC_WEBHOOK_URL set): Telegram posts updates to this public https URL,
    # a reverse proxy hands them to the listener at (host, port), which checks the secret.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: tuple[str, int] = ("127.0.0.1", 8080)
    # CCHC_WARD_NAME: the ward's name as it is now, over the current plan's (issue 11).
    ward_name: str = ""
    # CCHC_UNITS_FILE: the units (wards, communes) this deployment serves, one bot each
    # (bot/units). Unset: one ward, as configured by the variables above.
    units_file: Path | None = None
    # Set for one unit's bot (bot/units/config.py), or CCHC_UNIT: its code (its kept files go
    # apart under it; '': the single ward), the plan loaded on its first start, and the file
    # of procedures that override the shared catalogue for it.
    unit: str = ""
    plan_file: Path | None = None
    catalogue_file: Path | None = None
    # CCHC_FILES_URL=s3://bucket/prefix: kept files in an S3-compatible bucket instead of
    # files_dir (storage/s3store.py); the endpoint and the keys of that server.
    files_url: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_access_key_id: SecretStr | None = None
    s3_secret_access_key: SecretStr | None = None
    # CCHC_DATABASE_URL: PostgreSQL (docs/postgresql.md) instead of the SQLite file at db_path;
    # the unit (above, CCHC_UNIT) is then whose rows the bot reads and writes there.
    database_url: SecretStr | None = None

    def __post_init__(self) -> None:
        # Given as text (tests, the console): kept secret.
        for name in (
            "token",
            "webhook_secret",
            "s3_access_key_id",
            "s3_secret_access_key",
            "database_url",
        ):
            if isinstance(getattr(self, name), str):
                object.__setattr__(self, name, SecretStr(getattr(self, name)))

    @property
    def webhook_path(self) -> str:
        """The path the listener takes updates at: the webhook URL's own path."""
        return urlsplit(self.webhook_url or "").path or "/"

    def secrets(self) -> list[str]:
        """Every secret value, for the log filter that keeps them out of the logs."""
        kept = (self.token, self.webhook_secret, self.s3_access_key_id, self.s3_secret_access_key)
        found = [s.get_secret_value() for s in kept if s is not None]
        if self.database_url is not None:
            url = self.database_url.get_secret_value()
            found += [url] + [p for p in (urlsplit(url).password,) if p]
        return found

    @property
    def database(self) -> Path | str:
        """Where the store is: the PostgreSQL URL when one is set, else the SQLite file."""
        return self.database_url.get_secret_value() if self.database_url else self.db_path

    @property
    def on_postgres(self) -> bool:
        return self.database_url is not None

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
        return self.token.get_secret_value()


def _token(token: SecretStr) -> SecretStr:
    if not TOKEN.match(token.get_secret_value()):
        raise ValueError("does not look like a token (digits:letters)")  # never the value
    return token


def _upper(raw: object) -> object:
    return raw.upper() if isinstance(raw, str) else raw


def _http_url(raw: str) -> str:
    """An http(s) URL with a host. (pydantic's AnyHttpUrl would do, but importing pydantic's
    networks module costs every start a tenth of a second: it loads importlib.metadata.)"""
    url = raw.strip()
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        raise ValueError(f"{raw!r} is not an http(s) URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{raw!r} is not an http(s) URL")
    return url


HttpUrl = Annotated[str, AfterValidator(_http_url)]


def _webhook_url(raw: str) -> str:
    try:
        raw = _http_url(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not an https URL") from None
    url = urlsplit(raw)
    port = url.port or (443 if url.scheme == "https" else 80)
    if url.scheme != "https":
        raise ValueError(f"{raw} must be an https:// URL: Telegram posts only to https")
    if port not in WEBHOOK_PORTS:
        ports = ", ".join(str(p) for p in WEBHOOK_PORTS)
        raise ValueError(f"{raw}: Telegram posts only to the ports {ports}")
    if (url.path or "/").rstrip("/") in SERVER_PATHS:
        raise ValueError(f"{raw}: {url.path} is the listener's own page; choose another path")
    if url.query or url.fragment:
        raise ValueError(f"{raw} must have no ?query or #fragment")
    return raw


def _webhook_secret(secret: SecretStr) -> SecretStr:
    if not WEBHOOK_SECRET.match(secret.get_secret_value()):  # never the value
        raise ValueError(
            "is refused: it must be 32 to 256 characters, only A-Z a-z 0-9 _ - (make one with:"
            f" {MAKE_SECRET})"
        )
    return secret


def _unit(raw: str) -> str:
    from storage.filestore import UNIT

    code = raw.strip().lower()
    if not UNIT.match(code):
        raise ValueError(
            f"{raw!r} is not a unit code: 1 to 40 of a-z 0-9 - _, starting with a letter or digit"
        )
    return code


def _files_url(raw: str) -> str:
    from storage.s3store import parse_s3_url

    parse_s3_url(raw)  # ValueError names the URL and the form it should have
    return raw.strip()


def _database_url(url: SecretStr) -> SecretStr:
    parts = urlsplit(url.get_secret_value().strip())
    if parts.scheme not in ("postgresql", "postgres") or not (parts.hostname or parts.query):
        raise ValueError(  # never the value: it holds the password
            "is not a PostgreSQL URL: postgresql://USER:PASSWORD@HOST:5432/DATABASE"
            " (leave it unset for the SQLite file at CCHC_DB_PATH)"
        )
    return SecretStr(url.get_secret_value().strip())


def _host_port(raw: object) -> object:
    """'host:port' (IPv6 in brackets, '[::1]:8080') as (host, port); pydantic checks the port."""
    if not isinstance(raw, str):
        return raw
    host, sep, port = raw.strip().rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f"{raw!r} must look like 127.0.0.1:8080 (host:port)")
    return (host.removeprefix("[").removesuffix("]"), int(port))


class _Variables(ScheduleVariables):
    """Every variable, each field read from the variable of its alias; the schedule's are in
    ScheduleVariables. A field's description is the problem reported after the variable's name
    when its value is refused ({input} is the value), unless a validator says more."""

    # The environment and the .env file come in as one dict of strings (load_settings): plain
    # pydantic validates it. (pydantic-settings would only read the .env file, for 60 ms of
    # imports at every start.)
    model_config = ConfigDict(extra="ignore")

    token: Annotated[SecretStr, AfterValidator(_token)] | None = Field(
        None, validation_alias="TELEGRAM_BOT_TOKEN"
    )
    api_base_url: HttpUrl = Field(
        TELEGRAM_API,
        validation_alias="TELEGRAM_API_BASE_URL",
        description="{input!r} is not an http(s) URL",
    )
    db_path: Path = Field(Path("var/cchc.sqlite3"), validation_alias="CCHC_DB_PATH")
    files_dir: Path | None = Field(None, validation_alias="CCHC_FILES_DIR")  # None: beside db
    admin_ids: Annotated[
        frozenset[Annotated[int, Field(ge=0)]], BeforeValidator(comma_separated)
    ] = Field(
        frozenset(),
        validation_alias="CCHC_ADMIN_IDS",
        description="{input!r} is not a Telegram user id (digits)",
    )
    timezone: ZoneInfo = Field(
        ZoneInfo("Asia/Ho_Chi_Minh"),
        validation_alias="CCHC_TIMEZONE",
        description="{input!r} is not a time zone name",
    )
    invite_days: int = Field(
        7,
        ge=1,
        le=90,
        validation_alias="CCHC_INVITE_DAYS",
        description="must be a number of days from 1 to 90",
    )
    start_time: datetime | None = Field(
        None,
        validation_alias="CCHC_NOW",
        description="must be a date and time like 2025-06-02T09:00",
    )
    log_level: Annotated[Literal["DEBUG", "INFO", "WARNING", "ERROR"], BeforeValidator(_upper)] = (
        Field(
            "INFO",
            validation_alias="CCHC_LOG_LEVEL",
            description="must be DEBUG, INFO, WARNING or ERROR",
        )
    )
    api_rate: float = Field(
        30.0,
        ge=0,
        le=1000,
        validation_alias="CCHC_API_RATE",
        description="must be messages per second from 0 (off) to 1000",
    )
    backup_keep: int = Field(
        14,
        ge=0,
        le=365,
        validation_alias="CCHC_BACKUP_KEEP",
        description="must be a number of nightly backups, 0 to 365",
    )
    retention_months: int = Field(
        DEFAULT_RETENTION_MONTHS,
        ge=1,
        le=240,
        validation_alias="CCHC_RETENTION_MONTHS",
        description="must be a number of months, 1 to 240",
    )
    webhook_url: Annotated[str, AfterValidator(_webhook_url)] | None = Field(
        None,
        validation_alias="CCHC_WEBHOOK_URL",
        description="{input!r} is not an https URL",
    )
    webhook_secret: Annotated[SecretStr, AfterValidator(_webhook_secret)] | None = Field(
        None, validation_alias="CCHC_WEBHOOK_SECRET"
    )
    webhook_listen: Annotated[
        tuple[str, Annotated[int, Field(ge=1, le=65535)]], BeforeValidator(_host_port)
    ] = Field(
        ("127.0.0.1", 8080),
        validation_alias="CCHC_WEBHOOK_LISTEN",
        description="must look like 127.0.0.1:8080 (host:port, the port 1 to 65535)",
    )

    ward_name: str = Field("", validation_alias="CCHC_WARD_NAME", max_length=120)
    units_file: Path | None = Field(None, validation_alias="CCHC_UNITS_FILE")
    unit: Annotated[str, AfterValidator(_unit)] | None = Field(None, validation_alias="CCHC_UNIT")
    files_url: Annotated[str, AfterValidator(_files_url)] | None = Field(
        None, validation_alias="CCHC_FILES_URL"
    )
    s3_endpoint_url: HttpUrl | None = Field(
        None,
        validation_alias="CCHC_S3_ENDPOINT_URL",
        description="{input!r} is not an http(s) URL",
    )
    s3_region: str | None = Field(None, validation_alias="CCHC_S3_REGION", max_length=40)
    s3_access_key_id: SecretStr | None = Field(None, validation_alias="CCHC_S3_ACCESS_KEY_ID")
    s3_secret_access_key: SecretStr | None = Field(
        None, validation_alias="CCHC_S3_SECRET_ACCESS_KEY"
    )
    database_url: Annotated[SecretStr, AfterValidator(_database_url)] | None = Field(
        None, validation_alias="CCHC_DATABASE_URL"
    )

    def settings(self) -> Settings:
        start = self.start_time
        if start is not None and start.tzinfo is None:
            start = start.replace(tzinfo=self.timezone)
        if self.webhook_url is not None and self.webhook_secret is None:
            raise SettingsError(
                "CCHC_WEBHOOK_SECRET",
                "is required when CCHC_WEBHOOK_URL is set: 32 to 256 characters of"
                f" A-Z a-z 0-9 _ - (make one with: {MAKE_SECRET})",
            )
        if (self.s3_access_key_id is None) != (self.s3_secret_access_key is None):
            missing = (
                "CCHC_S3_SECRET_ACCESS_KEY"
                if self.s3_secret_access_key is None
                else ("CCHC_S3_ACCESS_KEY_ID")
            )
            raise SettingsError(
                missing,
                "is required with the other S3 key (or leave both out to use the server's"
                " usual credentials: AWS_* variables, ~/.aws, an instance role)",
            )
        if self.database_url is not None and not self.unit and self.units_file is None:
            raise SettingsError(
                "CCHC_UNIT",
                "is required when CCHC_DATABASE_URL is set without CCHC_UNITS_FILE: the code of"
                " the unit (phường, xã) this bot serves, e.g. phuong-kien-hung",
            )
        # PTB appends the token to the base URL: accept the server root or ".../bot".
        api = str(self.api_base_url).rstrip("/")
        return Settings(
            token=self.token,
            api_base_url=api if api.endswith("/bot") else api + "/bot",
            db_path=self.db_path,
            files_dir=self.files_dir or self.db_path.parent / "files",
            admin_ids=self.admin_ids,
            timezone=self.timezone,
            invite_days=self.invite_days,
            start_time=start,
            log_level=self.log_level,
            schedule=self.policy(),
            api_rate=self.api_rate,
            backup_keep=self.backup_keep,
            retention_months=self.retention_months,
            webhook_url=str(self.webhook_url) if self.webhook_url is not None else None,
            webhook_secret=self.webhook_secret,
            webhook_listen=self.webhook_listen,
            ward_name=" ".join(self.ward_name.split()),
            units_file=self.units_file,
            unit=self.unit or "",
            files_url=self.files_url,
            s3_endpoint_url=self.s3_endpoint_url,
            s3_region=self.s3_region,
            s3_access_key_id=self.s3_access_key_id,
            s3_secret_access_key=self.s3_secret_access_key,
            database_url=self.database_url,
        )


_FIELDS = {info.validation_alias: info for info in _Variables.model_fields.values()}


def _settings_error(error: ValidationError) -> SettingsError:
    """The first refused variable, and today's one-line problem for it."""
    first = error.errors(include_url=False)[0]
    variable = str(first["loc"][0]) if first["loc"] else "settings"
    info = _FIELDS.get(variable)
    if first["type"] == "value_error":  # a validator's own words
        problem = str(first["ctx"]["error"])
    elif info is not None and info.description:
        problem = info.description.format(input=first["input"])
    else:
        problem = first["msg"]
    return SettingsError(variable, problem)


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = None
) -> Settings:
    """Read settings from `environ` (default os.environ) over the values of a .env file."""
    dotenv = env_file if env_file is not None else Path(".env")
    values: dict[str, Any] = {
        key: value
        for key, value in (
            dotenv_values(dotenv, encoding="utf-8") if dotenv.is_file() else {}
        ).items()
        if value is not None
    }
    values.update(os.environ if environ is None else environ)  # the environment wins
    try:
        variables = _Variables.model_validate(values)
    except ValidationError as error:
        raise _settings_error(error) from None  # the refused value (a token?) is not shown
    return variables.settings()
