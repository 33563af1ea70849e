"""Issue 10 item 4 (L3): evidence can be opened: a button per file on /lichsu and a task's card
sends it back under its original name; the periodic report lists it in an annex; `cchc-bot
backup` keeps the files in the same archive as the database, and `restore` brings both back."""

from __future__ import annotations

import io
import sqlite3
import tarfile
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from domain.model import Role
from tests.auxil.constants import CITIZEN, LEADER, OFFICIAL_TP, OFFICIAL_VHXH
from tests.auxil.harness import BotHarness
from tests.auxil.processes import cchc_bot

PDF = b"%PDF-1.4 quyet dinh cong bo thu tuc"


async def report_with_a_file(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    await bot.say(
        OFFICIAL_TP,
        document=("QĐ công bố TTHC.pdf", PDF, "application/pdf"),
        caption="/baocao 2.3c dang Đã số hóa 40 hồ sơ, kèm quyết định",
    )


async def test_L3_lichsu_and_the_card_send_each_file_back_under_its_name(
    bot: BotHarness, tmp_path: Path
) -> None:
    await report_with_a_file(bot)
    report = await bot.store.reports.last_by(OFFICIAL_TP.id)
    assert report is not None
    [kept] = report.evidence
    assert kept.file_name == "QĐ công bố TTHC.pdf"
    assert kept.local_path and Path(kept.local_path).read_bytes() == PDF  # noqa: ASYNC240
    assert Path(kept.local_path).name.endswith("-QĐ_công_bố_TTHC.pdf")  # the name kept on disk

    history = await bot.say(LEADER, "/lichsu 2.3c")
    assert "📎 1 tệp" in history
    label = "📎 2.3c · QĐ công bố TTHC.pdf"
    assert label in bot.buttons(LEADER)
    sent = await bot.click(LEADER, label)
    assert "QĐ công bố TTHC.pdf · nhiệm vụ 2.3c (quý II/2025) · Phạm Tư Pháp" in sent
    document = bot.replies(LEADER)[-1]["document"]
    assert document["file_name"] == "QĐ công bố TTHC.pdf"
    assert bot.emulator.file_bytes(document["file_id"]) == PDF

    # The task's card has the same button.
    await bot.say(LEADER, "/nhiemvu")
    await bot.click(LEADER, "🔎 2.3c")
    assert label in bot.buttons(LEADER)

    # Another department's official, or a citizen, pressing a forged button gets nothing.
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    for outsider in (OFFICIAL_VHXH, CITIZEN):
        await bot.say(outsider, "/start")
        before = len(bot.replies(outsider))
        events = await bot.press(outsider, bot.replies(outsider)[-1], f"ev:{kept.id}")
        assert any(e["kind"] == "answer_callback" for e in events)
        assert len(bot.replies(outsider)) == before


async def test_L3_the_periodic_report_lists_the_evidence_in_an_annex(bot: BotHarness) -> None:
    await report_with_a_file(bot)
    await bot.say(LEADER, "/xuatbaocao quy 2025-Q2")
    documents = {
        m["document"]["file_name"]: bot.emulator.file_bytes(m["document"]["file_id"])
        for m in bot.replies(LEADER)
        if "document" in m
    }
    word = Document(io.BytesIO(documents["bao-cao-cchc-2025-Q2.docx"]))
    assert any(p.text == "PHỤ LỤC" for p in word.paragraphs)
    annex = word.tables[-1]
    rows = [[cell.text for cell in row.cells] for row in annex.rows]
    assert rows[0] == ["STT", "Nhiệm vụ", "Kỳ", "Bộ phận", "Tệp", "Ngày gửi", "Người gửi"]
    assert rows[1][1].startswith("2.3c ") and rows[1][4] == "QĐ công bố TTHC.pdf"
    assert rows[1][5] == "02/06/2025" and rows[1][6] == "Phạm Tư Pháp"
    book = load_workbook(io.BytesIO(documents["bao-cao-cchc-2025-Q2.xlsx"]))
    sheet = book["Minh chứng"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "2.3c" and values[1][4] == "QĐ công bố TTHC.pdf"


async def test_L3_a_backup_is_one_archive_with_the_evidence_and_restores_it(
    bot: BotHarness, tmp_path: Path
) -> None:
    await report_with_a_file(bot)
    db_path = Path(bot.store.db.path)
    files_dir = bot.app.bot_data.settings.files_dir
    env = {"CCHC_DB_PATH": str(db_path), "CCHC_FILES_DIR": str(files_dir)}
    out = tmp_path / "saved"
    out.mkdir()
    result = cchc_bot(tmp_path, "backup", str(out), **env)
    assert result.returncode == 0, result.stderr
    assert "1 kept files" in result.stdout
    [archive] = list(out.iterdir())
    assert archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "cchc.sqlite3" in names and any(n.startswith("files/evidence/2.3c/") for n in names)

    # Restored on another machine: another database path and files folder.
    elsewhere = tmp_path / "elsewhere"
    new_env = {
        "CCHC_DB_PATH": str(elsewhere / "cchc.sqlite3"),
        "CCHC_FILES_DIR": str(elsewhere / "files"),
    }
    result = cchc_bot(tmp_path, "restore", str(archive), **new_env)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(elsewhere / "cchc.sqlite3") as connection:
        [(name, local)] = connection.execute(
            "SELECT file_name, local_path FROM report_evidence"
        ).fetchall()
    assert name == "QĐ công bố TTHC.pdf"
    assert local.startswith(str(elsewhere / "files" / "evidence"))
    assert Path(local).read_bytes() == PDF  # noqa: ASYNC240 - a test reading a small file
    # A bare database copy still works the old way.
    result = cchc_bot(tmp_path, "backup", str(tmp_path / "db-only.sqlite3"), **env)
    assert result.returncode == 0 and "database only" in result.stdout
