"""Complaints and suggestions (phản ánh, kiến nghị): the case, its photos and its history."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from domain.complaints import OPEN_STATUSES, Complaint, ComplaintEvent, NewComplaint
from domain.model import Deadline
from storage.dbapi import Database, Transaction
from storage.timefmt import date_from_db, from_db, to_db


def _complaint(r: sqlite3.Row, photos: tuple[str, ...] = ()) -> Complaint:
    created_at, updated_at = from_db(r["created_at"]), from_db(r["updated_at"])
    assert created_at is not None and updated_at is not None
    return Complaint(
        id=r["id"],
        code=r["code"],
        citizen_id=r["citizen_id"],
        content=r["content"],
        topic=r["topic"],
        dept_code=r["dept_code"],
        support_dept=r["support_dept"],
        status=r["status"],
        assignee_id=r["assignee_id"],
        latitude=r["latitude"],
        longitude=r["longitude"],
        created_at=created_at,
        updated_at=updated_at,
        due_on=date_from_db(r["due_on"]),
        closed_at=from_db(r["closed_at"]),
        answer=r["answer"],
        photos=photos,
        fix_photo=r["fix_photo"],
    )


def _event(r: sqlite3.Row) -> ComplaintEvent:
    at = from_db(r["at"])
    assert at is not None
    return ComplaintEvent(
        r["id"], r["complaint_id"], at, r["actor_id"], r["kind"], r["text"], r["dept_code"]
    )


class ComplaintsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # writes ------------------------------------------------------------------------------
    async def count_since(
        self, citizen_id: int, since: datetime, tx: Transaction | None = None
    ) -> int:
        """How many complaints the citizen sent since a moment (the flood limit); inside `tx`
        when given (it sees its writes)."""
        row = await (tx or self._db).fetchone(
            "SELECT count(*) FROM complaints WHERE citizen_id = ? AND created_at >= ?",
            (citizen_id, to_db(since)),
        )
        return int(row[0]) if row else 0

    async def next_number(self, tx: Transaction, prefix: str) -> int:
        """The next sequence number for codes starting with `prefix` (e.g. "PA-2611-")."""
        row = await tx.fetchone(
            "SELECT count(*) FROM complaints WHERE code LIKE ? || '%'", (prefix,)
        )
        return (int(row[0]) if row else 0) + 1

    async def create(self, tx: Transaction, new: NewComplaint, now: datetime) -> int:
        complaint_id = await tx.execute(
            "INSERT INTO complaints (code, citizen_id, content, topic, dept_code, support_dept,"
            " latitude, longitude, created_at, updated_at, due_on)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new.code,
                new.citizen_id,
                new.content,
                new.topic,
                new.dept_code,
                new.support_dept,
                new.latitude,
                new.longitude,
                to_db(now),
                to_db(now),
                new.due_on.isoformat(),
            ),
        )
        await tx.executemany(
            "INSERT INTO complaint_photos (complaint_id, ordinal, file_id) VALUES (?, ?, ?)",
            [(complaint_id, i, file_id) for i, file_id in enumerate(new.photos)],
        )
        return complaint_id

    async def add_event(
        self,
        tx: Transaction,
        complaint_id: int,
        at: datetime,
        actor_id: int | None,
        kind: str,
        text: str = "",
        dept_code: str | None = None,
    ) -> int:
        return await tx.execute(
            "INSERT INTO complaint_events (complaint_id, at, actor_id, kind, text, dept_code)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (complaint_id, to_db(at), actor_id, kind, text, dept_code),
        )

    async def set_state(
        self,
        tx: Transaction,
        complaint_id: int,
        now: datetime,
        *,
        status: str,
        assignee_id: int | None = None,
        keep_assignee: bool = True,
        dept_code: str | None = None,
        answer: str | None = None,
        fix_photo: str | None = None,
    ) -> bool:
        """Move an open complaint to a new state; False when it was closed meanwhile. Closing
        keeps the answer and the photo of the fix, if any."""
        sets = ["status = ?", "updated_at = ?"]
        params: list[object] = [status, to_db(now)]
        if not keep_assignee or assignee_id is not None:
            sets.append("assignee_id = ?")
            params.append(assignee_id)
        if dept_code is not None:
            sets.append("dept_code = ?")
            params.append(dept_code)
        if status == "closed":
            sets += ["closed_at = ?", "answer = ?", "fix_photo = ?"]
            params += [to_db(now), answer, fix_photo]
        changed = await tx.changes(
            f"UPDATE complaints SET {', '.join(sets)} WHERE id = ? AND status != 'closed'",
            (*params, complaint_id),
        )
        return changed == 1

    async def add_photo(self, tx: Transaction, complaint_id: int, file_id: str) -> None:
        await tx.execute(
            "INSERT INTO complaint_photos (complaint_id, ordinal, file_id)"
            " SELECT ?, coalesce(max(ordinal), -1) + 1, ? FROM complaint_photos"
            " WHERE complaint_id = ?",
            (complaint_id, file_id, complaint_id),
        )

    async def set_location(
        self, tx: Transaction, complaint_id: int, latitude: float, longitude: float
    ) -> None:
        await tx.execute(
            "UPDATE complaints SET latitude = ?, longitude = ? WHERE id = ?",
            (latitude, longitude, complaint_id),
        )

    async def reopen(self, tx: Transaction, complaint_id: int, now: datetime, due: date) -> bool:
        """A closed complaint open again with a new due date: back with the official who had
        taken it ('in_progress'), else 'new'; False unless it was closed."""
        changed = await tx.changes(
            "UPDATE complaints SET status = CASE WHEN assignee_id IS NULL THEN 'new'"
            " ELSE 'in_progress' END, updated_at = ?, closed_at = NULL,"
            " due_on = ? WHERE id = ? AND status = 'closed'",
            (to_db(now), due.isoformat(), complaint_id),
        )
        return changed == 1

    # reads -------------------------------------------------------------------------------
    async def open_of_citizen(self, citizen_id: int) -> list[Complaint]:
        """The citizen's open complaints, latest change first (what an answer may be for)."""
        statuses = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
        rows = await self._db.fetchall(
            f"SELECT * FROM complaints WHERE citizen_id = ? AND status IN ({statuses})"
            " ORDER BY updated_at DESC, id DESC LIMIT 10",
            (citizen_id,),
        )
        return [_complaint(r) for r in rows]

    async def get(self, code: str) -> Complaint | None:
        row = await self._db.fetchone("SELECT * FROM complaints WHERE code = ?", (code,))
        if row is None:
            return None
        photos = await self._db.fetchall(
            "SELECT file_id FROM complaint_photos WHERE complaint_id = ? ORDER BY ordinal",
            (row["id"],),
        )
        return _complaint(row, tuple(p["file_id"] for p in photos))

    async def get_in(self, tx: Transaction, code: str) -> Complaint | None:
        """The complaint as the open transaction sees it (photos left out)."""
        row = await tx.fetchone("SELECT * FROM complaints WHERE code = ?", (code,))
        return _complaint(row) if row else None

    async def events(self, complaint_id: int) -> list[ComplaintEvent]:
        rows = await self._db.fetchall(
            "SELECT * FROM complaint_events WHERE complaint_id = ? ORDER BY id", (complaint_id,)
        )
        return [_event(r) for r in rows]

    async def of_citizen(self, citizen_id: int, limit: int = 10) -> list[Complaint]:
        rows = await self._db.fetchall(
            "SELECT * FROM complaints WHERE citizen_id = ? ORDER BY id DESC LIMIT ?",
            (citizen_id, limit),
        )
        return [_complaint(r) for r in rows]

    async def queue(self, dept_codes: list[str] | None, limit: int = 30) -> list[Complaint]:
        """Open complaints held by or concerning these departments (None: all), due first."""
        statuses = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
        if dept_codes is None:
            rows = await self._db.fetchall(
                f"SELECT * FROM complaints WHERE status IN ({statuses})"
                " ORDER BY due_on, id LIMIT ?",
                (limit,),
            )
        else:
            marks = ", ".join("?" for _ in dept_codes) or "NULL"
            rows = await self._db.fetchall(
                f"SELECT * FROM complaints WHERE status IN ({statuses})"
                f" AND (dept_code IN ({marks}) OR support_dept IN ({marks}))"
                " ORDER BY due_on, id LIMIT ?",
                (*dept_codes, *dept_codes, limit),
            )
        return [_complaint(r) for r in rows]

    async def received_between(self, start: datetime, end: datetime) -> list[Complaint]:
        """Complaints received from `start` up to (not including) `end`, oldest first (the
        periodic report's statistics)."""
        rows = await self._db.fetchall(
            "SELECT * FROM complaints WHERE created_at >= ? AND created_at < ? ORDER BY id",
            (to_db(start), to_db(end)),
        )
        return [_complaint(r) for r in rows]

    async def open_deadlines(self, now: datetime) -> list[Deadline]:
        """Each open complaint as a deadline of the department holding it (for reminders).

        Only the code and the field: the content may hold personal details and a reminder
        does not need them.
        """
        del now  # every open complaint counts, overdue or not
        statuses = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
        rows = await self._db.fetchall(
            f"SELECT code, topic, dept_code, due_on FROM complaints WHERE status IN ({statuses})"
            " ORDER BY due_on, id"
        )
        return [
            Deadline(
                key=f"complaint:{r['code']}",
                kind="complaint",
                dept_code=r["dept_code"],
                title=f"{r['code']} ({r['topic']})" if r["topic"] else r["code"],
                due=date_from_db(r["due_on"]),
                command=f"/xuly {r['code']}",
            )
            for r in rows
        ]
