"""Settings: read once, and a wrong value is named with what is wrong."""

from __future__ import annotations

import dataclasses
import logging
from datetime import time
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_settings


def settings_from(env: dict[str, str], tmp_path: Path):
    return load_settings(env, env_file=tmp_path / "none.env")


def test_defaults_need_nothing(tmp_path: Path) -> None:
    settings = settings_from({}, tmp_path)
    assert settings.token is None
    assert settings.api_base_url == "https://api.telegram.org/bot"
    assert str(settings.timezone) == "Asia/Ho_Chi_Minh"
    assert settings.invite_days == 7


def test_a_dotenv_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("CCHC_ADMIN_IDS=11,22\nCCHC_INVITE_DAYS=3\n")
    settings = load_settings({"CCHC_INVITE_DAYS": "5"}, env_file=env_file)
    assert settings.admin_ids == {11, 22}
    assert settings.invite_days == 5


def test_the_emulator_root_url_gets_the_bot_suffix(tmp_path: Path) -> None:
    settings = settings_from({"TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/"}, tmp_path)
    assert settings.api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.file_base_url == "http://127.0.0.1:8081/file/bot"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"TELEGRAM_BOT_TOKEN": "not a token"}, "TELEGRAM_BOT_TOKEN"),
        ({"CCHC_ADMIN_IDS": "12,abc"}, "CCHC_ADMIN_IDS"),
        ({"CCHC_TIMEZONE": "Mars/Olympus"}, "CCHC_TIMEZONE"),
        ({"CCHC_INVITE_DAYS": "0"}, "CCHC_INVITE_DAYS"),
        ({"TELEGRAM_API_BASE_URL": "ftp://x"}, "TELEGRAM_API_BASE_URL"),
        ({"CCHC_NOW": "yesterday"}, "CCHC_NOW"),
    ],
)
def test_a_wrong_value_names_the_variable(
    env: dict[str, str], variable: str, tmp_path: Path
) -> None:
    with pytest.raises(SettingsError) as error:
        settings_from(env, tmp_path)
    assert str(error.value).startswith(variable + ":")


def test_running_without_a_token_says_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as error:
        settings_from({}, tmp_path).require_token()
    assert "@BotFather" in str(error.value) and "cchc-bot console" in str(error.value)


TOKEN = "123456:AAE-secret_Token"


def test_the_token_never_shows(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = settings_from({"TELEGRAM_BOT_TOKEN": TOKEN}, tmp_path)
    assert settings.require_token() == TOKEN
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("cchc.test").info("settings: %s %r", settings, settings)
        logging.getLogger("cchc.test").info("token: %s", settings.token)
    assert "settings:" in caplog.text and TOKEN not in caplog.text
    # Given as text (tests, the console), it is kept as a secret too.
    assert TOKEN not in repr(dataclasses.replace(Settings(), token=TOKEN))  # type: ignore[arg-type]


def test_a_refused_token_is_not_repeated(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as error:
        settings_from({"TELEGRAM_BOT_TOKEN": "123456:no spaces allowed"}, tmp_path)
    assert "no spaces" not in str(error.value)
    assert error.value.__suppress_context__  # the ValidationError, with the value, is not shown


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("TELEGRAM_BOT_TOKEN", "123456", "does not look like a token (digits:letters)"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org", "'api.telegram.org' is not an http(s) URL"),
        ("CCHC_ADMIN_IDS", "12, -3", "'-3' is not a Telegram user id (digits)"),
        ("CCHC_TIMEZONE", "GMT+7", "'GMT+7' is not a time zone name"),
        ("CCHC_INVITE_DAYS", "91", "must be a number of days from 1 to 90"),
        ("CCHC_INVITE_DAYS", "a week", "must be a number of days from 1 to 90"),
        ("CCHC_NOW", "2025-13-01T09:00", "must be a date and time like 2025-06-02T09:00"),
        ("CCHC_LOG_LEVEL", "loud", "must be DEBUG, INFO, WARNING or ERROR"),
        ("CCHC_API_RATE", "-1", "must be messages per second from 0 (off) to 1000"),
        ("CCHC_BACKUP_KEEP", "366", "must be a number of nightly backups, 0 to 365"),
        ("CCHC_REMINDER_DAYS", "3,0", "must be working days from 1 to 30, comma-separated (3,1)"),
        ("CCHC_REMINDER_DAYS", ",", "must be working days from 1 to 30, comma-separated (3,1)"),
        ("CCHC_REMINDER_TIME", "8am", "'8am' is not a time like 08:00"),
        ("CCHC_ESCALATE_AFTER", "61", "must be a number between 1 and 60"),
        ("CCHC_QUIET_HOURS", "21:00", "must look like 21:00-07:00"),
        ("CCHC_QUIET_HOURS", "21:00-7:61", "'7:61' is not a time like 08:00"),
        ("CCHC_DIGEST_DAY", "someday", "must be a weekday such as mon or fri"),
        ("CCHC_DIGEST_TIME", "24:00", "'24:00' is not a time like 08:00"),
        (
            "CCHC_REPORT_CADENCE",
            "monthly",
            "must be quarterly, yearly, both (quarterly,yearly) or none",
        ),
        ("CCHC_REPORT_DUE_DAY", "32", "must be a number between 1 and 31"),
        ("CCHC_OUTBOX_RATE", "0", "must be a number between 0.1 and 10000"),
        ("CCHC_OUTBOX_CHAT_INTERVAL", "x", "must be a number between 0 and 60"),
    ],
)
def test_each_variable_refuses_a_bad_value_in_one_line(
    variable: str, value: str, problem: str, tmp_path: Path
) -> None:
    with pytest.raises(SettingsError) as error:
        settings_from({variable: value}, tmp_path)
    assert str(error.value) == f"{variable}: {problem}"
    assert error.value.variable == variable


def test_the_schedule_variables_and_blanks(tmp_path: Path) -> None:
    settings = settings_from(
        {
            "CCHC_REMINDER_DAYS": " 1, 5,5 ",
            "CCHC_QUIET_HOURS": "off",
            "CCHC_DIGEST_DAY": "Thu 6",
            "CCHC_DIGEST_TIME": "7:30",
            "CCHC_REPORT_CADENCE": "Yearly,none",
            "CCHC_NEWS_DEPTS": "vhxh, tp",
            "CCHC_OUTBOX_RATE": "12.5",
            "CCHC_INVITE_DAYS": "   ",  # blank: the default
            "CCHC_NOW": "2025-06-02T09:00",
            "CCHC_DB_PATH": "/srv/cchc/db.sqlite3",
        },
        tmp_path,
    )
    policy = settings.schedule
    assert policy.reminder_days == (5, 1)
    assert policy.quiet_start == policy.quiet_end == time(0, 0) and not policy.is_quiet(time(23))
    assert (policy.digest_weekday, policy.digest_time) == (4, time(7, 30))
    assert policy.report_cadences == ("yearly",)
    assert policy.news_depts == ("VHXH", "TP") and policy.outbox_rate == 12.5
    assert settings.invite_days == 7
    assert settings.start_time is not None and settings.start_time.tzinfo == settings.timezone
    assert settings.files_dir == Path("/srv/cchc/files")  # beside the database


def test_given_variables_are_the_whole_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_INVITE_DAYS", "30")
    assert settings_from({"cchc_invite_days": "9"}, tmp_path).invite_days == 7
    assert load_settings(env_file=tmp_path / "none.env").invite_days == 30


def test_sqlite_stays_the_default_and_postgresql_needs_its_unit(tmp_path: Path) -> None:
    assert settings_from({}, tmp_path).database == Path("var/cchc.sqlite3")
    url = "postgresql://cchc_app:s3cret-pw@db.internal:5432/cchc"
    with pytest.raises(SettingsError, match="CCHC_UNIT: is required when CCHC_DATABASE_URL"):
        settings_from({"CCHC_DATABASE_URL": url}, tmp_path)
    settings = settings_from({"CCHC_DATABASE_URL": url, "CCHC_UNIT": "phuong-kien-hung"}, tmp_path)
    assert (settings.database, settings.unit, settings.on_postgres) == (
        url,
        "phuong-kien-hung",
        True,
    )
    assert "s3cret-pw" in settings.secrets() and "s3cret-pw" not in repr(settings)
    # With a units file each unit's bot gets its code from the file: no CCHC_UNIT needed.
    units = tmp_path / "units.yaml"
    units.write_text("units: []\n")
    many = settings_from({"CCHC_DATABASE_URL": url, "CCHC_UNITS_FILE": str(units)}, tmp_path)
    assert many.on_postgres and not many.unit


def test_a_wrong_database_url_or_unit_is_named_without_the_password(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as refused:
        settings_from({"CCHC_DATABASE_URL": "mysql://u:hidden@h/db", "CCHC_UNIT": "a"}, tmp_path)
    assert str(refused.value).startswith("CCHC_DATABASE_URL: is not a PostgreSQL URL")
    assert "hidden" not in str(refused.value)
    with pytest.raises(SettingsError, match="CCHC_UNIT: 'phường 1' is not a unit code"):
        settings_from({"CCHC_UNIT": "phường 1"}, tmp_path)
