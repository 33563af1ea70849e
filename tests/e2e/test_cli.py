"""The `cchc-bot` command from a shell: the quick start, and bad configuration."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from bot.cli import _parser, main
from domain.datafiles.plan import SHIPPED_PLAN
from tests.auxil.processes import cchc_bot


def assert_one_clear_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def test_without_a_token_the_bot_opens_the_terminal_chat(tmp_path: Path) -> None:
    result = cchc_bot(tmp_path, stdin="/start\n/chitieu\n")
    assert result.returncode == 0, result.stderr
    assert "@BotFather" in result.stderr
    assert "Xin chào" in result.stdout
    assert "Mức độ hài lòng của người dân (SIPAS): ≥ 90% (phấn đấu 95%)" in result.stdout
    # The clock is the real one (after 2025): the plan's period is over.
    assert "đã kết thúc" in result.stdout


def test_the_console_switches_roles_and_presses_buttons(tmp_path: Path) -> None:
    menu = cchc_bot(tmp_path, "console", stdin="/start\n").stdout
    number = re.search(r"\[(\d+)\] 📊 Chỉ tiêu", menu)
    assert number, menu
    result = cchc_bot(
        tmp_path,
        "console",
        stdin=f"/start\n{number[1]}\n/as admin\n/moi TP\n/as official TP\n/trogiup\n",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Chỉ tiêu của Kế hoạch 124/KH-UBND") == 1
    assert "Mã mời vào Công chức Tư pháp" in result.stdout
    assert "bạn là: cán bộ" in result.stdout


def test_run_without_a_token_ends_with_one_line(tmp_path: Path) -> None:
    result = cchc_bot(tmp_path, "run")
    assert result.returncode == 2
    line = assert_one_clear_line(result.stderr)
    assert "TELEGRAM_BOT_TOKEN" in line and "@BotFather" in line


def test_a_database_path_that_cannot_be_written_ends_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    result = cchc_bot(
        tmp_path, "console", stdin="/start\n", CCHC_DB_PATH=str(tmp_path / "a-file" / "db.sqlite3")
    )
    assert result.returncode == 2
    assert "a-file" in assert_one_clear_line(result.stderr)


def test_a_bad_setting_ends_with_one_line_naming_it(tmp_path: Path) -> None:
    result = cchc_bot(tmp_path, "console", CCHC_ADMIN_IDS="12,abc")
    assert result.returncode == 2
    assert assert_one_clear_line(result.stderr).startswith("cchc-bot: CCHC_ADMIN_IDS:")


def test_loading_a_plan_twice_changes_nothing(tmp_path: Path) -> None:
    first = cchc_bot(tmp_path, "plan", "load", str(SHIPPED_PLAN), "--new")
    second = cchc_bot(tmp_path, "plan", "load", str(SHIPPED_PLAN))
    assert "created (16 targets, 30 tasks and duties)" in first.stdout, first.stderr
    assert "unchanged" in second.stdout


def test_a_malformed_plan_is_refused_and_the_database_left_as_it_was(tmp_path: Path) -> None:
    cchc_bot(tmp_path, "plan", "load", str(SHIPPED_PLAN), "--new")
    before = cchc_bot(tmp_path, "plan", "list").stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        SHIPPED_PLAN.read_text(encoding="utf-8")
        .replace("slug: phu-la-2021-2025", "slug: other-plan")
        .replace("metric: rank", "metric: ranking"),
        encoding="utf-8",
    )
    result = cchc_bot(tmp_path, "plan", "load", str(bad))
    assert result.returncode == 2
    line = assert_one_clear_line(result.stderr)
    assert f"{bad}:" in line and "metric" in line
    assert cchc_bot(tmp_path, "plan", "list").stdout == before


def test_each_sub_command_is_dispatched_by_its_parser() -> None:
    parser = _parser()
    runs = {
        " ".join(argv): parser.parse_args(argv).run.__name__
        for argv in (
            [],
            ["run"],
            ["console"],
            ["plan", "load", "x.yaml"],
            ["plan", "list"],
            ["procedures", "load", "x.csv"],
            ["digest", "send"],
            ["report", "--year", "2025"],
            ["backup"],
            ["restore", "x"],
        )
    }
    assert len(set(runs.values())) == len(runs), runs  # one function each


def test_plan_list_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CCHC_DB_PATH", str(tmp_path / "db.sqlite3"))
    assert main(["plan", "list"]) == 2  # no database there: refused, not made (A5)
    assert "không có cơ sở dữ liệu" in capsys.readouterr().err
    sqlite3.connect(tmp_path / "db.sqlite3").close()  # an empty file: the schema is made
    assert main(["plan", "list"]) == 0
    assert capsys.readouterr().out == "no plan loaded\n"


def test_a_refused_token_ends_with_one_line_without_it(tmp_path: Path) -> None:
    result = cchc_bot(tmp_path, "console", TELEGRAM_BOT_TOKEN="123456:with spaces in it")
    assert result.returncode == 2
    line = assert_one_clear_line(result.stderr)
    assert line.startswith("cchc-bot: TELEGRAM_BOT_TOKEN:") and "spaces" not in line
