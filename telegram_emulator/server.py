"""The HTTP side: the aiohttp server, its start and stop, and the dispatch of Bot API calls.

`BotApiEmulator` puts the parts together: the state (`state`), the updates users send
(`updates`), injected faults (`faults`), the Bot API methods (`methods`) and the control API
(`control`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from typing import Any, Self

from aiohttp import web

from telegram_emulator.control import ControlMixin
from telegram_emulator.entities import BLOCKED, JSON, MAX_UPLOAD, ApiError
from telegram_emulator.faults import FaultsMixin
from telegram_emulator.methods import MethodsMixin
from telegram_emulator.state import _int_or_none, _json_response
from telegram_emulator.updates import UpdatesMixin

# PTB sends plain strings as they are and everything else JSON-encoded. These fields are free
# text (or ids) that must never be JSON-decoded: a message text of "123" stays a string.
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "chat_id",
        "callback_query_id",
        "inline_message_id",
        "language_code",
        "action",
        "url",
        "file_id",
        "photo",
        "document",
        "emoji",
        "business_connection_id",
        "message_effect_id",
        "description",
        "short_description",
        "name",
    }
)


def _decode_field(key: str, value: Any) -> Any:
    """Undo PTB's encoding: non-string values arrive as JSON text."""
    if not isinstance(value, str) or key in STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


class BotApiEmulator(ControlMixin, UpdatesMixin, FaultsMixin, MethodsMixin):
    """An in-memory Telegram Bot API server for one bot token, and more with `add_bot`: each
    further bot has its own state (chats, messages, updates, webhook) on the same server, as
    Telegram keeps each bot's apart. The control API (`/_emu/`) drives the first bot."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "cchc_test_bot",
    ) -> None:
        super().__init__(token, bot_username)
        self._token = token
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self._methods = {
            name.lower(): (name, handler) for name, handler in self._method_table().items()
        }
        self._primary: BotApiEmulator | None = None  # set on a bot added to another's server
        self._bots: dict[str, BotApiEmulator] = {}  # the bots added to this server, by token

    def add_bot(self, token: str, bot_username: str) -> BotApiEmulator:
        """Serve another bot token on this server; returns that bot's emulator (its own chats,
        updates and webhook; the same base URL). Telegram's tokens are unique: so are these."""
        if token == self._token or token in self._bots or self._primary is not None:
            raise ValueError("a token is served once, by the first emulator of a server")
        bot = BotApiEmulator(token, host=self._host, bot_username=bot_username)
        bot._primary = self
        self._bots[token] = bot
        return bot

    def _bot_for(self, token: str) -> BotApiEmulator | None:
        return self if token == self._token else self._bots.get(token)

    # ------------------------------------------------------------------ lifecycle

    @property
    def token(self) -> str:
        return self._token

    @property
    def port(self) -> int:
        return self._primary.port if self._primary is not None else self._port

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self._host}:{self.port}/file/bot"

    @property
    def control_url(self) -> str:
        return f"http://{self._host}:{self.port}/_emu"

    async def start(self) -> None:
        """Bind and serve; port 0 picks a free port (read it back from `port`)."""
        if self._primary is not None:
            raise RuntimeError("an added bot is served by the emulator it was added to")
        # fresh events: the emulator may be reused from another event loop
        for bot in (self, *self._bots.values()):
            bot._stopping = asyncio.Event()
            bot._update_event = asyncio.Event()
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_post("/_emu/push", self._ctl_push)
        app.router.add_get("/_emu/sent", self._ctl_sent)
        app.router.add_get("/_emu/stats", self._ctl_stats)
        app.router.add_post("/_emu/fault", self._ctl_fault)
        app.router.add_post("/_emu/block", self._ctl_block)
        # handler_cancellation: a long poll whose client went away must not linger
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await self._runner.setup()
        sock = socket.create_server((self._host, self._port))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        """Wake long polls and slow answers, then close the server."""
        for bot in (self, *self._bots.values()):
            bot._stopping.set()
            bot._update_event.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ HTTP layer

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        bot = self._bot_for(request.match_info["token"])
        if bot is None:
            return _json_response(ApiError(401, "Unauthorized").payload(), 401)
        return await bot._answer(request)

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        """A Bot API call to this bot."""
        entry = self._methods.get(request.match_info["method"].lower())
        if entry is None:
            return _json_response(ApiError(404, "Not Found: method not found").payload(), 404)
        name, handler = entry
        self.requests[name] += 1
        try:
            params = await self._read_params(request)
            chat_id = _int_or_none(params.get("chat_id"))
            fault = self._take_fault(name.lower(), chat_id)
            if fault is not None and fault.kind == "drop":
                request.transport.close()  # type: ignore[union-attr]
                return web.Response()  # never written: the connection is gone
            if fault is not None and fault.kind != "slow":
                raise self._fault_error(fault)
            if chat_id is not None and chat_id in self._blocked:
                raise ApiError(403, BLOCKED)
            result = await handler(params)
            if fault is not None:
                await self._sleep(fault.delay)  # "slow": done already, the answer is late
            return _json_response({"ok": True, "result": result})
        except ApiError as err:
            return _json_response(err.payload(), err.code)

    async def _sleep(self, delay: float) -> None:
        # wakes early on stop() so a slow answer never holds up shutdown
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), delay)

    async def _read_params(self, request: web.Request) -> JSON:
        raw: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    body = None
                if not isinstance(body, dict):
                    raise ApiError(400, "Bad Request: parameters must be a JSON object")
                raw.update(body)
            else:
                # form-urlencoded or multipart; uploaded files stay FileField objects
                form = await request.post()
                for key in form:
                    raw.setdefault(key, form[key])
        return {key: _decode_field(key, value) for key, value in raw.items()}

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        bot = self._bot_for(request.match_info["token"])
        if bot is None:
            return _json_response(ApiError(401, "Unauthorized").payload(), 401)
        file_id = bot._file_paths.get(request.match_info["path"])  # a bot sees its own files
        if file_id is None:
            return _json_response(ApiError(404, "Not Found").payload(), 404)
        return web.Response(body=bot._files[file_id].content)
