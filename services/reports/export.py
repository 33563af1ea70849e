"""The periodic report's two files, for the chat (/xuatbaocao) and the command line."""

from __future__ import annotations

import asyncio
from datetime import datetime

from domain.i18n import Translator
from domain.model import Plan
from domain.occurrences import Period
from services.reports.data import collect
from storage.store import Store


def file_stem(kind: str, period: Period) -> str:
    """'bao-cao-cchc-2025-Q3', 'bao-cao-cchc-2025'."""
    return (
        f"bao-cao-cchc-{period.label}" if kind == "quarter" else f"bao-cao-cchc-{period.start.year}"
    )


async def export(
    store: Store, t: Translator, plan: Plan, kind: str, period: Period, now: datetime
) -> list[tuple[str, bytes]]:
    """[(file name, content)] of the Word report and the Excel tables."""
    # python-docx and openpyxl cost about 20 MB once imported: only when a report is asked for.
    from services.reports.excel import write_xlsx
    from services.reports.word import write_docx

    data = await collect(store, t, plan, kind, period, now)
    # Writing the files takes a moment of CPU: keep the bot answering others meanwhile.
    word = await asyncio.to_thread(write_docx, t, data)
    excel = await asyncio.to_thread(write_xlsx, t, data)
    stem = file_stem(kind, period)
    return [(f"{stem}.docx", word), (f"{stem}.xlsx", excel)]
