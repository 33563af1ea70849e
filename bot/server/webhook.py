"""Webhook mode: Telegram posts each update to CCHC_WEBHOOK_URL; this listener takes them.

One aiohttp listener on CCHC_WEBHOOK_LISTEN (a reverse proxy in front terminates HTTPS):
- POST <the URL's path>: an update, only with the right X-Telegram-Bot-Api-Secret-Token
  (403 otherwise, and nothing is read or processed); it goes to PTB's update_queue.
- GET /healthz: 200 with a small JSON (database, outbox, last update), 503 without a database.
- GET /metrics: Prometheus text (bot/server/metrics.py).

PTB's own run_webhook serves one path only (and needs tornado), so the Application is run here
the way run_polling runs it: initialize, post_init, start; then stop, post_stop, shutdown,
post_shutdown. The webhook is left set at the end: Telegram keeps the updates of a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hmac
import json
import logging
import signal
import socket
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from aiohttp import web
from telegram import Update
from telegram.error import BadRequest
from telegram.request import HTTPXRequest

from bot.app import BotApplication, build_application
from bot.logs import describe_update, text_shape
from bot.server import HEALTH_PATH, METRICS_PATH
from bot.server.metrics import CountingRequest, Metrics
from bot.settings import Settings
from storage.health import OutboxFigures, outbox_figures, probe_file

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_TIMEOUT = 3.0  # seconds a health check may take before the database counts as down
MAX_UPDATE_BYTES = 1 << 20  # Telegram's updates are a few kB; a photo is a file id
REFUSED_LOG_INTERVAL = 60.0  # one WARNING a minute at most about refused requests


def webhook_application(settings: Settings, metrics: Metrics) -> BotApplication:
    """The bot as `cchc-bot run` builds it, its Bot API calls counted."""
    # The pool settings build_application gives PTB's own request (it takes none beside ours).
    http = HTTPXRequest(connection_pool_size=16, pool_timeout=5.0)
    app = build_application(settings, request=CountingRequest(http, metrics))
    metrics.instrument(app)
    return app


@dataclass(frozen=True)
class Route:
    """One bot's updates: its path (the path of its webhook URL) and its secret token."""

    app: BotApplication
    path: str
    secret: bytes

    @classmethod
    def of(cls, app: BotApplication) -> Route:
        settings = app.bot_data.settings
        assert settings.webhook_secret is not None, "webhook mode needs CCHC_WEBHOOK_SECRET"
        return cls(app, settings.webhook_path, settings.webhook_secret.get_secret_value().encode())

    @property
    def unit(self) -> str:
        return self.app.bot_data.settings.unit


class WebhookListener:
    """The HTTP side: the update route of each bot (one, or one per unit: bot/units), /healthz
    and /metrics."""

    def __init__(
        self, apps: Sequence[BotApplication], settings: Settings, metrics: Metrics
    ) -> None:
        self.routes = [Route.of(app) for app in apps]
        paths = [route.path for route in self.routes]
        assert len(set(paths)) == len(paths), f"two bots on one webhook path: {paths}"
        self.app, self.settings, self.metrics = apps[0], settings, metrics
        self._runner: web.AppRunner | None = None
        self._refused_logged_at = 0.0
        self._refused_since_log = 0
        self.host, self.port = settings.webhook_listen

    async def start(self) -> None:
        server = web.Application(client_max_size=MAX_UPDATE_BYTES)
        for route in self.routes:
            server.router.add_post(route.path, functools.partial(self._update, route))
        server.router.add_get(HEALTH_PATH, self._healthz)
        server.router.add_get(METRICS_PATH, self._metrics)
        self._runner = web.AppRunner(server, access_log=None, shutdown_timeout=5.0)
        await self._runner.setup()
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        try:
            sock = socket.create_server((self.host, self.port), family=family)
        except OSError as error:
            await self.stop()
            raise ListenError(self.host, self.port, error) from None
        self.port = sock.getsockname()[1]  # port 0 (tests) picks a free one
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # updates ---------------------------------------------------------------------------------
    async def _update(self, route: Route, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, route.secret):  # another unit's secret too
            self.metrics.webhook_refused += 1
            self._log_refused(request.remote)
            return web.Response(status=403, text="forbidden")
        app = route.app
        if not app.running:  # stopping: Telegram tries again later
            return web.Response(status=503, text="stopping")
        try:
            data = await request.json(loads=json.loads)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
            update = Update.de_json(data, app.bot)
        except (ValueError, TypeError, KeyError):
            self.metrics.webhook_malformed += 1
            log.warning("webhook: a request with the right secret was not an update (400)")
            return web.Response(status=400, text="not an update")
        message = update.effective_message
        text = message.text if message else None
        log.debug("webhook: %s, %s", describe_update(update), text_shape(text))
        await app.update_queue.put(update)
        return web.Response(text="ok")

    def _log_refused(self, remote: str | None) -> None:
        self._refused_since_log += 1
        now = time.monotonic()
        if now - self._refused_logged_at >= REFUSED_LOG_INTERVAL:
            log.warning(
                "webhook: refused %s request(s) without the right %s header (last from %s)",
                self._refused_since_log,
                SECRET_HEADER,
                remote,
            )
            self._refused_logged_at, self._refused_since_log = now, 0

    # health and metrics ---------------------------------------------------------------------
    async def _read_health(self, app: BotApplication) -> OutboxFigures | None:
        """The outbox's figures, or None when the database does not answer."""
        services = app.bot_data
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT):
                if not services.settings.on_postgres:  # PostgreSQL: the read below tells
                    await asyncio.to_thread(probe_file, services.settings.db_path, HEALTH_TIMEOUT)
                return await outbox_figures(services.store.db)
        except Exception as error:  # closed, gone, unreadable, locked, corrupt: all "down"
            log.warning("health: the database does not answer: %s", type(error).__name__)
            return None

    async def _healthz(self, request: web.Request) -> web.Response:
        if len(self.routes) == 1:
            body = await self._health_of(self.app)
            return web.json_response(body, status=200 if body["status"] == "ok" else 503)
        # Several units: each one's health, and "ok" only when every unit's database answers.
        units = {route.unit: await self._health_of(route.app) for route in self.routes}
        up = all(body["status"] == "ok" for body in units.values())
        body = {"status": "ok" if up else "unavailable", "units": units}
        return web.json_response(body, status=200 if up else 503)

    async def _health_of(self, app: BotApplication) -> dict[str, Any]:
        services = app.bot_data
        now = services.clock.now()
        outbox = await self._read_health(app)
        last = self.metrics.last_update_at
        body: dict[str, Any] = {
            "status": "ok" if outbox is not None else "unavailable",
            "database": "ok" if outbox is not None else "unreachable",
            "outbox": None,
            "last_update": last.isoformat() if last else None,
            "last_update_age_seconds": round((now - last).total_seconds(), 1) if last else None,
        }
        if outbox is not None:
            oldest = outbox.oldest_pending
            body["outbox"] = {
                "pending": outbox.pending,
                "oldest_pending_age_seconds": (
                    round(max((now - oldest).total_seconds(), 0), 1) if oldest else None
                ),
                "parked": outbox.by_status.get("parked", 0),
            }
        return body

    async def _metrics(self, request: web.Request) -> web.Response:
        # The counters are the process's (every unit's bot together), and so is the outbox.
        figures = [await self._read_health(route.app) for route in self.routes]
        outbox = None if None in figures else combined([f for f in figures if f is not None])
        text = self.metrics.render(self.app.bot_data.clock.now(), outbox is not None, outbox)
        return web.Response(text=text, content_type="text/plain", charset="utf-8")


def combined(figures: list[OutboxFigures]) -> OutboxFigures:
    """The outboxes of several units' databases as one."""
    if len(figures) == 1:
        return figures[0]
    by_status: Counter[str] = Counter()
    for f in figures:
        by_status.update(f.by_status)
    oldest = [f.oldest_pending for f in figures if f.oldest_pending is not None]
    return OutboxFigures(
        dict(by_status), min(oldest, default=None), sum(f.retries for f in figures)
    )


class WebhookRefused(Exception):
    """Telegram refused setWebhook's URL (its own words: bad webhook, failed to resolve...)."""


class ListenError(Exception):
    def __init__(self, host: str, port: int, error: OSError) -> None:
        super().__init__(f"cannot listen on {host}:{port}: {error.strerror or error}")


class WebhookMode:
    """The Application running on webhooks: `async with WebhookMode(app, settings, metrics)`;
    several units' Applications behind one listener: `WebhookMode([app, ...], ...)`, each on
    the URL and secret of its own settings (bot/units/config.py)."""

    def __init__(
        self,
        app: BotApplication | Sequence[BotApplication],
        settings: Settings,
        metrics: Metrics,
    ) -> None:
        self.apps = list(app) if isinstance(app, Sequence) else [app]
        self.app, self.settings = self.apps[0], settings
        self.listener = WebhookListener(self.apps, settings, metrics)

    async def __aenter__(self) -> Self:
        try:
            for app in self.apps:
                await app.initialize()  # getMe: a refused token raises InvalidToken here
                if app.post_init:
                    await app.post_init(app)
                await app.start()
            await self.listener.start()
            for app in self.apps:
                await self._set_webhook(app)
        except BaseException:
            await self._close()
            raise
        for app in self.apps:
            log.info(
                "webhook mode: Telegram posts to %s; listening on %s:%s",
                app.bot_data.settings.webhook_url,
                self.listener.host,
                self.listener.port,
            )
        return self

    async def _set_webhook(self, app: BotApplication) -> None:
        settings = app.bot_data.settings
        assert settings.webhook_url is not None and settings.webhook_secret is not None
        try:
            await app.bot.set_webhook(
                settings.webhook_url,
                secret_token=settings.webhook_secret.get_secret_value(),
                allowed_updates=None,  # as run_polling: Telegram's default kinds
                drop_pending_updates=False,
            )
        except BadRequest as error:  # "bad webhook: ...": the URL (the rest: exit, retry)
            raise WebhookRefused(str(error)) from None

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self._close()

    async def _close(self) -> None:
        await self.listener.stop()  # no new updates; the queued ones are handled by stop()
        for app in self.apps:
            await close_application(app)


async def close_application(app: BotApplication) -> None:
    """As run_polling ends: stop (the updates already taken are handled), post_stop, shutdown,
    post_shutdown; safe on an Application that did not get as far as starting."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
        if app.post_stop:
            await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown:
        await app.post_shutdown(app)


async def serve_webhook(settings: Settings) -> None:
    """`cchc-bot run` with CCHC_WEBHOOK_URL set: until SIGTERM or SIGINT."""
    metrics = Metrics()
    app = webhook_application(settings, metrics)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(sig, stop.set)
    async with WebhookMode(app, settings, metrics):
        await stop.wait()
        log.info("stopping: the updates already received are handled first")
