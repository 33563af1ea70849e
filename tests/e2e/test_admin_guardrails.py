"""Issue 10 item 9: the ward IT officer's commands with guardrails (field test A1, A2, A4-A7;
security audit H3). Each is run as the officer runs it: `cchc-bot ...` in a shell."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from bot.instance import InstanceLock, InUseLock
from domain.datafiles.procedures import CSV_COLUMNS, SHIPPED_CATALOGUE
from tests.auxil.processes import cchc_bot, clean_env

HEADER = ",".join(CSV_COLUMNS)
ROW = (
    "cap_nuoc,Đăng ký lắp đặt đồng hồ nước sạch,Dịch vụ,,lắp nước | đồng hồ nước,"
    "Đơn đề nghị | Bản sao sổ đỏ,5,05 ngày làm việc,,Theo bảng giá,,Công ty cấp nước,"
    "chưa rõ,,,Quy định của công ty,fee,,2026-12-01"
)


TONES = "\u0300\u0301\u0303\u0309\u0323"  # the marks Windows-1258 writes as combining


def windows_1258(text: str) -> bytes:
    """Text as Excel saves "CSV (Comma delimited)" on a Vietnamese Windows: the code page 1258,
    the tone marks as combining characters."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def one_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def new_database(tmp_path: Path) -> Path:
    """A database as the bot's first start leaves it (plan and catalogue loaded)."""
    result = cchc_bot(tmp_path, "console", stdin="/start\n")
    assert result.returncode == 0, result.stderr
    return tmp_path / "var" / "cchc.sqlite3"


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def wait_until_locked(lock_path: Path, timeout: float = 30) -> None:
    """Until another process holds `lock_path` (the console has opened the database)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        probe = InUseLock(lock_path.with_name(lock_path.name.removesuffix(".open.lock")), False)
        if lock_path.exists() and not probe.acquire():
            return
        probe.release()
        time.sleep(0.1)  # waiting for another process, not for the clock
    raise AssertionError(f"{lock_path} was never taken")


# A1 / H3: restore ----------------------------------------------------------------------------
def test_A1_restore_refuses_while_the_console_runs_and_keeps_a_safety_copy(
    tmp_path: Path,
) -> None:
    db = new_database(tmp_path)
    assert cchc_bot(tmp_path, "backup", "bk.tar.gz").returncode == 0
    console = subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
        env=clean_env(tmp_path),
        text=True,
    )
    try:
        wait_until_locked(Path(f"{db}.open.lock"))
        refused = cchc_bot(tmp_path, "restore", "bk.tar.gz")
        assert refused.returncode == 2
        line = one_line(refused.stderr)
        assert "bot đang chạy" in line and "dừng bot" in line
    finally:
        assert console.stdin is not None
        console.communicate("/quit\n", timeout=60)
    # The bot stopped: the restore goes ahead, after a copy of what it replaces.
    done = cchc_bot(tmp_path, "restore", "bk.tar.gz")
    assert done.returncode == 0, done.stderr
    assert "bản sao an toàn" in done.stdout and "đã khôi phục" in done.stdout
    [safety] = (tmp_path / "var" / "backups").glob("cchc-*-truoc-khoi-phuc.tar.gz")
    assert str(safety) in done.stdout
    # Checking the backup left nothing beside it.
    assert sorted(p.name for p in tmp_path.glob("bk*")) == ["bk.tar.gz"]


def test_H3_restore_refuses_while_cchc_bot_run_holds_its_lock(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    assert cchc_bot(tmp_path, "backup", "copy.sqlite3").returncode == 0
    running = InstanceLock(db)  # what `cchc-bot run` holds for as long as it runs
    assert running.acquire()
    try:
        refused = cchc_bot(tmp_path, "restore", "copy.sqlite3")
    finally:
        running.release()
    assert refused.returncode == 2 and "bot đang chạy" in one_line(refused.stderr)
    assert not (tmp_path / "var" / "backups").exists()  # nothing was touched
    assert cchc_bot(tmp_path, "restore", "copy.sqlite3").returncode == 0


# A2: a partial CSV -----------------------------------------------------------------------------
def test_A2_a_partial_csv_updates_what_it_has_and_keeps_the_rest(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    before = rows(db, "SELECT count(*) FROM procedures")[0][0]
    partial = tmp_path / "mot-dong.csv"
    partial.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")

    dry = cchc_bot(tmp_path, "procedures", "load", str(partial), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "thêm / added 1: cap_nuoc" in dry.stdout and "--dry-run" in dry.stdout
    assert rows(db, "SELECT count(*) FROM procedures")[0][0] == before

    loaded = cchc_bot(tmp_path, "procedures", "load", str(partial))
    assert loaded.returncode == 0, loaded.stderr
    assert f"giữ nguyên {before} thủ tục" in loaded.stdout and "--replace" in loaded.stdout
    assert rows(db, "SELECT count(*) FROM procedures")[0][0] == before + 1
    assert rows(db, "SELECT name FROM procedures WHERE code = 'ket_hon'")  # still there

    replaced = cchc_bot(tmp_path, "procedures", "load", str(partial), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert f"bỏ / removed {before}:" in replaced.stdout
    assert rows(db, "SELECT code FROM procedures") == [("cap_nuoc",)]


# A4: backups to folders, no overwrite, no traceback --------------------------------------------
def test_A4_a_backup_to_a_folder_makes_a_name_in_it_and_never_overwrites(tmp_path: Path) -> None:
    new_database(tmp_path)
    first = cchc_bot(tmp_path, "backup", "bk/")
    assert first.returncode == 0, first.stderr
    second = cchc_bot(tmp_path, "backup", "bk/")
    assert second.returncode == 0, second.stderr
    made = sorted(p.name for p in (tmp_path / "bk").iterdir())
    assert len(made) == 2 and all(n.endswith(".tar.gz") for n in made), made

    named = cchc_bot(tmp_path, "backup", "bk/mine.tar.gz")
    assert named.returncode == 0 and (tmp_path / "bk" / "mine.tar.gz").is_file()
    again = cchc_bot(tmp_path, "backup", "bk/mine.tar.gz")
    assert again.returncode == 2 and "không ghi đè" in one_line(again.stderr)

    (tmp_path / "a-file").write_text("x")
    inside_a_file = cchc_bot(tmp_path, "backup", "a-file/mine.sqlite3")
    assert inside_a_file.returncode == 2
    assert "a-file" in one_line(inside_a_file.stderr)


# A5: a mistyped database path ------------------------------------------------------------------
def test_A5_a_command_on_a_database_that_does_not_exist_refuses(tmp_path: Path) -> None:
    typo = str(tmp_path / "var" / "none.sqlite3")
    for argv in (
        ("report", "--year", "2025", "--out", "rep"),
        ("plan", "list"),
        ("backup",),
        ("procedures", "load", str(SHIPPED_CATALOGUE)),
        ("digest", "send"),
    ):
        result = cchc_bot(tmp_path, *argv, CCHC_DB_PATH=typo)
        assert result.returncode == 2, argv
        line = one_line(result.stderr)
        assert "không có cơ sở dữ liệu" in line and "CCHC_DB_PATH" in line
    assert not Path(typo).exists() and not (tmp_path / "rep").exists()


# A6: CSV as Vietnamese Excel saves it ----------------------------------------------------------
def test_A6_csv_from_vietnamese_excel_is_read(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    semicolons = f"{HEADER}\n{ROW}\n".replace(",", ";").replace("Đơn đề nghị | ", "Đơn đề nghị\n")
    # Alt+Enter inside a quoted cell: two documents
    semicolons = semicolons.replace("Đơn đề nghị\nBản sao sổ đỏ", '"Đơn đề nghị\nBản sao sổ đỏ"')
    for encoding, name in (("utf-16", "u16.csv"), ("cp1258", "ansi.csv"), ("utf-8-sig", "b.csv")):
        path = tmp_path / name
        raw = windows_1258(semicolons) if encoding == "cp1258" else semicolons.encode(encoding)
        path.write_bytes(raw)
        result = cchc_bot(tmp_path, "procedures", "load", str(path))
        assert result.returncode == 0, (encoding, result.stderr)
    [(name, documents)] = rows(db, "SELECT name, documents FROM procedures WHERE code='cap_nuoc'")
    assert name == "Đăng ký lắp đặt đồng hồ nước sạch"
    assert documents == '["Đơn đề nghị", "Bản sao sổ đỏ"]'

    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x81\x8d\x8f\x90\x9d" * 10)
    result = cchc_bot(tmp_path, "procedures", "load", str(broken))
    assert result.returncode == 2 and "CSV UTF-8" in one_line(result.stderr)


def test_A7_cli_messages_speak_vietnamese(tmp_path: Path) -> None:
    new_database(tmp_path)
    result = cchc_bot(tmp_path, "backup")
    assert "đã sao lưu cơ sở dữ liệu" in result.stdout
    result = cchc_bot(tmp_path, "restore", "nowhere.tar.gz")
    assert result.returncode == 2 and "không" in one_line(result.stderr)


def test_A5_plan_load_makes_a_database_only_when_asked(tmp_path: Path) -> None:
    from domain.datafiles.plan import SHIPPED_PLAN

    refused = cchc_bot(tmp_path, "plan", "load", str(SHIPPED_PLAN))
    assert refused.returncode == 2 and "--new" in one_line(refused.stderr)
    made = cchc_bot(tmp_path, "plan", "load", str(SHIPPED_PLAN), "--new")
    assert made.returncode == 0 and "created" in made.stdout
