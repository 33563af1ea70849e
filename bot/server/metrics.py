"""The counters /metrics shows, kept in this process since it started, and their text format.

Counted here: updates handed to the handlers, replies (messages the bot sent or edited while
handling an update), errors (every call of the error handlers), refused webhook requests.
The outbox's figures come from the database when /metrics is read (storage/health.py): they
count what the command line's `digest send` sent too, and survive a restart.
"""

from __future__ import annotations

import time
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram import Update
from telegram.ext import Application, TypeHandler
from telegram.request import BaseRequest, RequestData

from bot.flows import BEFORE_FLOWS
from storage.health import OutboxFigures

# Ahead of every other handler group (bot/flows.py), and it never stops an update.
FIRST_GROUP = BEFORE_FLOWS - 1000
# True inside the task that handles an update: a Bot API call made there is a reply (the outbox
# sender and the scheduler run in tasks of their own).
_handling: ContextVar[bool] = ContextVar("cchc_handling_update", default=False)


def _is_reply(method: str) -> bool:
    method = method.lower()
    return (
        method.startswith(("send", "edit", "copymessage", "forwardmessage"))
        and method != "sendchataction"
    )


@dataclass
class Metrics:
    updates: int = 0
    replies: int = 0
    errors: int = 0
    webhook_refused: int = 0  # no or a wrong secret token: 403
    webhook_malformed: int = 0  # not an update: 400
    api_calls: Counter[str] = field(default_factory=Counter)  # successful calls per method
    last_update_at: datetime | None = None
    started_at: float = field(default_factory=time.time)

    def instrument(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Count every update and every error of this Application."""
        app.add_handler(TypeHandler(Update, self._update), group=FIRST_GROUP)
        # First of the error handlers: the bot's own ends with ApplicationHandlerStop, which
        # skips the ones after it.
        others = dict(app.error_handlers)
        app.error_handlers.clear()
        app.add_error_handler(self._error)
        app.error_handlers.update(others)

    async def _update(self, update: object, context: Any) -> None:
        _handling.set(True)
        self.updates += 1
        self.last_update_at = context.bot_data.clock.now()

    async def _error(self, update: object, context: Any) -> None:
        self.errors += 1

    def api_call(self, method: str) -> None:
        self.api_calls[method] += 1
        if _handling.get() and _is_reply(method):
            self.replies += 1

    def render(self, now: datetime, database_up: bool, outbox: OutboxFigures | None) -> str:
        """The Prometheus text exposition format (version 0.0.4)."""
        out: list[str] = []

        def metric(name: str, kind: str, help_text: str, *samples: tuple[str, float]) -> None:
            out.append(f"# HELP {name} {help_text}")
            out.append(f"# TYPE {name} {kind}")
            out.extend(f"{name}{labels} {_number(value)}" for labels, value in samples)

        metric(
            "cchc_updates_handled_total",
            "counter",
            "Updates from Telegram handed to the handlers.",
            ("", self.updates),
        )
        metric(
            "cchc_replies_total",
            "counter",
            "Messages sent or edited while handling an update.",
            ("", self.replies),
        )
        metric(
            "cchc_errors_total",
            "counter",
            "Errors that reached the error handler.",
            ("", self.errors),
        )
        metric("cchc_webhook_refused_total", "counter",
               "Webhook requests refused: no or a wrong secret token (403), not an update (400).",
               ('{reason="secret"}', self.webhook_refused),
               ('{reason="malformed"}', self.webhook_malformed))  # fmt: skip
        metric("cchc_bot_api_calls_total", "counter", "Successful Bot API calls by method.",
               *((f'{{method="{m}"}}', n) for m, n in sorted(self.api_calls.items())))  # fmt: skip
        last = self.last_update_at.timestamp() if self.last_update_at else 0
        metric(
            "cchc_last_update_timestamp_seconds",
            "gauge",
            "When the last update was handled (0: none since start).",
            ("", last),
        )
        metric(
            "cchc_process_start_time_seconds",
            "gauge",
            "When this process started.",
            ("", self.started_at),
        )
        metric("cchc_database_up", "gauge",
               "1 if the database answers, else 0.", ("", 1 if database_up else 0))  # fmt: skip
        if outbox is not None:
            by_status = outbox.by_status
            metric("cchc_outbox_sent", "gauge", "Outbox messages sent (in the database).",
                   ("", by_status.get("sent", 0)))  # fmt: skip
            metric("cchc_outbox_retries", "gauge",
                   "Outbox sending attempts beyond the first (in the database).",
                   ("", outbox.retries))  # fmt: skip
            metric("cchc_outbox_parked", "gauge",
                   "Outbox messages parked after failing (see /hangdoi).",
                   ("", by_status.get("parked", 0)))  # fmt: skip
            metric("cchc_outbox_pending", "gauge", "Outbox messages waiting to be sent.",
                   ("", outbox.pending))  # fmt: skip
            age = (now - outbox.oldest_pending).total_seconds() if outbox.oldest_pending else 0
            metric("cchc_outbox_oldest_pending_age_seconds", "gauge",
                   "Age of the oldest message waiting in the outbox (0: none).",
                   ("", max(age, 0)))  # fmt: skip
            metric("cchc_outbox_messages", "gauge", "Outbox messages by status.",
                   *((f'{{status="{s}"}}', n) for s, n in sorted(by_status.items())))  # fmt: skip
        return "\n".join(out) + "\n"


def _number(value: float) -> str:
    """A sample's value: whole numbers as such, timestamps to the millisecond (not 1.8e+09)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


class CountingRequest(BaseRequest):
    """PTB's HTTP stack with every successful Bot API call counted (Metrics.api_call)."""

    def __init__(self, inner: BaseRequest, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    @property
    def read_timeout(self) -> float | None:
        return self._inner.read_timeout

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        code, payload = await self._inner.do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        if 200 <= code < 300:
            self._metrics.api_call(url.rsplit("/", 1)[-1])
        return code, payload
