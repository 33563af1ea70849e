"""build_application(settings): the one place the bot is put together."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

from telegram.error import Conflict, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    ContextTypes,
    ExtBot,
)
from telegram.request import BaseRequest, HTTPXRequest
from telegram.warnings import PTBUserWarning

from bot.chat_state import ChatStates, DraftCodecs
from bot.clock import Clock, ShiftedClock, SystemClock
from bot.commands import CommandRegistry, set_default_menu, set_menu_for
from bot.context import BotContext, Services, UserData
from bot.file_store import file_store
from bot.handlers import (
    calendar_admin,
    common,
    complaints,
    figures,
    my_data,
    news,
    outbox_admin,
    overview,
    plan_end,
    plan_upload,
    procedures,
    reminder_actions,
    roles,
    staff,
    survey,
    targets,
    tasks,
)
from bot.handlers.draft_types import DRAFT_TYPES
from bot.instance import claim_instance, conflict_message, hold_in_use
from bot.reminders.outbox_sender import make_sender
from bot.reminders.scheduling import Scheduler
from bot.search import ProcedureSearch, load_catalogue
from bot.settings import Settings
from bot.update_processor import PerChatUpdateProcessor
from domain.catalogue_change import catalogue_change
from domain.datafiles.plan import SHIPPED_PLAN, read_plan
from domain.datafiles.procedures import SHIPPED_CATALOGUE, read_catalogue
from domain.model import Role
from services import plans as plan_service
from storage.files import secure_tree
from storage.store import Store

log = logging.getLogger(__name__)

# Our conversations use per_message=False on purpose (one flow per chat, buttons included);
# PTB warns about it at build time, which would put noise on every command's output.
warnings.filterwarnings("ignore", message=".*per_message=False", category=PTBUserWarning)

BotApplication = Application[Any, BotContext, Any, Any, Services, Any]


class ReplyBot(ExtBot[None]):
    """The Application's bot: answering a button press never fails the work it acknowledges.

    A handler answers the callback query (stops the button's spinner) after saving what was
    pressed for, then replies with the result. When that answer fails (Telegram forgets a query
    after about 15 s: "query is too old"; a time-out; a second answer), the failure used to end
    the handler before the reply: the person read "not completed, please try again" instead of
    the tracking code, and filed the complaint twice (audit M3). The answer is only the spinner,
    so its failure is logged and the handler goes on to the reply.
    """

    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return await super().answer_callback_query(*args, **kwargs)
        except TelegramError as error:
            log.warning("a button press could not be answered (%s); replying anyway", error)
            return False


def default_clock(settings: Settings) -> Clock:
    if settings.start_time is not None:
        return ShiftedClock(settings.start_time, settings.timezone)
    return SystemClock(settings.timezone)


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    token: str | None = None,
    rate_limiter: bool = True,
    background: bool = True,
    request: BaseRequest | None = None,
) -> BotApplication:
    """Build the Application with every handler module registered. Resources open in post_init.

    `request` replaces the HTTP stack (tests answer the Bot API in memory with it).
    """
    limiter = None
    if rate_limiter and settings.api_rate > 0:
        # Interactive replies only; broadcasts go through the outbox sender, which paces itself.
        limiter = AIORateLimiter(overall_max_rate=settings.api_rate, max_retries=2)
    bot = ReplyBot(
        token or settings.require_token(),
        base_url=settings.api_base_url,
        base_file_url=settings.file_base_url,
        # Small on purpose: PTB and httpx slow down as concurrency and the pool grow (measured
        # in bench/: 16 beats 64 by three times at 100 busy chats).
        request=request or HTTPXRequest(connection_pool_size=16, pool_timeout=5.0),
        get_updates_request=request or HTTPXRequest(connection_pool_size=1),
        # PTB would retype the bot as ExtBot[int] (the limiter's per-call argument type); no
        # call passes rate-limit arguments, so the handlers keep seeing ExtBot[None].
        rate_limiter=limiter,  # type: ignore[arg-type]
    )
    processor = PerChatUpdateProcessor(16)  # 16: see the pool above
    builder = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=BotContext, bot_data=Services, user_data=UserData))
        .concurrent_updates(processor)
        .post_init(open_services)
        .post_shutdown(close_services)
    )
    app: BotApplication = builder.build()
    # Flows' states and drafts live in the database: any worker serves a chat's next update.
    processor.keep_state(ChatStates(app, DraftCodecs(DRAFT_TYPES)))
    services = app.bot_data
    services.settings = settings
    services.files = file_store(settings)
    services.clock = clock or default_clock(settings)
    services.commands = CommandRegistry()
    services.search = ProcedureSearch()
    # Tests and the console drive the outbox and the scheduler by hand instead.
    services.background = background

    # Before the handlers' own error handler (common.py): 409 on getUpdates stops the bot.
    app.add_error_handler(stop_on_conflict)

    # Order matters: within a group the first matching handler wins, so conversations and
    # commands come before free-text handlers, and the fallbacks come last. Flows registered
    # with add_flow each get a group of their own ahead of group 0 (bot/conversation.py).
    common.register(app)
    targets.register(app)
    roles.register(app)
    staff.register(app)  # /canbo: members by department, moves, roles, removals (admins)
    # A flow registered later is checked earlier: /baocao's flow keeps the first word over
    # /solieu's when a person has both open, as when both shared group 0.
    figures.register(app)  # /solieu's flow (its own group), the 📈 charts of /chitieu
    tasks.register(app)  # /baocao's flow (its own group), then /nhiemvu, /giao, /lichsu
    overview.register(app)
    plan_end.register(app)  # an ended plan's buttons: close the leftovers, next year's draft
    news.register(app)  # /dangtin's flow (its own group, ahead of the free-text handlers)
    calendar_admin.register(app)
    outbox_admin.register(app)  # first of all: a blocked chat that writes again is unblocked
    reminder_actions.register(app)
    procedures.register(app)  # /thutuc, its cards and buttons, the staff's answers (a flow)
    complaints.register(app)  # /phananh's and /xuly's flows, /theodoi
    survey.register(app)  # /danhgia's flow; the SIPAS line of /chitieu
    my_data.register(app)  # /dulieucuatoi: what the ward holds about you, and deleting it
    plan_upload.register(app)  # an admin's plan document sent in the chat (group 0)
    # Last before the fallbacks: text that no conversation or command took is a question.
    procedures.register_questions(app)
    common.register_fallbacks(app)
    return app


class _WithoutConflicts(logging.Filter):
    """PTB's last getUpdates at shutdown gets the same 409 and logs it with a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], Conflict))


async def stop_on_conflict(update: object, context: BotContext) -> None:
    """Telegram's 409 Conflict while polling (another process polls with this token, or a
    webhook is set elsewhere): PTB would retry forever, and each instance would get some of the
    updates. Say why in one line, once, and stop the bot."""
    if not isinstance(error := context.error, Conflict):
        return
    services = context.bot_data
    if services.stopped_by is None:
        services.stopped_by = message = conflict_message(error)
        log.critical("%s", message)
        logging.getLogger("telegram.ext.Updater").addFilter(_WithoutConflicts())
        (services.halt or context.application.stop_running)()
    raise ApplicationHandlerStop


async def open_services(app: BotApplication) -> None:
    """Open the database, load the shipped plan on first start, set the command menus."""
    services = app.bot_data
    on_file = str(services.settings.db_path) != ":memory:" and not services.settings.on_postgres
    if services.background and on_file:
        # `cchc-bot run`: one bot per database file. A second one stops here with one line. On
        # PostgreSQL any number of workers serve the same units (leases, advisory locks).
        services.instance = claim_instance(services.settings.db_path)
    if str(services.settings.db_path) != ":memory:":
        services.in_use = hold_in_use(services.settings.db_path)  # refused during a restore
    services.store = await Store.open(services.settings.database, services.settings.unit)
    if isinstance(app.update_processor, PerChatUpdateProcessor):
        # The one process of this database: a SQLite file its `run` lock holds. On PostgreSQL
        # other workers may serve the same units from other hosts: always the shared lease.
        alone = services.instance is not None and not services.settings.on_postgres
        if alone:  # after a kill -9, its leases are no one's
            await services.store.chat_state.forget_leases()
        clock = services.clock
        app.update_processor.use(
            services.store.chat_state, shared=not alone, clock=lambda: clock.now().timestamp()
        )
    # The data on disk is the service user's only (M6): put right what an older version left.
    secure_tree(services.settings.db_path, services.settings.files_dir)
    await ensure_plan(services.store, services.clock, services.settings.plan_file)
    await ensure_catalogue(services.store, services.clock, services.settings.catalogue_file)
    await services.search.prepare(services.store)
    policy = services.settings.schedule
    services.sender = await make_sender(
        app.bot,
        services.store,
        services.clock,
        rate=policy.outbox_rate,
        per_chat_interval=policy.outbox_chat_interval,
        db_path=services.settings.db_path,
        api_base_url=services.settings.api_base_url,
        file_base_url=services.settings.file_base_url,
    )
    services.scheduler = None
    if services.background:
        services.sender.start()
        # Rebuilds the jobs and sends what fell due while the bot was down (bot/reminders).
        services.scheduler = Scheduler(
            services.store, services.settings, services.clock, services.sender, services.files
        )
        services.scheduler.start()
    await set_default_menu(app.bot, services.commands, services.settings.timezone)
    for user in await services.store.users.staff():
        await set_menu_for(
            app.bot, services.commands, user.tg_id, user.role, services.settings.timezone
        )
    for admin_id in services.settings.admin_ids:
        await set_menu_for(
            app.bot, services.commands, admin_id, Role.ADMIN, services.settings.timezone
        )


async def close_services(app: BotApplication) -> None:
    scheduler = getattr(app.bot_data, "scheduler", None)
    if scheduler is not None:
        await scheduler.stop()
    sender = getattr(app.bot_data, "sender", None)
    if sender is not None:
        await sender.stop()
    store = getattr(app.bot_data, "store", None)
    if store is not None:
        if isinstance(app.update_processor, PerChatUpdateProcessor):
            app.update_processor.use(None)
        await store.close()
    if (lock := app.bot_data.instance) is not None:
        lock.release()
        app.bot_data.instance = None
    if (lock := app.bot_data.in_use) is not None:
        lock.release()
        app.bot_data.in_use = None


async def ensure_plan(store: Store, clock: Clock, plan_file: Path | None = None) -> None:
    """On first start the database gets the shipped plan (a unit's bot: the unit's plan)."""
    if not await store.plans.all():
        result = await store.plans.load(read_plan(plan_file or SHIPPED_PLAN), clock.now())
        log.info("loaded the shipped plan %s (%s)", result.slug, result.outcome)
    # Tasks due before the bot began tracking a plan are "not tracked", not overdue.
    await plan_service.start_tracking_current(store, clock.now().date())


async def ensure_catalogue(store: Store, clock: Clock, override: Path | None = None) -> None:
    """On first start the database gets the shipped procedure catalogue; a unit's bot gets it
    with the unit's own file over it (its procedures replace those of the same code, the rest
    are added; the shared ones it leaves out are kept)."""
    if await store.procedures.info() is None:
        catalogue = read_catalogue(SHIPPED_CATALOGUE)
        if override is not None:
            shared = catalogue
            catalogue = catalogue_change(
                list(shared.procedures), shared.checked, read_catalogue(override), False
            ).catalogue
        result = await load_catalogue(store, catalogue, clock.now())
        log.info("loaded the shipped procedure catalogue (%s procedures)", result.count)
