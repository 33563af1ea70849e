"""The periodic report's two files, for the chat (/xuatbaocao) and the command line."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime

from domain.i18n import Translator
from domain.model import Plan
from domain.occurrences import Period
from services.release import released
from services.reports.data import collect
from storage.store import Store


def file_stem(kind: str, period: Period) -> str:
    """'bao-cao-cchc-2025-Q3', 'bao-cao-cchc-2025-H1', 'bao-cao-cchc-2025',
    'tong-ket-cchc-2021-2025'."""
    if kind == "phase":
        return f"tong-ket-cchc-{period.label}"
    return f"bao-cao-cchc-{period.start.year}" if kind == "year" else f"bao-cao-cchc-{period.label}"


async def export(
    store: Store,
    t: Translator,
    plan: Plan,
    kind: str,
    period: Period,
    now: datetime,
    ward: str = "",
) -> list[tuple[str, bytes]]:
    """[(file name, content)] of the Word report and the Excel tables; `ward` (the ward as it
    is now: services.plans.ward_name) reports, under the plan's own name when not given."""
    # python-docx and openpyxl cost about 20 MB once imported: only when a report is asked for.
    from services.reports.excel import write_xlsx
    from services.reports.word import write_docx

    data = await collect(store, t, plan, kind, period, now)
    if ward and ward != plan.ward:
        data = dataclasses.replace(data, plan=dataclasses.replace(plan, ward=ward))
    # Writing the files takes a moment of CPU: keep the bot answering others meanwhile.
    word = await asyncio.to_thread(released(write_docx), t, data)
    excel = await asyncio.to_thread(released(write_xlsx), t, data)
    stem = file_stem(kind, period)
    return [(f"{stem}.docx", word), (f"{stem}.xlsx", excel)]
