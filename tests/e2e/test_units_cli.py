"""`cchc-bot units add|list` and `--unit` (issue 14 item 1): every check before the file is
written; a refusal is polite Vietnamese and leaves the file as it was; no token is printed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bot.cli import main
from domain.datafiles.plan import SHIPPED_PLAN
from domain.datafiles.units import read_units
from tests.auxil.processes import cchc_bot

TOKEN_A = "7000001:AAunitA_secret-part-xyz"
TOKEN_B = "7000002:AAunitB_secret-part-xyz"


@pytest.fixture
def officer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shell in a clean folder with CCHC_UNITS_FILE set; returns the units file's path."""
    for name in list(os.environ):
        if name.startswith(("CCHC_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CCHC_DB_PATH", str(tmp_path / "var" / "cchc.sqlite3"))
    monkeypatch.setenv("CCHC_UNITS_FILE", "units.yaml")
    return tmp_path / "units.yaml"


def add(*extra: str, code: str = "kien-hung", token: str = TOKEN_A) -> int:
    return main(
        ["units", "add", code, "--name", "phường Kiến Hưng", "--plan", str(SHIPPED_PLAN),
         "--admins", "111111111, 222222222", "--token", token, *extra]
    )  # fmt: skip


def test_U7_add_writes_the_unit_and_list_shows_it_without_the_token(
    officer: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add() == 0
    out = capsys.readouterr().out
    assert "Đã thêm đơn vị kien-hung (phường Kiến Hưng)" in out and "7000001:…" in out
    assert TOKEN_A not in out and "secret-part" not in out
    assert stat.S_IMODE(officer.stat().st_mode) == 0o600  # it holds the tokens
    [unit] = read_units(officer)
    assert unit.token == TOKEN_A and unit.admins == {111111111, 222222222}
    assert unit.plan.resolve() == SHIPPED_PLAN
    assert main(["units", "list"]) == 0
    listing = capsys.readouterr().out
    assert "kien-hung  phường Kiến Hưng" in listing and "111111111, 222222222" in listing
    assert "var/units/kien-hung/cchc.sqlite3 (chưa chạy lần nào)" in listing
    assert TOKEN_A not in listing and "secret-part" not in listing


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--admins", "abc"], "mã số Telegram của quản trị viên"),
        (["--admins", "-5"], "mã số Telegram của quản trị viên"),
        (["--plan", "khong-co.yaml"], "tệp kế hoạch khong-co.yaml chưa dùng được"),
        (["--catalogue", "units.yaml"], "tệp danh mục thủ tục units.yaml chưa dùng được"),
        (["--token", "khong-phai-token"], "token không đúng dạng"),
        (["--token", TOKEN_A], "token này đã là của đơn vị kien-hung"),
    ],
)
def test_U8_bad_input_is_refused_politely_and_the_file_is_unchanged(
    officer: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    assert add() == 0
    before = officer.read_bytes()
    capsys.readouterr()
    assert add(*args, code="ha-dong", token=TOKEN_B) == 2
    err = capsys.readouterr().err
    assert said in err, err
    assert "Traceback" not in err and TOKEN_A not in err and TOKEN_B not in err
    assert officer.read_bytes() == before


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("kien-hung", "đã có đơn vị mã kien-hung"),
        ("Kiến Hưng", "mã đơn vị 'Kiến Hưng' chưa hợp lệ"),
    ],
)
def test_U8_a_code_taken_or_malformed_is_refused(
    officer: Path, capsys: pytest.CaptureFixture[str], code: str, said: str
) -> None:
    assert add() == 0
    before = officer.read_bytes()
    assert add(code=code, token=TOKEN_B) == 2
    assert said in capsys.readouterr().err
    assert officer.read_bytes() == before


def test_U8_without_the_units_file_setting_nothing_is_written(
    officer: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CCHC_UNITS_FILE")
    assert add() == 2
    assert "chưa đặt CCHC_UNITS_FILE" in capsys.readouterr().err
    assert not officer.exists()


def test_U8_a_units_file_with_an_error_is_named_and_kept(
    officer: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    officer.write_text("units:\n  - code: kien-hung\n    name: x\n", encoding="utf-8")
    before = officer.read_bytes()
    assert add(code="ha-dong", token=TOKEN_B) == 2
    err = capsys.readouterr().err
    assert "tệp đơn vị đang có lỗi" in err and "units.yaml:2" in err
    assert officer.read_bytes() == before


def test_U9_a_command_on_data_works_on_the_unit_named_from_a_shell(tmp_path: Path) -> None:
    env = {"CCHC_UNITS_FILE": "units.yaml"}
    for code, token in (("kien-hung", TOKEN_A), ("ha-dong", TOKEN_B)):
        done = cchc_bot(
            tmp_path, "units", "add", code, "--name", f"phường {code}", "--plan",
            str(SHIPPED_PLAN), "--admins", "111111111", stdin=token + "\n", **env,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert token not in done.stdout
    # Two units: a command on data asks which.
    which = cchc_bot(tmp_path, "plan", "list", **env)
    assert (
        which.returncode == 2 and "--unit" in which.stderr and "kien-hung, ha-dong" in which.stderr
    )
    loaded = cchc_bot(
        tmp_path, "--unit", "ha-dong", "plan", "load", "--new", str(SHIPPED_PLAN), **env
    )
    assert loaded.returncode == 0, loaded.stderr
    assert (tmp_path / "var" / "units" / "ha-dong" / "cchc.sqlite3").is_file()
    assert not (tmp_path / "var" / "units" / "kien-hung").exists()
    listed = cchc_bot(tmp_path, "--unit", "ha-dong", "plan", "list", **env)
    assert "phu-la-2021-2025" in listed.stdout
    unknown = cchc_bot(tmp_path, "--unit", "xyz", "plan", "list", **env)
    assert unknown.returncode == 2 and "'xyz' is not in units.yaml" in unknown.stderr
