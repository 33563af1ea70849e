"""Settings: read once, and a wrong value is named with what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings


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
