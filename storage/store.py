"""One facade over the repositories: `store.plans.current()`, `store.users.get(id)`..."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from pathlib import Path

from storage.audit import AuditRepository
from storage.calendar_overrides import CalendarOverridesRepository
from storage.chat_state import ChatStateRepository
from storage.complaints import ComplaintsRepository
from storage.db import Database as SqliteDatabase
from storage.dbapi import Database, Transaction
from storage.department_moves import DepartmentMovesRepository
from storage.figures import FiguresRepository
from storage.groups import GroupsRepository
from storage.news import NewsRepository
from storage.occurrences import OccurrencesRepository
from storage.outbox import OutboxRepository
from storage.plan_movement import PlanMovementRepository
from storage.plans import DepartmentsRepository, PlansRepository
from storage.postgres import PostgresDatabase, is_postgres_url
from storage.privacy import PrivacyRepository
from storage.procedures import ProceduresRepository, QuestionsRepository
from storage.reports import ReportsRepository
from storage.subscriptions import (
    DigestSendsRepository,
    SchedulerStateRepository,
    SubscriptionsRepository,
)
from storage.surveys import SurveysRepository
from storage.unanswered import UnansweredRepository
from storage.users import InvitesRepository, UsersRepository
from storage.ward_answers import WardAnswersRepository


class Store:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.plans = PlansRepository(db)
        self.departments = DepartmentsRepository(db)
        self.department_moves = DepartmentMovesRepository(db)
        self.users = UsersRepository(db)
        self.invites = InvitesRepository(db)
        self.audit = AuditRepository(db)
        self.outbox = OutboxRepository(db)
        self.occurrences = OccurrencesRepository(db)
        self.reports = ReportsRepository(db)
        self.figures = FiguresRepository(db)
        self.groups = GroupsRepository(db)
        self.calendar_overrides = CalendarOverridesRepository(db)
        self.news = NewsRepository(db)
        self.subscriptions = SubscriptionsRepository(db)
        self.digests = DigestSendsRepository(db)
        self.scheduler_state = SchedulerStateRepository(db)
        self.movement = PlanMovementRepository(db)
        self.procedures = ProceduresRepository(db)
        self.questions = QuestionsRepository(db)
        self.complaints = ComplaintsRepository(db)
        self.surveys = SurveysRepository(db)
        self.unanswered = UnansweredRepository(db)
        self.ward_answers = WardAnswersRepository(db)
        self.privacy = PrivacyRepository(db)
        self.chat_state = ChatStateRepository(db)

    @classmethod
    async def open(cls, target: Path | str, unit: str | None = None) -> Store:
        """A SQLite file (`unit` is not needed: the file is the unit's), or a `postgresql://`
        URL and the unit whose rows this store reads and writes (docs/postgresql.md)."""
        db: Database
        if is_postgres_url(target):
            assert isinstance(target, str)
            db = PostgresDatabase(target, unit or "")
        else:
            db = SqliteDatabase(target)
        await db.open()
        return cls(db)

    async def close(self) -> None:
        await self.db.close()

    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        return self.db.transaction()
