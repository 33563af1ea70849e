"""Plans with their areas, targets (and yearly milestones), tasks and the departments they name."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from domain.model import (
    Area,
    Department,
    LoadResult,
    Milestone,
    Plan,
    PlanSpec,
    Target,
    Task,
)
from storage.dbapi import Database, Transaction
from storage.timefmt import date_from_db, from_db, to_db


def _plan(row: sqlite3.Row) -> Plan:
    return Plan(
        id=row["id"],
        slug=row["slug"],
        code=row["code"],
        title=row["title"],
        issuer=row["issuer"],
        ward=row["ward"],
        district=row["district"],
        city=row["city"],
        issued_on=date_from_db(row["issued_on"]),
        signed_by=row["signed_by"],
        period_start=row["period_start"],
        period_end=row["period_end"],
        note=row["note"],
        kind=row["kind"],
        parent=row["parent_slug"],
        pinned_at=from_db(row["pinned_at"]) if row["pinned_at"] else None,
        archived_at=from_db(row["archived_at"]) if row["archived_at"] else None,
    )


class PlansRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def load(self, spec: PlanSpec, now: datetime) -> LoadResult:
        """Store a plan; the same content twice changes nothing. Which plans are current is
        decided by their periods (domain.plans), not here."""
        async with self._db.transaction() as tx:
            return await self.load_in(tx, spec, now)

    async def content_hash(self, slug: str) -> str | None:
        """The loaded content's hash of a plan (None: no plan by that slug)."""
        row = await self._db.fetchone("SELECT content_hash FROM plans WHERE slug = ?", (slug,))
        return str(row["content_hash"]) if row else None

    async def load_in(self, tx: Transaction, spec: PlanSpec, now: datetime) -> LoadResult:
        """`load` inside the caller's transaction (a service that audits the load with it)."""
        existing = await tx.fetchone(
            "SELECT id, content_hash FROM plans WHERE slug = ?", (spec.slug,)
        )
        if existing and existing["content_hash"] == spec.content_hash:
            return LoadResult(
                existing["id"], spec.slug, "unchanged", len(spec.targets), len(spec.tasks)
            )
        for dept in spec.departments:
            await tx.execute(
                "INSERT INTO departments (code, name, section) VALUES (?, ?, ?)"
                " ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
                " section = excluded.section",
                (dept.code, dept.name, dept.section),
            )
        values = (
            spec.code,
            spec.title,
            spec.issuer,
            spec.ward,
            spec.district,
            spec.city,
            spec.issued_on.isoformat(),
            spec.signed_by,
            spec.period_start,
            spec.period_end,
            spec.source,
            spec.note,
            spec.kind,
            spec.parent,
            spec.content_hash,
            to_db(now),
        )
        if existing:
            plan_id = existing["id"]
            await tx.execute(
                "UPDATE plans SET code=?, title=?, issuer=?, ward=?, district=?, city=?,"
                " issued_on=?, signed_by=?, period_start=?, period_end=?, source=?, note=?,"
                " kind=?, parent_slug=?, content_hash=?, loaded_at=? WHERE id=?",
                (*values, plan_id),
            )
            outcome = "updated"
        else:
            plan_id = await tx.execute(
                "INSERT INTO plans (code, title, issuer, ward, district, city, issued_on,"
                " signed_by, period_start, period_end, source, note, kind, parent_slug,"
                " content_hash, loaded_at, slug) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (*values, spec.slug),
            )
            outcome = "created"
        await self._store_areas(tx, plan_id, spec)
        await self._store_targets(tx, plan_id, spec)
        await self._store_tasks(tx, plan_id, spec)
        return LoadResult(plan_id, spec.slug, outcome, len(spec.targets), len(spec.tasks))

    async def _store_areas(self, tx: Transaction, plan_id: int, spec: PlanSpec) -> None:
        await tx.execute("DELETE FROM plan_areas WHERE plan_id = ?", (plan_id,))
        await tx.executemany(
            "INSERT INTO plan_areas (plan_id, code, name, ordinal) VALUES (?, ?, ?, ?)",
            [(plan_id, a.code, a.name, i) for i, a in enumerate(spec.areas)],
        )

    async def _store_targets(self, tx: Transaction, plan_id: int, spec: PlanSpec) -> None:
        # Rows are updated in place (figures and reports refer to them); what the new file no
        # longer has is retired, not deleted.
        await tx.execute("UPDATE targets SET retired = 1 WHERE plan_id = ?", (plan_id,))
        for ordinal, t in enumerate(spec.targets):
            await tx.execute(
                "INSERT INTO targets (plan_id, code, area_code, section, short, text, kind, metric,"
                " direction, scope, lead_dept, is_sipas, ordinal, retired)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,0)"
                " ON CONFLICT(plan_id, code) DO UPDATE SET area_code=excluded.area_code,"
                " section=excluded.section, short=excluded.short, text=excluded.text,"
                " kind=excluded.kind, metric=excluded.metric, direction=excluded.direction,"
                " scope=excluded.scope, lead_dept=excluded.lead_dept,"
                " is_sipas=excluded.is_sipas, ordinal=excluded.ordinal, retired=0",
                (
                    plan_id,
                    t.code,
                    t.area,
                    t.section,
                    t.short,
                    t.text,
                    t.kind,
                    t.metric,
                    t.direction,
                    t.scope,
                    t.lead,
                    int(t.is_sipas),
                    ordinal,
                ),
            )
            row = await tx.fetchone(
                "SELECT id FROM targets WHERE plan_id = ? AND code = ?", (plan_id, t.code)
            )
            assert row is not None
            await tx.execute("DELETE FROM target_milestones WHERE target_id = ?", (row["id"],))
            await tx.executemany(
                "INSERT INTO target_milestones (target_id, year, value, value_max, direction,"
                " note) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (row["id"], m.year, m.value, m.value_max, m.direction, m.note)
                    for m in t.milestones
                ],
            )

    async def _store_tasks(self, tx: Transaction, plan_id: int, spec: PlanSpec) -> None:
        await tx.execute("UPDATE tasks SET retired = 1 WHERE plan_id = ?", (plan_id,))
        for ordinal, t in enumerate(spec.tasks):
            await tx.execute(
                "INSERT INTO tasks (plan_id, code, kind, area_code, section, title, text,"
                " lead_dept, cadence, due, is_reporting, is_news, ordinal, retired)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,0)"
                " ON CONFLICT(plan_id, code) DO UPDATE SET kind=excluded.kind,"
                " area_code=excluded.area_code, section=excluded.section, title=excluded.title,"
                " text=excluded.text, lead_dept=excluded.lead_dept, cadence=excluded.cadence,"
                " due=excluded.due, is_reporting=excluded.is_reporting,"
                " is_news=excluded.is_news, ordinal=excluded.ordinal, retired=0",
                (
                    plan_id,
                    t.code,
                    t.kind,
                    t.area,
                    t.section,
                    t.title,
                    t.text,
                    t.lead,
                    t.cadence,
                    t.due,
                    int(t.is_reporting),
                    int(t.is_news),
                    ordinal,
                ),
            )
            row = await tx.fetchone(
                "SELECT id FROM tasks WHERE plan_id = ? AND code = ?", (plan_id, t.code)
            )
            assert row is not None
            task_id = row["id"]
            await tx.execute("DELETE FROM task_supporters WHERE task_id = ?", (task_id,))
            await tx.executemany(
                "INSERT INTO task_supporters (task_id, dept_code) VALUES (?, ?)",
                [(task_id, d) for d in t.support],
            )
            await tx.execute("DELETE FROM task_targets WHERE task_id = ?", (task_id,))
            await tx.executemany(
                "INSERT INTO task_targets (task_id, target_code) VALUES (?, ?)",
                [(task_id, code) for code in t.serves],
            )

    async def current(self) -> Plan | None:
        """The plan pinned or loaded last, not archived, whatever its period (what "current"
        meant before plans lived side by side; services.plans decides by the day)."""
        row = await self._db.fetchone(
            "SELECT * FROM plans WHERE archived_at IS NULL"
            " ORDER BY pinned_at IS NULL, pinned_at DESC, id DESC LIMIT 1"
        )
        return _plan(row) if row else None

    async def by_slug(self, slug: str) -> Plan | None:
        row = await self._db.fetchone("SELECT * FROM plans WHERE slug = ?", (slug,))
        return _plan(row) if row else None

    async def set_pinned(self, tx: Transaction, plan_id: int, at: datetime | None) -> None:
        await tx.execute(
            "UPDATE plans SET pinned_at = ? WHERE id = ?", (to_db(at) if at else None, plan_id)
        )

    async def set_archived(self, tx: Transaction, plan_id: int, at: datetime | None) -> None:
        await tx.execute(
            "UPDATE plans SET archived_at = ? WHERE id = ?", (to_db(at) if at else None, plan_id)
        )

    async def counts(self) -> dict[int, tuple[int, int]]:
        """Each plan's targets and tasks (not retired), by plan id."""
        rows = await self._db.fetchall(
            "SELECT p.id,"
            " (SELECT count(*) FROM targets t WHERE t.plan_id = p.id AND t.retired = 0),"
            " (SELECT count(*) FROM tasks k WHERE k.plan_id = p.id AND k.retired = 0)"
            " FROM plans p"
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    async def get(self, plan_id: int) -> Plan | None:
        row = await self._db.fetchone("SELECT * FROM plans WHERE id = ?", (plan_id,))
        return _plan(row) if row else None

    async def all(self) -> list[Plan]:
        return [_plan(r) for r in await self._db.fetchall("SELECT * FROM plans ORDER BY id")]

    async def areas(self, plan_id: int) -> list[Area]:
        rows = await self._db.fetchall(
            "SELECT code, name FROM plan_areas WHERE plan_id = ? ORDER BY ordinal", (plan_id,)
        )
        return [Area(r["code"], r["name"]) for r in rows]

    async def targets(self, plan_id: int) -> list[Target]:
        rows = await self._db.fetchall(
            "SELECT * FROM targets WHERE plan_id = ? AND retired = 0 ORDER BY ordinal", (plan_id,)
        )
        milestones = await self._db.fetchall(
            "SELECT m.* FROM target_milestones m JOIN targets t ON t.id = m.target_id"
            " WHERE t.plan_id = ? ORDER BY m.year",
            (plan_id,),
        )
        by_target: dict[int, list[Milestone]] = {}
        for m in milestones:
            by_target.setdefault(m["target_id"], []).append(
                Milestone(m["year"], m["value"], m["direction"], m["value_max"], m["note"])
            )
        return [
            Target(
                id=r["id"],
                plan_id=r["plan_id"],
                code=r["code"],
                area_code=r["area_code"],
                section=r["section"],
                short=r["short"],
                text=r["text"],
                kind=r["kind"],
                metric=r["metric"],
                direction=r["direction"],
                scope=r["scope"],
                lead_dept=r["lead_dept"],
                is_sipas=bool(r["is_sipas"]),
                milestones=tuple(by_target.get(r["id"], ())),
            )
            for r in rows
        ]

    async def target(self, plan_id: int, code: str) -> Target | None:
        return next((t for t in await self.targets(plan_id) if t.code == code), None)

    async def tasks(self, plan_id: int) -> list[Task]:
        rows = await self._db.fetchall(
            "SELECT * FROM tasks WHERE plan_id = ? AND retired = 0 ORDER BY ordinal", (plan_id,)
        )
        support: dict[int, list[str]] = {}
        for r in await self._db.fetchall(
            "SELECT s.task_id, s.dept_code FROM task_supporters s JOIN tasks t ON t.id = s.task_id"
            " WHERE t.plan_id = ? ORDER BY s.dept_code",
            (plan_id,),
        ):
            support.setdefault(r["task_id"], []).append(r["dept_code"])
        serves: dict[int, list[str]] = {}
        for r in await self._db.fetchall(
            "SELECT s.task_id, s.target_code FROM task_targets s JOIN tasks t ON t.id = s.task_id"
            " WHERE t.plan_id = ? ORDER BY s.target_code",
            (plan_id,),
        ):
            serves.setdefault(r["task_id"], []).append(r["target_code"])
        return [
            Task(
                id=r["id"],
                plan_id=r["plan_id"],
                code=r["code"],
                kind=r["kind"],
                area_code=r["area_code"],
                section=r["section"],
                title=r["title"],
                text=r["text"],
                lead_dept=r["lead_dept"],
                cadence=r["cadence"],
                due=r["due"],
                is_reporting=bool(r["is_reporting"]),
                is_news=bool(r["is_news"]),
                support=tuple(support.get(r["id"], ())),
                serves=tuple(serves.get(r["id"], ())),
            )
            for r in rows
        ]

    async def task(self, plan_id: int, code: str) -> Task | None:
        return next((t for t in await self.tasks(plan_id) if t.code == code), None)

    async def lead_dept_of(self, tx: Transaction, task_id: int) -> str | None:
        """The department that leads the task, inside a transaction."""
        row = await tx.fetchone("SELECT lead_dept FROM tasks WHERE id = ?", (task_id,))
        return str(row["lead_dept"]) if row else None


class DepartmentsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def all(self) -> list[Department]:
        rows = await self._db.fetchall("SELECT * FROM departments ORDER BY section, code")
        return [Department(r["code"], r["name"], r["section"]) for r in rows]

    async def get(self, code: str) -> Department | None:
        row = await self._db.fetchone("SELECT * FROM departments WHERE code = ?", (code,))
        return Department(row["code"], row["name"], row["section"]) if row else None
