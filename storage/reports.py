"""Reports on task occurrences, their evidence files, and their history."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from domain.model import EvidenceFile, EvidenceListing, TaskReport
from storage.dbapi import Database, Transaction
from storage.timefmt import from_db, to_db

_SELECT = (
    "SELECT r.*, t.code AS task_code, o.period AS period FROM task_reports r"
    " JOIN task_occurrences o ON o.id = r.occurrence_id JOIN tasks t ON t.id = o.task_id"
)


def _evidence(row: sqlite3.Row) -> EvidenceFile:
    return EvidenceFile(
        kind=row["kind"],
        file_id=row["file_id"],
        file_unique_id=row["file_unique_id"],
        file_name=row["file_name"],
        mime_type=row["mime_type"],
        file_size=row["file_size"],
        local_path=row["local_path"],
        id=row["id"],
    )


class ReportsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        tx: Transaction,
        occurrence_id: int,
        dept_code: str,
        reporter_id: int,
        reporter_name: str,
        status: str,
        note: str,
        now: datetime,
        evidence: list[EvidenceFile] | tuple[EvidenceFile, ...] = (),
    ) -> int:
        report_id = await tx.execute(
            "INSERT INTO task_reports (occurrence_id, dept_code, reporter_id, reporter_name,"
            " status, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (occurrence_id, dept_code, reporter_id, reporter_name, status, note, to_db(now)),
        )
        await self.add_evidence(tx, report_id, evidence, now)
        return report_id

    async def add_evidence(
        self,
        tx: Transaction,
        report_id: int,
        evidence: list[EvidenceFile] | tuple[EvidenceFile, ...],
        now: datetime,
    ) -> None:
        """Files sent with a report, or added to it later (a quick report, a correction)."""
        await tx.executemany(
            "INSERT INTO report_evidence (report_id, kind, file_id, file_unique_id, file_name,"
            " mime_type, file_size, local_path, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    report_id,
                    e.kind,
                    e.file_id,
                    e.file_unique_id,
                    e.file_name,
                    e.mime_type,
                    e.file_size,
                    e.local_path,
                    to_db(now),
                )
                for e in evidence
            ],
        )

    async def correct(
        self, tx: Transaction, report_id: int, status: str, note: str, now: datetime
    ) -> None:
        await tx.execute(
            "UPDATE task_reports SET status = ?, note = ?, corrected_at = ? WHERE id = ?",
            (status, note, to_db(now), report_id),
        )

    async def get(self, report_id: int) -> TaskReport | None:
        found = await self._many(_SELECT + " WHERE r.id = ?", (report_id,))
        return found[0] if found else None

    async def last_by(self, reporter_id: int) -> TaskReport | None:
        found = await self._many(
            _SELECT + " WHERE r.reporter_id = ? ORDER BY r.id DESC LIMIT 1", (reporter_id,)
        )
        return found[0] if found else None

    async def latest_of_dept(self, tx: Transaction, occurrence_id: int, dept_code: str) -> str:
        """The department's latest status on the occurrence, inside a transaction."""
        row = await tx.fetchone(
            "SELECT status FROM task_reports WHERE occurrence_id = ? AND dept_code = ?"
            " ORDER BY id DESC LIMIT 1",
            (occurrence_id, dept_code),
        )
        return str(row["status"]) if row else ""

    async def for_task(self, task_id: int, limit: int = 30) -> list[TaskReport]:
        """The task's reports, newest first."""
        return await self._many(
            _SELECT + " WHERE o.task_id = ? ORDER BY r.id DESC LIMIT ?", (task_id, limit)
        )

    async def for_occurrence(self, occurrence_id: int) -> list[TaskReport]:
        return await self._many(
            _SELECT + " WHERE r.occurrence_id = ? ORDER BY r.id", (occurrence_id,)
        )

    async def evidence(self, evidence_id: int) -> tuple[EvidenceFile, TaskReport] | None:
        """One evidence file and the report it came with."""
        row = await self._db.fetchone("SELECT * FROM report_evidence WHERE id = ?", (evidence_id,))
        report = await self.get(row["report_id"]) if row else None
        return (_evidence(row), report) if row and report else None

    async def evidence_between(
        self, plan_id: int, first_day: str, last_day: str
    ) -> list[EvidenceListing]:
        """The evidence of the reports on periods ending in [first_day, last_day] (ISO days),
        by task in the plan's order, then period and time."""
        rows = await self._db.fetchall(
            "SELECT t.code, t.title, o.period, r.dept_code, e.file_name, e.kind, e.created_at,"
            " r.reporter_name FROM report_evidence e JOIN task_reports r ON r.id = e.report_id"
            " JOIN task_occurrences o ON o.id = r.occurrence_id JOIN tasks t ON t.id = o.task_id"
            " WHERE t.plan_id = ? AND o.plan_due >= ? AND o.plan_due <= ?"
            " ORDER BY t.ordinal, o.plan_due, e.id",
            (plan_id, first_day, last_day),
        )
        found = []
        for r in rows:
            at = from_db(r[6])
            assert at is not None
            found.append(EvidenceListing(r[0], r[1], r[2], r[3], r[4], r[5], at, r[7]))
        return found

    async def _many(self, sql: str, params: tuple[object, ...]) -> list[TaskReport]:
        rows = await self._db.fetchall(sql, params)
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        marks = ",".join("?" * len(ids))
        files: dict[int, list[EvidenceFile]] = {}
        for e in await self._db.fetchall(
            f"SELECT * FROM report_evidence WHERE report_id IN ({marks}) ORDER BY id", ids
        ):
            files.setdefault(e["report_id"], []).append(_evidence(e))
        reports = []
        for r in rows:
            created = from_db(r["created_at"])
            assert created is not None
            reports.append(
                TaskReport(
                    id=r["id"],
                    occurrence_id=r["occurrence_id"],
                    task_code=r["task_code"],
                    period=r["period"],
                    dept_code=r["dept_code"],
                    reporter_id=r["reporter_id"],
                    reporter_name=r["reporter_name"],
                    status=r["status"],
                    note=r["note"],
                    created_at=created,
                    corrected_at=from_db(r["corrected_at"]),
                    evidence=tuple(files.get(r["id"], ())),
                )
            )
        return reports
