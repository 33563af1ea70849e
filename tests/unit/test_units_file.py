"""The units file and a unit's bot settings (issue 14 item 1): a hand-written file refused with
its line and never with a token; each unit's data, files, webhook path and secret its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from bot.units.config import store_target_for, unit_settings, unit_webhook_secret
from domain.datafiles.units import DataFileError, Unit, masked, read_units

TOKEN_A = "7000001:AAunitA_secret-part-xyz"
TOKEN_B = "7000002:AAunitB_secret-part-xyz"


def entry(code: str, token: str, **more: str) -> str:
    lines = [f"  - code: {code}", f"    name: phường {code}", f'    token: "{token}"',
             "    plan: plans/p.yaml", "    admins: [111]"]  # fmt: skip
    lines += [f"    {key}: {value}" for key, value in more.items()]
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "units.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_paths_are_read_from_the_files_folder(tmp_path: Path) -> None:
    path = write(tmp_path, "units:\n" + entry("kien-hung", TOKEN_A, catalogue="tt/kh.yaml"))
    [unit] = read_units(path)
    assert unit.plan == tmp_path / "plans" / "p.yaml"
    assert unit.catalogue == tmp_path / "tt" / "kh.yaml"
    assert TOKEN_A not in repr(unit) and unit.shown_token == "7000001:…****"
    assert read_units(write(tmp_path, "")) == ()


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("units:\n" + entry("kien-hung", TOKEN_A) + entry("kien-hung", TOKEN_B), 7,
         "kien-hung appears twice"),
        ("units:\n" + entry("kien-hung", TOKEN_A) + entry("ha-dong", TOKEN_A), 9,
         "is the token of unit kien-hung too"),
        ("units:\n" + entry("Kien Hung", TOKEN_A), 2, "must be 1 to 40 of a-z"),
        ("units:\n" + entry("kien-hung", "not-a-token"), 4, "does not look like a bot token"),
        ("units:\n" + entry("kien-hung", TOKEN_A).replace("[111]", "[abc]"), 6,
         "must be a list of Telegram user ids"),
        ("units:\n" + entry("kien-hung", TOKEN_A, tokne="x"), 7, "unknown field"),
    ],
)  # fmt: skip
def test_a_wrong_file_is_refused_with_its_line_and_no_token(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as refused:
        read_units(path)
    message = str(refused.value)
    assert f"{path}:{line}:" in message and problem in message, message
    assert "secret-part" not in message


def test_each_unit_gets_its_own_data_files_admins_webhook_path_and_secret(
    tmp_path: Path,
) -> None:
    base = Settings(
        db_path=tmp_path / "var" / "cchc.sqlite3",
        files_dir=tmp_path / "var" / "files",
        admin_ids=frozenset({999}),
        webhook_url="https://bot.thanhpho.example.vn/tg/",
        webhook_secret="deployment_webhook_secret_0123456789_abcdef",
        ward_name="phường Cũ",
    )
    a = Unit("kien-hung", "phường Kiến Hưng", TOKEN_A, tmp_path / "a.yaml", frozenset({1}))
    b = Unit("ha-dong", "phường Hà Đông", TOKEN_B, tmp_path / "b.yaml", frozenset({2}))
    sa, sb = unit_settings(base, a), unit_settings(base, b)
    assert sa.db_path == store_target_for(a, base) == tmp_path / "var/units/kien-hung/cchc.sqlite3"
    assert sa.files_dir == tmp_path / "var/units/kien-hung/files"
    assert (sa.admin_ids, sb.admin_ids) == ({1}, {2})  # CCHC_ADMIN_IDS is not anyone's
    assert (sa.ward_name, sb.ward_name) == ("phường Kiến Hưng", "phường Hà Đông")
    assert sa.require_token() == TOKEN_A and sa.unit == "kien-hung" and sa.plan_file == a.plan
    assert sa.webhook_url == "https://bot.thanhpho.example.vn/tg/kien-hung"
    assert sa.webhook_path == "/tg/kien-hung" and sb.webhook_path == "/tg/ha-dong"
    secrets = {s.webhook_secret.get_secret_value() for s in (sa, sb)}  # type: ignore[union-attr]
    assert len(secrets) == 2 and base.webhook_secret.get_secret_value() not in secrets  # type: ignore[union-attr]
    for secret in secrets:  # what Telegram accepts, and what the settings ask of a secret
        assert len(secret) == 43 and secret.replace("_", "").replace("-", "").isalnum()
    assert unit_webhook_secret(base, a) == sa.webhook_secret  # the same at every start
    # CCHC_FILES_DIR set elsewhere: each unit's folder under it.
    elsewhere = unit_settings(Settings(db_path=base.db_path, files_dir=tmp_path / "nas"), a)
    assert elsewhere.files_dir == tmp_path / "nas" / "units" / "kien-hung"


def test_masked_shows_the_bots_id_only() -> None:
    assert masked(TOKEN_A) == "7000001:…****"
    assert masked("garbage") == "****"
