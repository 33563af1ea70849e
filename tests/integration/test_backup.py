"""Backups while the bot runs, and a restore that refuses what is not a backup."""

from __future__ import annotations

from pathlib import Path

from tests.auxil.constants import ADMIN, OFFICIAL_TP
from tests.auxil.harness import BotHarness
from tests.auxil.processes import cchc_bot


async def test_a_backup_taken_while_the_bot_runs_restores_its_data(
    bot: BotHarness, tmp_path: Path
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    db_path = Path(bot.store.db.path)
    backup = tmp_path / "copy.sqlite3"
    result = cchc_bot(tmp_path, "backup", str(backup), CCHC_DB_PATH=str(db_path))
    assert result.returncode == 0, result.stderr
    # The bot goes on and changes things after the backup...
    await bot.say(ADMIN, "/moi VP")

    restored_db = tmp_path / "restored" / "cchc.sqlite3"
    result = cchc_bot(tmp_path, "restore", str(backup), CCHC_DB_PATH=str(restored_db))
    assert result.returncode == 0, result.stderr
    listing = cchc_bot(tmp_path, "plan", "list", CCHC_DB_PATH=str(restored_db))
    assert "phu-la-2021-2025" in listing.stdout
    import sqlite3

    with sqlite3.connect(restored_db) as connection:
        staff = connection.execute("SELECT tg_id, dept_code FROM users").fetchall()
        invites = connection.execute("SELECT count(*) FROM invites").fetchone()[0]
    assert staff == [(OFFICIAL_TP.id, "TP")]
    assert invites == 1  # the invite created after the backup is not in it


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("hello")
    db = tmp_path / "var" / "cchc.sqlite3"
    result = cchc_bot(tmp_path, "restore", str(junk))
    assert result.returncode == 2
    assert "not an SQLite database" in result.stderr and "Traceback" not in result.stderr
    assert not db.exists()

    import sqlite3

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    result = cchc_bot(tmp_path, "restore", str(other))
    assert result.returncode == 2 and "not a cchc-bot backup" in result.stderr


async def test_the_nightly_backup_keeps_the_newest_copies(bot: BotHarness) -> None:
    from datetime import timedelta

    from services.backups import backup_folder, nightly_backup
    from storage.backup import check_backup

    db_path = Path(bot.store.db.path)
    for night in range(4):
        await nightly_backup(db_path, 3, bot.clock.now() + timedelta(days=night))
    kept = sorted(backup_folder(db_path).iterdir())
    assert [p.name for p in kept] == [
        "cchc-20250603-090000.sqlite3",
        "cchc-20250604-090000.sqlite3",
        "cchc-20250605-090000.sqlite3",
    ]
    assert all(check_backup(p) >= 1 for p in kept)
