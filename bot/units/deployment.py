"""`cchc-bot run` with CCHC_UNITS_FILE: every unit's bot in this one process.

Each unit gets its own python-telegram-bot Application, built by `build_application` from the
unit's settings (bot/units/config.py): its own token, Store, scheduler jobs, outbox sender,
admins and ward name. Nothing is shared between them but the process and, in webhook mode, the
one listener (a path and a secret per unit: bot/server/webhook.py). Without CCHC_WEBHOOK_URL
each Application polls Telegram with its own token.

Telegram's 409 Conflict for one unit's token (another process polls with it) stops the whole
deployment with the unit named, as it stops the bot of one ward (bot/app.py's stop_on_conflict).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Sequence
from typing import Any

from telegram.error import InvalidToken, TelegramError

from bot.app import BotApplication, build_application
from bot.clock import Clock
from bot.logs import RedactingFilter
from bot.settings import Settings
from bot.units.config import unit_settings
from domain.datafiles.units import Unit

log = logging.getLogger(__name__)


class UnitTokenRefused(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Deployment:
    """The units' Applications, built and not yet started."""

    def __init__(
        self,
        settings: Settings,
        units: Sequence[Unit],
        *,
        webhook: bool = False,
        clock: Clock | None = None,
        background: bool = True,
    ) -> None:
        from bot.server.metrics import Metrics
        from bot.server.webhook import webhook_application

        self.settings = settings
        self.units = tuple(units)
        self.metrics = Metrics()
        self.stop = asyncio.Event()
        self.apps: dict[str, BotApplication] = {}
        for unit in self.units:
            own = unit_settings(settings, unit)
            if webhook:  # its Bot API calls counted for /metrics, with the other units'
                app = webhook_application(own, self.metrics)
            else:
                app = build_application(own, clock=clock, background=background)
            if clock is not None:
                app.bot_data.clock = clock
            app.bot_data.halt = self.stop.set  # a 409 for one unit stops them all, said once
            self.apps[unit.code] = app

    def secrets(self) -> list[str]:
        return [s for app in self.apps.values() for s in app.bot_data.settings.secrets()]

    @property
    def stopped_by(self) -> str | None:
        """Why a unit's bot stopped the deployment (Telegram's 409), with the unit's code."""
        for code, app in self.apps.items():
            if app.bot_data.stopped_by:
                return f"{code}: {app.bot_data.stopped_by}"
        return None

    @contextlib.asynccontextmanager
    async def polling(self) -> AsyncIterator[Deployment]:
        """Every unit's Application started and polling, as run_polling starts one."""
        from bot.server.webhook import close_application

        try:
            await self._initialize()
            for app in self.apps.values():
                await self._start_polling(app)
            log.info("polling Telegram for %s units: %s", len(self.apps), ", ".join(self.apps))
            yield self
        finally:
            for app in self.apps.values():
                await close_application(app)

    async def _initialize(self) -> None:
        """getMe for every unit's bot first: a refused token is named by its unit."""
        for code, app in self.apps.items():
            try:
                await app.initialize()
            except InvalidToken:
                raise UnitTokenRefused(code) from None

    @staticmethod
    async def _start_polling(app: BotApplication) -> None:
        await app.initialize()  # done already (_initialize): no second getMe
        if app.post_init:
            await app.post_init(app)

        def fetch_failed(error: TelegramError) -> None:  # as run_polling's: the error handlers
            app.create_task(app.process_error(error=error, update=None))

        assert app.updater is not None
        await app.updater.start_polling(
            allowed_updates=None, drop_pending_updates=False, error_callback=fetch_failed
        )
        await app.start()

    @contextlib.asynccontextmanager
    async def webhooks(self) -> AsyncIterator[Any]:
        """Every unit's Application started behind the one listener (a path each)."""
        from bot.server.webhook import WebhookMode, close_application

        try:
            await self._initialize()
        except BaseException:
            for app in self.apps.values():
                await close_application(app)
            raise
        async with WebhookMode(list(self.apps.values()), self.settings, self.metrics) as mode:
            yield mode


async def serve_units(settings: Settings, units: Sequence[Unit]) -> Deployment:
    """Run the deployment until SIGTERM or SIGINT (or a unit's 409); returns it, stopped."""
    from bot.logs import configure_logging

    webhook = settings.webhook_url is not None
    deployment = Deployment(settings, units, webhook=webhook)
    configure_logging(settings)
    every_unit = RedactingFilter(deployment.secrets())
    for handler in logging.getLogger().handlers:  # no unit's token or secret reaches a log
        handler.addFilter(every_unit)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(sig, deployment.stop.set)
    running = deployment.webhooks() if webhook else deployment.polling()
    async with running:
        await deployment.stop.wait()
        log.info("stopping: the updates already received are handled first")
    return deployment
