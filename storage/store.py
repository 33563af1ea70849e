"""One facade over the repositories: `store.plans.current()`, `store.users.get(id)`..."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from pathlib import Path

from storage.audit import AuditRepository
from storage.db import Database, Transaction
from storage.outbox import OutboxRepository
from storage.plans import DepartmentsRepository, PlansRepository
from storage.users import InvitesRepository, UsersRepository


class Store:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.plans = PlansRepository(db)
        self.departments = DepartmentsRepository(db)
        self.users = UsersRepository(db)
        self.invites = InvitesRepository(db)
        self.audit = AuditRepository(db)
        self.outbox = OutboxRepository(db)

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        db = Database(path)
        await db.open()
        return cls(db)

    async def close(self) -> None:
        await self.db.close()

    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        return self.db.transaction()
