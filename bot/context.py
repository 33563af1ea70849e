"""The typed context every callback gets: services, the clock, the user's role and translator."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from domain.access import Actor
from domain.i18n import Translator, translator
from domain.model import Plan, Role
from domain.text import clean_line

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.commands import CommandRegistry
    from bot.instance import FileLock
    from bot.reminders.outbox_sender import OutboxSender
    from bot.reminders.scheduling import Scheduler
    from bot.search import ProcedureSearch
    from bot.settings import Settings
    from storage.filestore import FileStore
    from storage.store import Store

DraftT = TypeVar("DraftT")


class Services:
    """What the handlers need, set once by build_application (PTB builds it with no arguments)."""

    settings: Settings
    store: Store
    # The kept files (evidence, complaint photos): a folder, or an S3-compatible bucket.
    files: FileStore
    clock: Clock
    commands: CommandRegistry
    sender: OutboxSender
    scheduler: Scheduler | None  # the reminder and digest jobs, when running in the background
    background: bool
    # `/start <prefix><rest>` deep links, e.g. "tt_" opens a procedure's card.
    deep_links: dict[str, Callable[[Update, BotContext, str], Awaitable[None]]]
    # Lines shown under a target on /chitieu (latest figure, survey result...), by area module.
    target_results: list[Callable[[BotContext, Plan, int], Awaitable[dict[str, list[str]]]]]
    # The procedure search: its index stays in memory until the catalogue changes.
    search: ProcedureSearch
    # `cchc-bot run`'s hold on <database>.bot.lock (one bot per database; bot/instance.py).
    instance: FileLock | None
    # The shared hold on <database>.open.lock of `run` and the terminal chat: `restore` refuses
    # while any is held (audit H3).
    in_use: FileLock | None
    # Why the bot stopped itself, if it did (Telegram's 409 Conflict), for the CLI to print.
    stopped_by: str | None
    # How it stops itself: PTB's stop_running, or (several units' bots in one process,
    # bot/units/deployment.py) the deployment's stop.
    halt: Callable[[], None] | None

    def __init__(self) -> None:
        self.deep_links = {}
        self.target_results = []
        self.instance = None
        self.in_use = None
        self.stopped_by = None
        self.halt = None


class UserData:
    """One person's state between updates: at most one draft of each kind, looked up by type.

    PTB keeps it per user (ContextTypes(user_data=UserData)); every flow keeps its draft here
    the same way: `context.drafts.keep(ReportDraft(...))`, `context.drafts.draft(ReportDraft)`,
    `context.drafts.drop(ReportDraft)`.
    """

    def __init__(self) -> None:
        self._drafts: dict[type, object] = {}

    def draft(self, kind: type[DraftT]) -> DraftT | None:
        found = self._drafts.get(kind)
        return found if isinstance(found, kind) else None

    def keep(self, draft: DraftT) -> DraftT:
        self._drafts[type(draft)] = draft
        return draft

    def drop(self, kind: type[DraftT]) -> DraftT | None:
        found = self._drafts.pop(kind, None)
        return found if isinstance(found, kind) else None

    def items(self) -> list[tuple[type, object]]:
        """Every draft kept, by type (bot/chat_state.py saves them)."""
        return list(self._drafts.items())


@dataclass
class _PerUpdate:
    actor: Actor | None = None
    translator: Translator | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class BotContext(CallbackContext[ExtBot[None], UserData, dict[Any, Any], Services]):
    """CallbackContext with typed access instead of untyped bot_data look-ups."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self._per_update = _PerUpdate()
        self._update: Update | None = None

    @classmethod
    def from_update(
        cls, update: object, application: Application[Any, Any, Any, Any, Any, Any]
    ) -> BotContext:
        context = super().from_update(update, application)
        if isinstance(update, Update):
            context._update = update
        return context

    @property
    def drafts(self) -> UserData:
        """The sender's drafts (an update without a sender gets an empty, unkept one)."""
        return self.user_data if self.user_data is not None else UserData()

    @property
    def services(self) -> Services:
        return self.bot_data

    @property
    def store(self) -> Store:
        return self.bot_data.store

    @property
    def settings(self) -> Settings:
        return self.bot_data.settings

    @property
    def files(self) -> FileStore:
        return self.bot_data.files

    def now(self) -> datetime:
        return self.bot_data.clock.now()

    @property
    def t(self) -> Translator:
        """The translator for the user of this update."""
        if self._per_update.translator is None:
            user = self._update.effective_user if self._update else None
            self._per_update.translator = translator(
                user.language_code if user else None, self.bot_data.settings.timezone
            )
        return self._per_update.translator

    async def actor(self) -> Actor | None:
        """The sender with their role: admins from settings, officials from the database."""
        if self._per_update.actor is None:
            user = self._update.effective_user if self._update else None
            if user is None:
                return None
            self._per_update.actor = await resolve_actor(
                self.store, self.settings, user.id, user.full_name
            )
        return self._per_update.actor

    async def current_plan(self, yardstick: bool = False) -> Plan | None:
        """The plan in force today (services.plans: the yearly plan whose tasks are worked on,
        or with `yardstick` the five-year plan whose targets measure the ward), or None after
        telling the user no plan has been loaded yet (the guard of every command that shows
        the plan)."""
        from services import plans as plan_service

        today = self.now().date()
        if yardstick:
            plan = await plan_service.yardstick_plan(self.store, today)
        else:
            plan = await plan_service.working_plan(self.store, today)
        if plan is None and self._update and (message := self._update.effective_message):
            await message.reply_text(self.t._("No plan has been loaded yet."))
        return plan

    async def ward_name(self) -> str:
        """The ward as it is now: CCHC_WARD_NAME, else the working plan's ward ("" if none)."""
        from services import plans as plan_service

        return await plan_service.ward_name(self.store, self.now().date(), self.settings.ward_name)


async def resolve_actor(store: Store, settings: Settings, user_id: int, name: str) -> Actor:
    record = await store.users.get(user_id)
    dept = record.dept_code if record else None
    name = clean_line(name, 128)  # shown to others: no bidi overrides or zero-width marks (L10)
    if user_id in settings.admin_ids:
        return Actor(user_id, name, Role.ADMIN, dept)
    return Actor(user_id, name, record.role if record else Role.CITIZEN, dept)
