"""Issue 11 item 4: after the 2026 yearly plan of Kiến Hưng is loaded (the TEST plan in
tests/data/plans, not the ward's real plan), the greeting, both report files (chat and command
line) and the weekly digest name Kiến Hưng, never Phú La."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from bot.report_cli import report_files
from bot.settings import Settings
from domain.datafiles.plan import read_plan
from domain.i18n import translator
from domain.model import Role
from domain.schedule_policy import SchedulePolicy
from services.digest import queue_digest
from tests.auxil.constants import ADMIN, CITIZEN, LEADER, OFFICIAL_VP, VN
from tests.auxil.harness import BotHarness
from tests.auxil.plans import TEST_PLAN_2026

DECEMBER_2026 = datetime(2026, 12, 7, 9, 0, tzinfo=VN)  # a Monday, the digest's day


def docx_header(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables[:1] for row in table.rows for cell in row.cells]
    props = document.core_properties
    return "\n".join([*cells, *(p.text for p in document.paragraphs[:8]), props.author])


def xlsx_names(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return f"{book.properties.creator}\n{book.properties.title}"


async def test_greeting_reports_and_digest_name_the_new_ward(
    bot: BotHarness, settings: Settings, tmp_path: Path
) -> None:
    await bot.make_staff(OFFICIAL_VP, "VP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(DECEMBER_2026)
    await bot.store.plans.load(read_plan(TEST_PLAN_2026), DECEMBER_2026)

    for person in (CITIZEN, OFFICIAL_VP):
        greeting = await bot.say(person, "/start")
        assert "phường Kiến Hưng" in greeting and "Phú La" not in greeting

    for year in ("2026", "2025"):  # the 2025 report is made by the ward as it is now
        await bot.say(LEADER, f"/xuatbaocao năm {year}")
        files = {
            m["document"]["file_name"]: bot.emulator.file_bytes(m["document"]["file_id"])
            for m in bot.replies(LEADER)
            if "document" in m
        }
        header = docx_header(files[f"bao-cao-cchc-{year}.docx"])
        assert "PHƯỜNG KIẾN HƯNG" in header and "Kiến Hưng, ngày" in header
        assert "UBND phường Kiến Hưng" in header or "phường Kiến Hưng" in header
        assert "PHÚ LA" not in header and "Phú La," not in header
        names = xlsx_names(files[f"bao-cao-cchc-{year}.xlsx"])
        assert "phường Kiến Hưng" in names and "Phú La" not in names

    paths = await report_files(settings, None, "2026", tmp_path / "out")
    header = docx_header(paths[0].read_bytes())
    assert "PHƯỜNG KIẾN HƯNG" in header and "PHÚ LA" not in header
    assert "phường Kiến Hưng" in xlsx_names(paths[1].read_bytes())

    await bot.say(CITIZEN, "/dangky")
    t = translator(None, VN)
    result = await queue_digest(
        bot.store, "2026-W49", DECEMBER_2026, SchedulePolicy(), t, frozenset({ADMIN.id})
    )
    assert result.composed
    await bot.deliver()
    digest = bot.inbox(CITIZEN)[-1]
    assert "Bản tin CCHC hằng tuần của phường Kiến Hưng" in digest and "Phú La" not in digest
