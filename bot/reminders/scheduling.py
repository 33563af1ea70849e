"""The scheduler: APScheduler 3 in the bot's event loop, in the ward's time zone.

The database is the source of truth for what is due; the jobs only say when to look:
- `reminders:scan` runs every hour (at the reminder time's minute): it reads every open deadline
  (task occurrences, complaints, the plan's periodic reports), works out which reminders have come
  (bot/reminders/deadlines.py) and queues them in the outbox; keys make a second scan harmless.
- `digest:weekly` runs at the digest moment (Monday 08:00 by default) and queues the digest of
  the week just ended (bot/reminders/digest.py).
Jobs have fixed ids, live in memory (nothing pickled) and are rebuilt at every start. At start
`catch_up()` runs the scan and sends the digest whose moment passed while the bot was down, once
(the week's outbox keys), and not at night (quiet hours push it to the morning). APScheduler
is never asked to run a job for a past time: its misfire_grace_time would drop it.

On PostgreSQL several workers may start a scheduler for the same unit: one is elected with an
advisory lock (bot/reminders/election.py) and only it has jobs; the others wait to take over.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.clock import Clock
from bot.file_store import file_store
from bot.reminders.election import POLL, Election
from bot.reminders.outbox_sender import OutboxSender
from bot.settings import Settings
from domain.i18n import Translator, translator
from domain.schedule_policy import SchedulePolicy
from services.backups import BACKUP_JOB, nightly_backup
from services.plan_end import queue_end_notice
from services.privacy import RETENTION_JOB, daily_retention
from services.reminders import queue_reminders, send_due_digest
from storage.filestore import FileStore
from storage.pg_locks import SCHEDULER_SPACE, AdvisoryLock
from storage.store import Store

log = logging.getLogger(__name__)

REMINDER_JOB = "reminders:scan"
DIGEST_JOB = "digest:weekly"
# APScheduler's weekday names; its CronTrigger counts 0 = Monday (PTB's run_daily: 0 = Sunday).
CRON_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Scheduler:
    """The jobs of one running bot; start() in open_services, stop() in close_services."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        clock: Clock,
        sender: OutboxSender | None,
        files: FileStore | None = None,
        *,
        election_poll: float = POLL,
    ) -> None:
        self.store, self.settings, self.clock, self.sender = store, settings, clock, sender
        self.files = files or file_store(settings)
        self._scheduler: AsyncIOScheduler | None = None
        self._lock = asyncio.Lock()  # a scan and the digest never run at the same time
        self._catch_up: asyncio.Task[None] | None = None
        self.election: Election | None = None
        db = store.db
        url, unit = getattr(db, "url", None), getattr(db, "unit", None)
        if db.dialect == "postgres" and isinstance(url, str) and isinstance(unit, str):
            lock = AdvisoryLock(url, SCHEDULER_SPACE, unit)
            self.election = Election(lock, self._start_jobs, self._stop_jobs, election_poll)

    def start(self) -> None:
        """SQLite: the jobs start now. PostgreSQL: when this process is elected (maybe never)."""
        if self.election is not None:
            self.election.start()
        else:
            self._start_jobs()

    @property
    def leading(self) -> bool:
        return self.election is None or self.election.leading

    def _start_jobs(self) -> None:
        policy = self.settings.schedule
        scheduler = AsyncIOScheduler(
            timezone=self.settings.timezone,
            # A job late by less than an hour (a busy loop, a suspended laptop) still runs, once.
            job_defaults={"coalesce": True, "misfire_grace_time": 3600, "max_instances": 1},
        )
        scheduler.add_job(
            self.catch_up,
            CronTrigger(minute=policy.reminder_time.minute, timezone=self.settings.timezone),
            id=REMINDER_JOB,
            replace_existing=True,
        )
        scheduler.add_job(
            self.digest,
            CronTrigger(
                day_of_week=CRON_DAYS[policy.digest_weekday],
                hour=policy.digest_time.hour,
                minute=policy.digest_time.minute,
                timezone=self.settings.timezone,
            ),
            id=DIGEST_JOB,
            replace_existing=True,
        )
        # On PostgreSQL the server's own backups (pg_dump, docs/postgresql.md), not a file copy.
        if self.settings.backup_keep and not self.settings.on_postgres:
            scheduler.add_job(
                self.backup,
                CronTrigger(hour=2, minute=30, timezone=self.settings.timezone),
                id=BACKUP_JOB,
                replace_existing=True,
            )
        scheduler.add_job(
            self.retention,
            CronTrigger(hour=3, minute=15, timezone=self.settings.timezone),
            id=RETENTION_JOB,
            replace_existing=True,
        )
        scheduler.start()
        self._scheduler = scheduler
        self._catch_up = asyncio.create_task(self.catch_up(), name="scheduler-catch-up")

    async def stop(self) -> None:
        if self.election is not None:
            await self.election.stop()  # stops the jobs too if they run
        await self._stop_jobs()

    async def _stop_jobs(self) -> None:
        if self._catch_up is not None:
            self._catch_up.cancel()
            try:
                await self._catch_up
            except (asyncio.CancelledError, Exception):
                log.debug("catch-up ended", exc_info=True)
            self._catch_up = None
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    def jobs(self) -> list[tuple[str, datetime | None]]:
        if self._scheduler is None:
            return []
        return [(job.id, job.next_run_time) for job in self._scheduler.get_jobs()]

    async def backup(self) -> None:
        try:
            await nightly_backup(self.settings.db_path, self.settings.backup_keep, self.clock.now())
        except Exception:
            log.exception("the nightly backup failed; it is tried again tomorrow night")

    async def retention(self) -> None:
        """Daily: personal data past its retention period goes (services.privacy)."""
        settings = self.settings
        try:
            await daily_retention(
                self.store,
                settings.db_path,
                self.files,
                settings.retention_months,
                self.clock.now(),
            )
        except Exception:
            log.exception("the retention job failed; it runs again tomorrow night")

    async def catch_up(self) -> None:
        """What has come and is not queued yet: the reminders, a digest whose moment passed.

        Runs at start (what fell due while the bot was down) and every hour (a digest that
        failed at its moment is retried; both are idempotent)."""
        await self.scan()
        await self.digest()
        await self.plan_end()

    async def plan_end(self) -> None:
        """The administrators are told once (remembered in the database) that the plan ended."""
        async with self._lock:
            try:
                policy, t, admin_ids = self._policy()
                queued = await queue_end_notice(self.store, self.clock.now(), policy, admin_ids, t)
            except Exception:
                log.exception("the end-of-plan notice failed; it is tried again within the hour")
                return
        if queued:
            self._wake()

    async def scan(self) -> None:
        async with self._lock:
            try:
                added = await queue_reminders(self.store, self.clock.now(), *self._policy())
            except Exception:
                log.exception("the reminder scan failed; the next one runs within the hour")
                return
        if added:
            log.info("%s reminders queued", added)
            self._wake()

    async def digest(self) -> None:
        async with self._lock:
            try:
                result = await send_due_digest(
                    self.store, self.clock.now(), *self._policy(), self.settings.ward_name
                )
            except Exception:
                log.exception("the weekly digest failed; it is tried again within the hour")
                return
        if result and result.queued:
            self._wake()

    def _policy(self) -> tuple[SchedulePolicy, Translator, frozenset[int]]:
        """What the use cases need of the settings: the schedule, the language, the admins."""
        settings = self.settings
        return settings.schedule, translator(None, settings.timezone), settings.admin_ids

    def _wake(self) -> None:
        if self.sender is not None:
            self.sender.wake()
