"""The webhook's settings: CCHC_WEBHOOK_URL, CCHC_WEBHOOK_SECRET, CCHC_WEBHOOK_LISTEN."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

SECRET = "A" * 20 + "b_c-0123456789"  # 34 allowed characters
URL = "https://bot.phuong.example.vn/telegram/hook"


def load(tmp_path: Path, **env: str):
    return load_settings(env, env_file=tmp_path / "none.env")


def test_polling_by_default(tmp_path: Path) -> None:
    settings = load(tmp_path)
    assert settings.webhook_url is None
    assert settings.webhook_secret is None
    assert settings.webhook_listen == ("127.0.0.1", 8080)


def test_webhook_mode_takes_the_url_path_and_keeps_the_secret_secret(tmp_path: Path) -> None:
    settings = load(
        tmp_path, CCHC_WEBHOOK_URL=URL, CCHC_WEBHOOK_SECRET=SECRET, CCHC_WEBHOOK_LISTEN="[::1]:9000"
    )
    assert settings.webhook_url == URL
    assert settings.webhook_path == "/telegram/hook"
    assert settings.webhook_listen == ("::1", 9000)
    assert SECRET not in repr(settings)
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == SECRET
    assert SECRET in settings.secrets()


def test_blank_values_are_the_defaults(tmp_path: Path) -> None:
    settings = load(tmp_path, CCHC_WEBHOOK_URL="", CCHC_WEBHOOK_SECRET=" ", CCHC_WEBHOOK_LISTEN="")
    assert settings.webhook_url is None
    assert settings.webhook_listen == ("127.0.0.1", 8080)


@pytest.mark.parametrize(
    ("env", "variable", "says"),
    [
        ({"CCHC_WEBHOOK_URL": URL}, "CCHC_WEBHOOK_SECRET", "is required when CCHC_WEBHOOK_URL"),
        ({"CCHC_WEBHOOK_SECRET": "short"}, "CCHC_WEBHOOK_SECRET", "is refused"),
        ({"CCHC_WEBHOOK_SECRET": "a" * 31}, "CCHC_WEBHOOK_SECRET", "is refused"),
        ({"CCHC_WEBHOOK_SECRET": "a" * 257}, "CCHC_WEBHOOK_SECRET", "is refused"),
        ({"CCHC_WEBHOOK_SECRET": "a" * 31 + "="}, "CCHC_WEBHOOK_SECRET", "is refused"),
        ({"CCHC_WEBHOOK_URL": "http://bot.example.vn/h"}, "CCHC_WEBHOOK_URL", "https"),
        ({"CCHC_WEBHOOK_URL": "https://bot.example.vn:8080/h"}, "CCHC_WEBHOOK_URL", "ports"),
        ({"CCHC_WEBHOOK_URL": "https://bot.example.vn/healthz"}, "CCHC_WEBHOOK_URL", "own page"),
        ({"CCHC_WEBHOOK_URL": "https://bot.example.vn/h?x=1"}, "CCHC_WEBHOOK_URL", "query"),
        ({"CCHC_WEBHOOK_URL": "bot.example.vn"}, "CCHC_WEBHOOK_URL", "not an https URL"),
        ({"CCHC_WEBHOOK_LISTEN": "8080"}, "CCHC_WEBHOOK_LISTEN", "host:port"),
        ({"CCHC_WEBHOOK_LISTEN": "0.0.0.0:0"}, "CCHC_WEBHOOK_LISTEN", "host:port"),
        ({"CCHC_WEBHOOK_LISTEN": "0.0.0.0:99999"}, "CCHC_WEBHOOK_LISTEN", "host:port"),
    ],
)
def test_a_wrong_webhook_value_names_the_variable_in_one_line(
    tmp_path: Path, env: dict[str, str], variable: str, says: str
) -> None:
    with pytest.raises(SettingsError) as error:
        load(tmp_path, **env)
    message = str(error.value)
    assert message.startswith(variable + ": ")
    assert says in message
    assert "\n" not in message
    secret = env.get("CCHC_WEBHOOK_SECRET")
    assert secret is None or secret not in message
