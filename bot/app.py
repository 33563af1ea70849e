"""build_application(settings): the one place the bot is put together."""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes

from bot.clock import Clock, ShiftedClock, SystemClock
from bot.commands import CommandRegistry, set_default_menu, set_menu_for
from bot.context import BotContext, Services
from bot.handlers import common, roles, targets
from bot.plan_file import SHIPPED_PLAN, read_plan
from bot.reminders.outbox_sender import OutboxSender
from bot.settings import Settings
from bot.update_processor import PerChatUpdateProcessor
from storage.models import Role
from storage.store import Store

log = logging.getLogger(__name__)

BotApplication = Application[Any, BotContext, Any, Any, Services, Any]


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
) -> BotApplication:
    """Build the Application with every handler module registered. Resources open in post_init."""
    builder = (
        ApplicationBuilder()
        .token(token or settings.require_token())
        .base_url(settings.api_base_url)
        .base_file_url(settings.file_base_url)
        .context_types(ContextTypes(context=BotContext, bot_data=Services))
        .concurrent_updates(PerChatUpdateProcessor())
        .post_init(open_services)
        .post_shutdown(close_services)
    )
    if rate_limiter and settings.api_rate > 0:
        # Interactive replies only; broadcasts go through the outbox sender, which paces itself.
        builder = builder.rate_limiter(
            AIORateLimiter(overall_max_rate=settings.api_rate, max_retries=2)
        )
    app: BotApplication = builder.build()
    services = app.bot_data
    services.settings = settings
    services.clock = clock or default_clock(settings)
    services.commands = CommandRegistry()
    # Tests and the console drive the outbox and the scheduler by hand instead.
    services.background = background

    # Order matters: within a group the first matching handler wins, so conversations and
    # commands come before free-text handlers, and the fallbacks come last.
    common.register(app)
    targets.register(app)
    roles.register(app)
    common.register_fallbacks(app)
    return app


async def open_services(app: BotApplication) -> None:
    """Open the database, load the shipped plan on first start, set the command menus."""
    services = app.bot_data
    services.store = await Store.open(services.settings.db_path)
    await ensure_plan(services.store, services.clock)
    services.sender = OutboxSender(app.bot, services.store, services.clock)
    if services.background:
        services.sender.start()
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
    sender = getattr(app.bot_data, "sender", None)
    if sender is not None:
        await sender.stop()
    store = getattr(app.bot_data, "store", None)
    if store is not None:
        await store.close()


async def ensure_plan(store: Store, clock: Clock) -> None:
    """On first start the database gets the shipped plan."""
    if await store.plans.current() is None:
        result = await store.plans.load(read_plan(SHIPPED_PLAN), clock.now())
        log.info("loaded the shipped plan %s (%s)", result.slug, result.outcome)
