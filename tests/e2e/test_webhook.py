"""Webhook mode (issue 12 item 1) and logs without secrets (M4), through the emulator.

The emulator records setWebhook; the tests post updates to the bot's listener on loopback the
way Telegram does (JSON, with or without X-Telegram-Bot-Api-Secret-Token).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.ext import MessageHandler, filters

from bot.logs import HIDDEN, configure_logging
from bot.server.metrics import FIRST_GROUP, Metrics
from bot.server.webhook import SECRET_HEADER, WebhookMode, webhook_application
from bot.settings import Settings
from telegram_emulator import BotApiEmulator, ChatUser
from tests.auxil.constants import ADMIN, CITIZEN, MONDAY, VN
from tests.auxil.processes import cchc_bot, clean_env

SECRET = "s3cret_Webhook-token_0123456789abcdefXYZ"
URL = "https://bot.phuong.example.vn/telegram/hook"
PATH = "/telegram/hook"
# A token shaped like a real one, so the shape-based redaction is tested too.
REAL_TOKEN = "7777777:AAH9x_SECRETtokenAbCdEf-1234567890q"
# Someone whose name and words must never reach a log line.
PRIVATE = ChatUser(id=1077, first_name="Nguyễn Thị", last_name="Riêngtư")
PRIVATE_TEXT = "nhà tôi ở số 12 ngõ Kín, điện thoại 0912345678"


@dataclass
class Running:
    mode: WebhookMode
    metrics: Metrics
    emulator: BotApiEmulator

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.mode.listener.port}"

    async def post(self, update: dict[str, Any], secret: str | None = SECRET) -> httpx.Response:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        async with httpx.AsyncClient() as client:
            return await client.post(self.base + PATH, json=update, headers=headers)

    async def get(self, path: str) -> httpx.Response:
        async with httpx.AsyncClient() as client:
            return await client.get(self.base + path)


def webhook_settings(tmp_path: Path, emulator: BotApiEmulator, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "token": emulator.token,
        "api_base_url": emulator.base_url,
        "db_path": tmp_path / "var" / "cchc.sqlite3",
        "files_dir": tmp_path / "var" / "files",
        "admin_ids": frozenset({ADMIN.id}),
        "timezone": VN,
        "start_time": MONDAY,
        "webhook_url": URL,
        "webhook_secret": SECRET,
        "webhook_listen": ("127.0.0.1", 0),
    }
    values.update(changes)
    return Settings(**values)


@pytest.fixture
def logging_restored() -> Iterator[None]:
    """configure_logging changes process-wide state: put it back after the test."""
    root = logging.getLogger()
    names = ["bot", "services", "storage", "domain", "httpx", "httpcore", "telegram",
             "aiosqlite", "apscheduler", "aiohttp", "matplotlib", "PIL"]  # fmt: skip
    levels = {name: logging.getLogger(name).level for name in names}
    root_level, filters_before = root.level, {h: list(h.filters) for h in root.handlers}
    try:
        yield
    finally:
        root.setLevel(root_level)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        for handler in root.handlers:
            handler.filters[:] = filters_before.get(handler, [])


@contextlib.asynccontextmanager
async def running(settings: Settings, emulator: BotApiEmulator) -> AsyncIterator[Running]:
    metrics = Metrics()
    app = webhook_application(settings, metrics)
    async with WebhookMode(app, settings, metrics) as mode:
        yield Running(mode, metrics, emulator)


@pytest.fixture
async def webhook(tmp_path: Path, emulator: BotApiEmulator) -> AsyncIterator[Running]:
    async with running(webhook_settings(tmp_path, emulator), emulator) as run:
        yield run


def sample(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{name} not in /metrics:\n{text}")


# --- webhook mode ------------------------------------------------------------------------------
async def test_set_webhook_carries_the_url_and_the_secret(
    webhook: Running, emulator: BotApiEmulator
) -> None:
    assert emulator.webhook is not None
    assert emulator.webhook["url"] == URL
    assert emulator.webhook["secret_token"] == SECRET
    assert [c["method"] for c in emulator.webhook_calls] == ["setWebhook"]
    assert emulator.requests["getUpdates"] == 0  # no polling beside the webhook


async def test_an_update_with_the_secret_is_answered(
    webhook: Running, emulator: BotApiEmulator
) -> None:
    response = await webhook.post(emulator.message_update(CITIZEN, "/start"))
    assert response.status_code == 200
    [welcome] = await emulator.wait_for(CITIZEN.id, 1, timeout=20)
    assert "Xin chào" in welcome["text"]


@pytest.mark.parametrize(
    "secret", [None, "", "wrong_secret_but_long_enough_0123456789", SECRET[:-1]]
)
async def test_an_update_without_the_right_secret_gets_403_and_changes_nothing(
    webhook: Running, emulator: BotApiEmulator, secret: str | None
) -> None:
    forged = await webhook.post(emulator.message_update(CITIZEN, "/start"), secret=secret)
    assert forged.status_code == 403
    # A genuine update after it: only that one is handled and answered.
    real = await webhook.post(emulator.message_update(CITIZEN_OTHER, "/start"))
    assert real.status_code == 200
    await emulator.wait_for(CITIZEN_OTHER.id, 1, timeout=20)
    assert emulator.sent_to(CITIZEN.id) == []
    assert webhook.metrics.updates == 1
    assert webhook.metrics.webhook_refused == 1


CITIZEN_OTHER = ChatUser(id=1055, first_name="Đinh", last_name="Văn Khác")


async def test_a_post_that_is_not_an_update_gets_400(webhook: Running) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            webhook.base + PATH, content=b"{not json", headers={SECRET_HEADER: SECRET}
        )
    assert response.status_code == 400
    assert (await webhook.get(PATH)).status_code == 405  # only POST at the webhook's path


async def test_healthz_answers_200_with_the_database_and_the_outbox(
    webhook: Running, emulator: BotApiEmulator
) -> None:
    response = await webhook.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["outbox"]["pending"] >= 0
    assert "oldest_pending_age_seconds" in body["outbox"]
    assert body["last_update"] is None
    await webhook.post(emulator.message_update(CITIZEN, "/start"))
    await emulator.wait_for(CITIZEN.id, 1, timeout=20)
    body = (await webhook.get("/healthz")).json()
    assert body["last_update"] is not None
    assert body["last_update_age_seconds"] >= 0


async def test_healthz_answers_503_when_the_store_is_closed(webhook: Running) -> None:
    await webhook.mode.app.bot_data.store.close()
    response = await webhook.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    metrics = (await webhook.get("/metrics")).text
    assert sample(metrics, "cchc_database_up") == 0


async def test_healthz_answers_503_when_the_database_file_is_gone_or_unreadable(
    webhook: Running, tmp_path: Path
) -> None:
    db = tmp_path / "var" / "cchc.sqlite3"
    moved = tmp_path / "moved.sqlite3"
    db.rename(moved)  # the bot's open connections do not notice; a new one does
    assert (await webhook.get("/healthz")).status_code == 503
    moved.rename(db)
    assert (await webhook.get("/healthz")).status_code == 200
    if os.geteuid() != 0:  # root reads any file
        db.chmod(0)
        try:
            assert (await webhook.get("/healthz")).status_code == 503
        finally:
            db.chmod(0o600)


async def test_metrics_counters_move_after_an_update(
    webhook: Running, emulator: BotApiEmulator
) -> None:
    before = await webhook.get("/metrics")
    assert before.status_code == 200
    assert before.headers["content-type"].startswith("text/plain")
    assert sample(before.text, "cchc_updates_handled_total") == 0
    assert sample(before.text, "cchc_replies_total") == 0
    for name in ("cchc_outbox_sent", "cchc_outbox_retries", "cchc_outbox_parked",
                 "cchc_outbox_pending", "cchc_errors_total", "cchc_database_up"):  # fmt: skip
        sample(before.text, name)
    await webhook.post(emulator.message_update(CITIZEN, "/start"))
    await emulator.wait_for(CITIZEN.id, 1, timeout=20)
    after = (await webhook.get("/metrics")).text
    assert sample(after, "cchc_updates_handled_total") == 1
    assert sample(after, "cchc_replies_total") >= 1
    assert 'cchc_bot_api_calls_total{method="sendMessage"}' in after
    assert sample(after, "cchc_last_update_timestamp_seconds") > 0
    await webhook.post(emulator.message_update(CITIZEN, "/start"), secret="nope")
    refused = (await webhook.get("/metrics")).text
    assert 'cchc_webhook_refused_total{reason="secret"} 1' in refused


async def test_the_weak_secret_is_refused_at_start_with_one_line(tmp_path: Path) -> None:
    for secret in ("short_secret", "x" * 31, "has spaces in it and is long enough 0123", "ä" * 40):
        done = cchc_bot(
            tmp_path, "run",
            TELEGRAM_BOT_TOKEN=REAL_TOKEN, CCHC_WEBHOOK_URL=URL, CCHC_WEBHOOK_SECRET=secret,
        )  # fmt: skip
        assert done.returncode == 2
        [line] = done.stderr.splitlines()
        assert line.startswith("cchc-bot: CCHC_WEBHOOK_SECRET: is refused: it must be 32 to 256")
        assert secret not in line
    missing = cchc_bot(tmp_path, "run", TELEGRAM_BOT_TOKEN=REAL_TOKEN, CCHC_WEBHOOK_URL=URL)
    assert missing.returncode == 2
    [line] = missing.stderr.splitlines()
    assert line.startswith("cchc-bot: CCHC_WEBHOOK_SECRET: is required when CCHC_WEBHOOK_URL")


# --- the real `cchc-bot run`, as its own process --------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_healthy(base: str, process: asyncio.subprocess.Process) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            assert process.returncode is None, "cchc-bot run ended early"
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(base + "/healthz")).status_code == 200:
                    return
            await asyncio.sleep(0.1)
    raise AssertionError("the listener never became healthy")


async def test_M4_a_full_webhook_run_at_debug_logs_no_token_secret_name_or_text(
    tmp_path: Path,
) -> None:
    """`cchc-bot run` in webhook mode at DEBUG: it answers, refuses the forged update, serves
    /healthz and /metrics, stops on SIGTERM; its log has neither secrets nor what people wrote."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with BotApiEmulator(token=REAL_TOKEN) as emulator:
        env = clean_env(
            tmp_path,
            TELEGRAM_BOT_TOKEN=REAL_TOKEN,
            TELEGRAM_API_BASE_URL=emulator.base_url.removesuffix("/bot"),
            CCHC_NOW="2025-06-02T09:00",
            CCHC_WEBHOOK_URL=URL,
            CCHC_WEBHOOK_SECRET=SECRET,
            CCHC_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
            CCHC_LOG_LEVEL="DEBUG",
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            await wait_healthy(base, process)
            assert emulator.webhook is not None and emulator.webhook["secret_token"] == SECRET
            async with httpx.AsyncClient() as client:
                forged = emulator.message_update(CITIZEN, "/start")
                refused = await client.post(base + PATH, json=forged)
                assert refused.status_code == 403
                update = emulator.message_update(PRIVATE, PRIVATE_TEXT)
                ok = await client.post(base + PATH, json=update, headers={SECRET_HEADER: SECRET})
                assert ok.status_code == 200
                await emulator.wait_for(PRIVATE.id, 1, timeout=30)
                metrics = (await client.get(base + "/metrics")).text
                health = (await client.get(base + "/healthz")).json()
            assert emulator.sent_to(CITIZEN.id) == []
            assert sample(metrics, "cchc_updates_handled_total") == 1
            assert sample(metrics, "cchc_replies_total") >= 1
            assert health["database"] == "ok" and health["last_update"] is not None
        finally:
            process.send_signal(signal.SIGTERM)
            _, stderr_bytes = await asyncio.wait_for(process.communicate(), timeout=30)
    log = stderr_bytes.decode()
    assert process.returncode == 0, log
    assert "webhook mode: Telegram posts to " + URL in log
    assert f"update {update['update_id']} (message), {len(PRIVATE_TEXT)} characters" in log
    for secret in (REAL_TOKEN, REAL_TOKEN.split(":")[1], SECRET):
        assert secret not in log
    for personal in (PRIVATE_TEXT, "0912345678", PRIVATE.first_name, "Riêngtư"):
        assert personal not in log
    assert "Traceback" not in log


@pytest.mark.parametrize("webhook_mode", [True, False], ids=["webhook", "polling"])
async def test_M4_a_refused_token_stops_with_one_line_that_does_not_show_it(
    tmp_path: Path, webhook_mode: bool
) -> None:
    """PTB's InvalidToken quotes the token; the command says which variable, and hides it."""
    async with BotApiEmulator(token="1111111:AAOtherBotTokenThatIsNotOurs_0123456") as emulator:
        env = {"TELEGRAM_API_BASE_URL": emulator.base_url.removesuffix("/bot")}
        if webhook_mode:
            env |= {"CCHC_WEBHOOK_URL": URL, "CCHC_WEBHOOK_SECRET": SECRET,
                    "CCHC_WEBHOOK_LISTEN": f"127.0.0.1:{free_port()}"}  # fmt: skip
        done = await asyncio.to_thread(
            cchc_bot, tmp_path, "run", TELEGRAM_BOT_TOKEN=REAL_TOKEN, CCHC_LOG_LEVEL="DEBUG", **env
        )
    assert done.returncode == 2
    assert REAL_TOKEN.split(":")[1] not in done.stderr
    assert done.stderr.splitlines()[-1].startswith(
        "cchc-bot: TELEGRAM_BOT_TOKEN: was refused by http://127.0.0.1:"
    )


# --- logs (M4), in process ---------------------------------------------------------------------
def test_M4_the_token_and_the_secret_never_reach_a_log_line_at_any_level(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, logging_restored: None
) -> None:
    settings = Settings(
        token=REAL_TOKEN, webhook_url=URL, webhook_secret=SECRET, log_level="DEBUG",
        db_path=tmp_path / "x.sqlite3",
    )  # fmt: skip
    configure_logging(settings)
    caplog.set_level(logging.DEBUG, logger="bot")
    url = f"https://api.telegram.org/bot{REAL_TOKEN}/getMe"
    # httpx's own line is below its floor now; were it shown, the URL would be hidden anyway.
    logging.getLogger("httpx").info('HTTP Request: POST %s "HTTP/1.1 200 OK"', url)
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("telegram").getEffectiveLevel() == logging.INFO
    log = logging.getLogger("bot.test")
    log.debug("calling %s with %s", url, {"secret_token": SECRET})
    log.warning("an unrelated token 123456789:%s", "B" * 35)
    try:
        raise RuntimeError(f"The token `{REAL_TOKEN}` was rejected by the server.")
    except RuntimeError:
        log.exception("start-up failed")
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert REAL_TOKEN not in text and REAL_TOKEN.split(":")[1] not in text
    assert SECRET not in text and "B" * 35 not in text
    assert text.count(HIDDEN) >= 4
    assert "rejected by the server" in text  # the message stays, the token goes


async def test_M4_the_error_handler_logs_the_update_id_and_kind_not_names_or_texts(
    tmp_path: Path,
    emulator: BotApiEmulator,
    caplog: pytest.LogCaptureFixture,
    logging_restored: None,
) -> None:
    settings = webhook_settings(tmp_path, emulator)  # CCHC_LOG_LEVEL: the default, INFO
    configure_logging(settings)

    async def boom(update: object, context: object) -> None:
        raise RuntimeError("a handler failed")

    async with running(settings, emulator) as run:
        failing = MessageHandler(filters.Regex("ngõ Kín"), boom)
        run.mode.app.add_handler(failing, group=FIRST_GROUP + 1)  # after the counter
        update = emulator.message_update(PRIVATE, PRIVATE_TEXT)
        assert (await run.post(update)).status_code == 200
        await emulator.wait_for(PRIVATE.id, 1, timeout=20)  # the apology
        for _ in range(50):
            if run.metrics.errors:
                break
            await asyncio.sleep(0.05)
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert any(f"update {update['update_id']} (message)" in r.getMessage() for r in errors)
    shown = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    for personal in (PRIVATE_TEXT, "0912345678", PRIVATE.first_name, "Riêngtư", "ngõ Kín"):
        assert personal not in shown
    assert run.metrics.errors == 1


async def test_M4_at_debug_what_people_write_is_shown_only_by_its_length(
    tmp_path: Path,
    emulator: BotApiEmulator,
    caplog: pytest.LogCaptureFixture,
    logging_restored: None,
) -> None:
    settings = webhook_settings(tmp_path, emulator, log_level="DEBUG")
    configure_logging(settings)
    async with running(settings, emulator) as run:
        update = emulator.message_update(PRIVATE, PRIVATE_TEXT)
        assert (await run.post(update)).status_code == 200
        await emulator.wait_for(PRIVATE.id, 1, timeout=20)
    debug = [r for r in caplog.records if r.levelno == logging.DEBUG]
    assert any(
        f"update {update['update_id']} (message), {len(PRIVATE_TEXT)} characters of text"
        in r.getMessage()
        for r in debug
    )
    text = caplog.text
    for shown in (PRIVATE_TEXT, "0912345678", PRIVATE.first_name, "Riêngtư", SECRET):
        assert shown not in text
    assert emulator.token not in text


async def test_a_listen_address_in_use_is_one_line(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = await asyncio.to_thread(
            cchc_bot, tmp_path, "run",
            TELEGRAM_BOT_TOKEN=emulator.token,
            TELEGRAM_API_BASE_URL=emulator.base_url.removesuffix("/bot"),
            CCHC_WEBHOOK_URL=URL, CCHC_WEBHOOK_SECRET=SECRET,
            CCHC_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
        )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].startswith(
        f"cchc-bot: CCHC_WEBHOOK_LISTEN: cannot listen on 127.0.0.1:{port}: "
    )
    assert "Traceback" not in done.stderr
    assert emulator.webhook is None  # never told Telegram to post to a listener that is not


@pytest.mark.parametrize(
    ("fault", "code", "line"),
    [
        ("bad_request", 2, "cchc-bot: CCHC_WEBHOOK_URL: Telegram refused it: "),
        ("server_error", 1, "cchc-bot: cannot reach the Bot API at http://127.0.0.1:"),
    ],
)
async def test_a_failed_set_webhook_is_one_line(
    tmp_path: Path, emulator: BotApiEmulator, fault: str, code: int, line: str
) -> None:
    """A URL Telegram refuses is a setting to fix (2: systemd does not restart); a Bot API that
    fails is worth another try (1)."""
    if fault == "bad_request":  # as Telegram answers for a host name it cannot resolve
        emulator.webhook_refusal = "Bad Request: bad webhook: Failed to resolve host"
    else:
        emulator.inject_fault("setWebhook", "server_error")
    done = await asyncio.to_thread(
        cchc_bot, tmp_path, "run",
        TELEGRAM_BOT_TOKEN=emulator.token,
        TELEGRAM_API_BASE_URL=emulator.base_url.removesuffix("/bot"),
        CCHC_WEBHOOK_URL=URL, CCHC_WEBHOOK_SECRET=SECRET,
        CCHC_WEBHOOK_LISTEN=f"127.0.0.1:{free_port()}",
    )  # fmt: skip
    assert done.returncode == code
    assert done.stderr.splitlines()[-1].startswith(line)
    assert "Traceback" not in done.stderr
