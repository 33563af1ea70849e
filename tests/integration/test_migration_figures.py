"""Migration 0007 (issue 10, O1/O12): indicator_figures.value becomes nullable ("0/0", no
dossiers) by a table rebuild that keeps every figure already entered."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import storage.db
from storage.store import Store

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 7, 3, 9, 0, tzinfo=VN)


async def test_O12_a_database_of_before_keeps_its_figures_and_takes_no_dossiers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = storage.db._migrations()
    monkeypatch.setattr(storage.db, "_migrations", lambda: [m for m in every if m[0] < 7])
    path = tmp_path / "cchc.sqlite3"
    await (await Store.open(path)).close()
    # The rows a bot of before wrote, in the schema of before (today's loader writes newer columns).
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO departments (code, name) VALUES ('TP', 'Tư pháp')")
        db.execute(
            "INSERT INTO plans (id, slug, code, title, issuer, ward, issued_on, period_start,"
            " period_end, content_hash, loaded_at, is_current) VALUES (1, 'phu-la', '1/KH',"
            " 'Kế hoạch CCHC', 'UBND phường Phú La', 'Phú La', '2021-01-01', 2021, 2025, 'x',"
            " '2025-01-01T00:00:00+07:00', 1)"
        )
        db.execute(
            "INSERT INTO targets (id, plan_id, code, area_code, section, short, text, kind,"
            " metric, direction, lead_dept, ordinal) VALUES (1, 1, '1.3a', 'I', '1.3',"
            " 'Hồ sơ đúng hạn', 'Hồ sơ giải quyết đúng hạn', 'measurable', 'percent',"
            " 'at_least', 'TP', 1)"
        )
        db.execute(
            "INSERT INTO indicator_figures (target_id, period, period_start, period_end, year,"
            " value, numerator, denominator, note, dept_code, reporter_id, reporter_name,"
            " created_at) VALUES (1, '2025-Q2', '2025-04-01', '2025-06-30', 2025, 91.67, 110,"
            " 120, '', 'TP', 1, 'A', '2025-07-03T09:00:00+07:00')"
        )

    monkeypatch.setattr(storage.db, "_migrations", lambda: every)
    store = await Store.open(path)
    target = await store.plans.target(1, "1.3a")
    assert target is not None
    figure = dict(
        target_id=target.id,
        period="2025-Q2",
        period_start=date(2025, 4, 1),
        period_end=date(2025, 6, 30),
        note="",
        dept_code="TP",
        reporter_id=1,
        reporter_name="A",
        now=NOW,
    )
    try:
        [kept] = (await store.figures.latest_by_period(1))["1.3a"]
        assert (kept.value, kept.numerator, kept.denominator) == (91.67, 110, 120)
        async with store.transaction() as tx:
            await store.figures.add(tx, value=None, numerator=0, denominator=0, **figure)
        latest = await store.figures.latest_for(target.id, "2025-Q2")
        assert latest is not None and latest.value is None
        assert await store.figures.count() == 2
    finally:
        await store.close()
