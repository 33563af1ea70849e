"""Issue 14 must-show, at the storage level: two units (wards) on one PostgreSQL database. Unit
A's store cannot read or change unit B's complaints, task occurrences or users: neither through
the repositories nor with SQL written by hand on its own connection (row-level security)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import asyncpg
import pytest

from domain.access import Actor
from domain.complaints import Draft
from domain.datafiles.plan import SHIPPED_PLAN, read_plan
from domain.model import Role
from domain.occurrences import Progress
from services.complaints import shipped_rules, submit
from services.invites import create_invite, redeem_invite
from services.occurrences import occurrence_for
from services.tasks import submit_report
from storage.postgres import PostgresDatabase
from storage.store import Store
from tests.auxil.postgres import URL_VARIABLE, unit_for
from tests.integration.services.citizens_world import ADMINS, NOW, vietnamese

pytestmark = pytest.mark.postgres_only

CITIZEN_B = 1001
OFFICIAL_B = Actor(2001, "Phạm Tư Pháp", Role.OFFICIAL, "TP")
FLOOD = "Ngõ 5 tổ dân phố 3 bị ngập nước thải từ tuần trước, mùi rất hôi."


@dataclass
class TwoUnits:
    a: Store
    b: Store
    unit_a: str
    unit_b: str
    complaint: str  # B's complaint code
    occurrence_id: int  # B's task occurrence


@pytest.fixture
async def units(
    backend: str, postgres_url: str, request: pytest.FixtureRequest
) -> AsyncIterator[TwoUnits]:
    """Two wards with the same plan (the same department codes): B has a citizen's complaint,
    an official who reported on a task, and so an occurrence; A has its plan only."""
    unit_a, unit_b = unit_for(request.node.nodeid + "/A"), unit_for(request.node.nodeid + "/B")
    a = await Store.open(postgres_url, unit=unit_a)
    b = await Store.open(postgres_url, unit=unit_b)
    try:
        for store in (a, b):
            await store.plans.load(read_plan(SHIPPED_PLAN), NOW)
            await store.occurrences.start_tracking_current(NOW.date())
        invite = await create_invite(b, 9001, "TP", Role.OFFICIAL, NOW, 7)
        await redeem_invite(b, invite.code, OFFICIAL_B.user_id, OFFICIAL_B.name, None, NOW)
        submitted = await submit(
            b, shipped_rules(), vietnamese(), Draft(FLOOD, "datdai"), CITIZEN_B, NOW, admins=ADMINS
        )
        plan = await b.plans.current()
        assert plan is not None
        task = await b.plans.task(plan.id, "2.3a")
        assert task is not None
        occurrence = await occurrence_for(b, plan, task, None, NOW)
        assert occurrence is not None
        saved = await submit_report(
            b,
            vietnamese(),
            plan,
            task,
            occurrence.period,
            OFFICIAL_B,
            "TP",
            Progress.DONE,
            "Xong",
            [],
            NOW,
        )
        yield TwoUnits(a, b, unit_a, unit_b, submitted.code, saved.occurrence_id)
    finally:
        await a.close()
        await b.close()


async def test_unit_a_sees_none_of_unit_b_complaints_tasks_or_users(units: TwoUnits) -> None:
    a, b = units.a, units.b
    # B sees its own rows ...
    assert (await b.complaints.get(units.complaint)) is not None
    assert (await b.users.get(OFFICIAL_B.user_id)) is not None
    assert (await b.occurrences.get(units.occurrence_id)) is not None
    # ... A, with the same plan and the same department codes, none of them.
    assert await a.complaints.get(units.complaint) is None
    assert await a.complaints.of_citizen(CITIZEN_B) == []
    assert await a.complaints.queue(None) == []
    assert await a.users.get(OFFICIAL_B.user_id) is None
    assert await a.users.members("TP") == []
    assert await a.occurrences.get(units.occurrence_id) is None
    plan_a = await a.plans.current()
    assert plan_a is not None
    assert await a.occurrences.stored(plan_a.id) == {}
    assert await a.outbox.by_status("pending") == []


async def test_unit_a_hand_written_sql_cannot_read_unit_b_rows(units: TwoUnits) -> None:
    a = units.a
    for table in ("complaints", "complaint_events", "task_occurrences", "task_reports", "users"):
        everything = await a.db.fetchall(f"SELECT * FROM {table}")
        named = await a.db.fetchall(f"SELECT * FROM {table} WHERE unit = ?", (units.unit_b,))
        assert (table, everything, named) == (table, [], [])
    joined = await a.db.fetchall(
        "SELECT c.code FROM complaints c JOIN users u ON u.unit = c.unit"
        " WHERE c.unit = ? OR u.unit = ?",
        (units.unit_b, units.unit_b),
    )
    assert joined == []


async def test_unit_a_hand_written_sql_cannot_change_unit_b_rows(units: TwoUnits) -> None:
    a, b = units.a, units.b
    async with a.transaction() as tx:
        assert await tx.changes("UPDATE complaints SET status = 'closed', answer = 'x'") == 0
        assert (
            await tx.changes(
                "UPDATE users SET role = 'citizen', dept_code = NULL WHERE unit = ?",
                (units.unit_b,),
            )
            == 0
        )
        assert await tx.changes("UPDATE task_occurrences SET progress = 'none'") == 0
        assert await tx.changes("UPDATE complaints SET unit = ?", (units.unit_a,)) == 0
        assert await tx.changes("DELETE FROM complaints WHERE code = ?", (units.complaint,)) == 0
        assert await tx.changes("DELETE FROM task_reports") == 0
        assert await tx.changes("DELETE FROM users") == 0
    complaint = await b.complaints.get(units.complaint)
    assert complaint is not None and complaint.status != "closed"
    official = await b.users.get(OFFICIAL_B.user_id)
    assert official is not None and official.dept_code == "TP"
    occurrence = await b.occurrences.get(units.occurrence_id)
    assert occurrence is not None and occurrence.progress == Progress.DONE


async def test_unit_a_cannot_write_rows_into_unit_b(units: TwoUnits) -> None:
    a, b = units.a, units.b
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="row-level security"):
        async with a.transaction() as tx:
            await tx.execute(
                "INSERT INTO users (unit, tg_id, full_name, role, created_at, updated_at)"
                " VALUES (?, 777, 'Kẻ lạ', 'citizen', 't', 't')",
                (units.unit_b,),
            )
    # A's own row cannot be handed over to B either.
    async with a.transaction() as tx:
        await a.users.remember(tx, 778, "Người dân A", None, NOW)
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="row-level security"):
        async with a.transaction() as tx:
            await tx.execute("UPDATE users SET unit = ? WHERE tg_id = 778", (units.unit_b,))
    assert await b.users.get(777) is None and await b.users.get(778) is None
    assert await a.users.get(778) is not None


async def test_a_connection_is_set_to_its_unit_each_time_it_is_taken(units: TwoUnits) -> None:
    """Even a connection whose unit was switched by hand comes back from the pool as A's."""
    a = units.a
    assert isinstance(a.db, PostgresDatabase)
    async with a.transaction() as tx:
        await tx.fetchone("SELECT set_config('cchc.unit', ?, false)", (units.unit_b,))
        assert await tx.fetchone("SELECT code FROM complaints") is not None  # switched by hand
    assert await a.db.fetchall("SELECT * FROM complaints") == []
    async with a.transaction() as tx:
        assert await tx.fetchall("SELECT * FROM complaints") == []


async def test_the_app_refuses_a_role_that_row_level_security_would_not_hold(
    backend: str, postgres_url: str
) -> None:
    """A superuser (or a BYPASSRLS role) sees every unit: the store will not open with it."""
    from storage.db import StorageError

    database = PostgresDatabase(postgres_url, "x")
    await database.open()
    try:
        probe = await database.fetchone(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"
        )
        assert probe is not None and probe[0] is False
    finally:
        await database.close()
    with pytest.raises(StorageError, match="unit"):
        PostgresDatabase(postgres_url, " ")
    if not os.environ.get(URL_VARIABLE):  # our own cluster: its superuser may log in
        parts = urlsplit(postgres_url)
        superuser = parts._replace(netloc=f"postgres@{parts.hostname}:{parts.port}").geturl()
        refused = PostgresDatabase(superuser, "x")
        with pytest.raises(StorageError, match="superuser or bypasses row-level security"):
            await refused.open()
