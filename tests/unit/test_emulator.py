"""The Bot API emulator, exercised through the real python-telegram-bot HTTP stack."""

from __future__ import annotations

import asyncio
import datetime as dtm
import io
import json
import sys
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from telegram_emulator import BotApiEmulator, ChatUser, parse_html

ALICE = ChatUser(id=1001, first_name="Lan", last_name="Nguyễn", username="lan")
# a 16x32 PNG header is enough for the size sniffing; the rest is arbitrary bytes
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x20" + bytes(64)


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


def build_app(emu: BotApiEmulator) -> Application:
    return (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )


@pytest.fixture
async def app(emu: BotApiEmulator) -> AsyncIterator[Application]:
    application = build_app(emu)
    async with application:
        yield application


def seconds(value: int | dtm.timedelta) -> float:
    # PTB 22 returns an int or a timedelta depending on PTB_TIMEDELTA
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


# ---------------------------------------------------------------- direct bot calls


async def test_initialize_send_keyboard_and_edit(emu: BotApiEmulator, app: Application) -> None:
    assert app.bot.username == "cchc_test_bot"  # getMe ran during initialize
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Đồng ý", callback_data="ok:1")]])
    sent = await app.bot.send_message(ALICE.id, "Kế hoạch CCHC", reply_markup=markup)

    assert sent.reply_markup == markup
    [stored] = emu.sent_to(ALICE.id)
    assert stored["text"] == "Kế hoạch CCHC"
    assert stored["reply_markup"] == markup.to_dict()
    assert stored["chat"] == {"id": ALICE.id, "type": "private"}

    edited = await app.bot.edit_message_text(
        "Đã duyệt", chat_id=ALICE.id, message_id=sent.message_id, reply_markup=markup
    )
    assert edited.text == "Đã duyệt"
    assert [m["text"] for m in emu.sent_to(ALICE.id)] == ["Đã duyệt"]

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await app.bot.edit_message_text(
            "Đã duyệt", chat_id=ALICE.id, message_id=sent.message_id, reply_markup=markup
        )
    # as on Telegram, an edit without reply_markup drops the inline keyboard
    await app.bot.edit_message_text("Xong", chat_id=ALICE.id, message_id=sent.message_id)
    assert "reply_markup" not in emu.sent_to(ALICE.id)[0]

    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await app.bot.edit_message_text("x", chat_id=ALICE.id, message_id=999)

    kinds = [e["kind"] for e in emu.events()[0]]
    assert kinds == ["send", "edit", "edit"]
    assert emu.events()[0][0]["message"]["text"] == "Kế hoạch CCHC"  # events keep snapshots


async def test_reply_markup_edit_and_delete(emu: BotApiEmulator, app: Application) -> None:
    sent = await app.bot.send_message(ALICE.id, "Chọn")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    await app.bot.edit_message_reply_markup(ALICE.id, sent.message_id, reply_markup=markup)
    assert emu.sent_to(ALICE.id)[0]["reply_markup"] == markup.to_dict()
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await app.bot.edit_message_reply_markup(ALICE.id, sent.message_id, reply_markup=markup)

    assert await app.bot.delete_message(ALICE.id, sent.message_id)
    assert emu.sent_to(ALICE.id) == []
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await app.bot.delete_message(ALICE.id, sent.message_id)


async def test_reply_keyboard_is_stored_but_not_returned(
    emu: BotApiEmulator, app: Application
) -> None:
    keyboard = ReplyKeyboardMarkup([["Báo cáo", "Nhắc việc"]])
    sent = await app.bot.send_message(ALICE.id, "Menu", reply_markup=keyboard)
    assert sent.reply_markup is None  # the Bot API only echoes inline keyboards
    assert emu.sent_to(ALICE.id)[0]["reply_markup"] == keyboard.to_dict()


async def test_photo_upload_download_and_reuse(emu: BotApiEmulator, app: Application) -> None:
    sent = await app.bot.send_photo(ALICE.id, PNG, caption="Biểu đồ")
    photo = sent.photo[-1]
    assert (photo.width, photo.height, photo.file_size) == (16, 32, len(PNG))
    assert sent.caption == "Biểu đồ"

    file = await app.bot.get_file(photo.file_id)
    assert bytes(await file.download_as_bytearray()) == PNG
    assert emu.file_bytes(photo.file_id) == PNG

    again = await app.bot.send_photo(ALICE.id, photo.file_id)
    assert again.photo[-1].file_id == photo.file_id
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await app.bot.send_photo(ALICE.id, "no-such-file-id")


async def test_document_upload_and_user_document(emu: BotApiEmulator, app: Application) -> None:
    sent = await app.bot.send_document(ALICE.id, io.BytesIO(b"PK report"), filename="bc.docx")
    assert sent.document.file_name == "bc.docx"
    assert sent.document.mime_type.endswith("wordprocessingml.document")
    assert emu.file_bytes(sent.document.file_id) == b"PK report"
    resent = await app.bot.send_document(2002, sent.document.file_id)
    assert resent.document.file_name == "bc.docx"

    update = emu.message_update(ALICE, document=("kh.pdf", b"%PDF-1", "application/pdf"))
    document = update["message"]["document"]
    file = await app.bot.get_file(document["file_id"])
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1"


async def test_html_parse_mode_and_validation(emu: BotApiEmulator, app: Application) -> None:
    sent = await app.bot.send_message(
        ALICE.id, "<b>Hạn</b> nộp: <i>15/3</i> &lt;gấp&gt;", parse_mode="HTML"
    )
    assert sent.text == "Hạn nộp: 15/3 <gấp>"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 0, 3),
        ("italic", 9, 4),
    ]
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await app.bot.send_message(ALICE.id, "a <b> b", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await app.bot.send_message(ALICE.id, "x < y", parse_mode="HTML")
    # offsets are UTF-16 units: the emoji counts 2
    text, entities = parse_html('📌 <a href="https://x.vn/?a=1&amp;b=2">link</a>')
    assert text == "📌 link"
    assert entities == [
        {"type": "text_link", "offset": 3, "length": 4, "url": "https://x.vn/?a=1&b=2"}
    ]


async def test_bad_requests(emu: BotApiEmulator, app: Application) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await app.bot.send_message("@kenh_khong_co", "x")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await app.bot.send_message(ALICE.id, "a" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await app.bot.send_photo(ALICE.id, PNG, caption="a" * 1025)
    long_data = "duyệt:" + "ư" * 30  # 66 bytes in UTF-8
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await app.bot.send_message(
            ALICE.id,
            "x",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("x", callback_data=long_data)]]
            ),
        )
    with pytest.raises(EndPointNotFound):
        await app.bot.do_api_request("noSuchMethod")
    assert emu.sent_to(ALICE.id) == []
    assert emu.requests["sendMessage"] == 3


async def test_wrong_token_is_unauthorized(emu: BotApiEmulator) -> None:
    requests = HTTPXRequest(), HTTPXRequest()
    bot = Bot(
        "999:WRONG", base_url=emu.base_url, request=requests[0], get_updates_request=requests[1]
    )
    try:
        with pytest.raises(InvalidToken):
            await bot.initialize()
    finally:
        # a failed initialize leaves the HTTP clients open (PTB skips shutdown then)
        for request in requests:
            await request.shutdown()


async def test_text_that_looks_like_json_stays_text(emu: BotApiEmulator, app: Application) -> None:
    for text in ("123", "true", '{"a": 1}', "null"):
        sent = await app.bot.send_message(ALICE.id, text)
        assert sent.text == text
    assert [m["text"] for m in emu.sent_to(ALICE.id)] == ["123", "true", '{"a": 1}', "null"]


async def test_commands_per_scope_and_language(emu: BotApiEmulator, app: Application) -> None:
    await app.bot.set_my_commands([("start", "Bắt đầu"), ("baocao", "Báo cáo")])
    await app.bot.set_my_commands([("start", "Start")], language_code="en")
    commands = await app.bot.get_my_commands()
    assert [c.command for c in commands] == ["start", "baocao"]
    assert [c.description for c in await app.bot.get_my_commands(language_code="en")] == ["Start"]
    assert ('{"type": "default"}', "en") in emu.commands
    await app.bot.delete_my_commands(language_code="en")
    assert await app.bot.get_my_commands(language_code="en") == ()
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await app.bot.set_my_commands([("BaoCao", "viết hoa không hợp lệ")])


async def test_json_bodies_and_raw_errors(emu: BotApiEmulator) -> None:
    url = f"{emu.base_url}{emu.token}"
    keyboard = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    async with httpx.AsyncClient() as client:
        # plain JSON, and JSON whose values are JSON-encoded strings (PTB's json_payload)
        plain = await client.post(
            f"{url}/sendMessage", json={"chat_id": 7, "text": "một", "reply_markup": keyboard}
        )
        encoded = await client.post(
            f"{url}/SENDMESSAGE",  # method names are case-insensitive, as on Telegram
            json={"chat_id": "7", "text": "hai", "reply_markup": json.dumps(keyboard)},
        )
        assert plain.json()["result"]["reply_markup"] == keyboard
        assert encoded.json()["result"]["reply_markup"] == keyboard
        assert [m["message_id"] for m in emu.sent_to(7)] == [1, 2]

        unknown = await client.post(f"{url}/sendLocation", data={"chat_id": "7"})
        assert unknown.status_code == 404
        assert unknown.json()["description"] == "Not Found: method not found"
        wrong = await client.post(f"{emu.base_url}1:BAD/getMe")
        assert (wrong.status_code, wrong.json()["ok"]) == (401, False)


async def test_user_updates_parse_in_ptb(emu: BotApiEmulator, app: Application) -> None:
    group = ChatUser(id=77, username="hoa")
    raw = [
        emu.message_update(ALICE, caption="ảnh hồ sơ", photo=PNG),
        emu.message_update(ALICE, location=(21.03, 105.85)),
        emu.message_update(ALICE, sticker=True),
        emu.message_update(ALICE, "sửa lại", edited=True),
        emu.message_update(group, "/baocao@cchc_test_bot", chat_id=-100, chat_type="supergroup"),
    ]
    photo, location, sticker, edited, command = (Update.de_json(u, app.bot) for u in raw)
    assert photo.message.caption == "ảnh hồ sơ"
    assert emu.file_bytes(photo.message.photo[-1].file_id) == PNG
    assert location.message.location.latitude == pytest.approx(21.03)
    assert sticker.message.sticker.emoji == "👍"
    assert edited.edited_message.message_id == sticker.message.message_id
    assert command.message.chat.type == "supergroup"
    assert command.message.entities[0].length == len("/baocao@cchc_test_bot")
    assert [u["update_id"] for u in raw] == sorted({u["update_id"] for u in raw})


# ---------------------------------------------------------------- polling bot


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Xong", callback_data="done")]])
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")
    await update.effective_message.reply_text("Bấm nút", reply_markup=markup)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(f"start args={context.args}")


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer("Đã ghi nhận")
    await query.edit_message_text(f"pressed {query.data}")


@pytest.fixture
async def polling_app(emu: BotApiEmulator) -> AsyncIterator[Application]:
    application = build_app(emu)
    application.add_handler(CommandHandler("start", start))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.add_handler(CallbackQueryHandler(pressed))
    async with application:
        await application.start()
        await application.updater.start_polling(poll_interval=0, timeout=5)
        yield application
        await application.updater.stop()
        await application.stop()


async def test_echo_bot_over_long_polling(emu: BotApiEmulator, polling_app: Application) -> None:
    _, cursor = emu.events()
    emu.push(emu.message_update(ALICE, "xin chào"))
    echoed, keyboard = await emu.wait_for(ALICE.id, 2, since=cursor, timeout=5)
    assert echoed["text"] == "echo: xin chào"
    assert keyboard["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "done"

    # bot messages and the user's share one message_id counter per chat
    assert [echoed["message_id"], keyboard["message_id"]] == [2, 3]

    _, cursor = emu.events()
    emu.push(emu.callback_update(ALICE, keyboard, "done"))
    answer = await emu.wait_for_event("answer_callback", since=cursor, timeout=5)
    assert answer["text"] == "Đã ghi nhận"
    assert answer["chat_id"] == ALICE.id
    edit = await emu.wait_for_event("edit", chat_id=ALICE.id, since=cursor, timeout=5)
    assert edit["message"]["text"] == "pressed done"
    assert emu.sent_to(ALICE.id)[-1]["text"] == "pressed done"

    _, cursor = emu.events()
    emu.push(emu.message_update(ALICE, "/start@cchc_test_bot abc"))
    [reply] = await emu.wait_for(ALICE.id, since=cursor, timeout=5)
    assert reply["text"] == "start args=['abc']"


async def test_many_chats_through_polling(emu: BotApiEmulator, polling_app: Application) -> None:
    users = [ChatUser(id=5000 + i) for i in range(50)]
    for user in users:
        emu.push(emu.message_update(user, f"tin {user.id}"))
    for user in users:
        [echoed, _] = await emu.wait_for(user.id, 2, timeout=5)
        assert echoed["text"] == f"echo: tin {user.id}"
    assert sum(emu.sends.values()) == 100


async def test_wait_for_timeout_explains(emu: BotApiEmulator, app: Application) -> None:
    await app.bot.send_message(ALICE.id, "chỉ một tin")
    with pytest.raises(TimeoutError, match=r"(?i)got 1: \['chỉ một tin'\]"):
        await emu.wait_for(ALICE.id, 2, timeout=0.05)


# ---------------------------------------------------------------- getUpdates semantics


async def test_get_updates_long_poll_and_offset(emu: BotApiEmulator, app: Application) -> None:
    assert await app.bot.get_updates(timeout=0) == ()

    async def push_soon() -> None:
        await asyncio.sleep(0.05)
        emu.push(emu.message_update(ALICE, "một"))

    pusher = asyncio.create_task(push_soon())
    started = asyncio.get_running_loop().time()
    [first] = await app.bot.get_updates(timeout=10)
    assert asyncio.get_running_loop().time() - started < 2  # woken by the push, not the timeout
    await pusher
    assert first.message.text == "một"

    emu.push(emu.message_update(ALICE, "hai"))
    again = await app.bot.get_updates(timeout=0)
    assert [u.message.text for u in again] == ["một", "hai"]  # unconfirmed ones come back
    rest = await app.bot.get_updates(offset=first.update_id + 1, timeout=0)
    assert [u.message.text for u in rest] == ["hai"]
    await app.bot.get_updates(offset=rest[-1].update_id + 1, timeout=0)
    assert emu.pending_updates() == 0


# ---------------------------------------------------------------- faults


async def test_fault_retry_after(emu: BotApiEmulator, app: Application) -> None:
    emu.inject_fault("sendMessage", "retry_after", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await app.bot.send_message(ALICE.id, "a")
    assert seconds(caught.value.retry_after) == 7
    assert emu.sent_to(ALICE.id) == []  # a faulted call delivers nothing
    await app.bot.send_message(ALICE.id, "b")  # only `count` calls are faulted
    assert [m["text"] for m in emu.sent_to(ALICE.id)] == ["b"]


async def test_fault_server_error(emu: BotApiEmulator, app: Application) -> None:
    emu.inject_fault("sendMessage", "server_error", count=2)
    for _ in range(2):
        with pytest.raises(NetworkError) as caught:
            await app.bot.send_message(ALICE.id, "a")
        assert type(caught.value) is NetworkError  # not BadRequest, its subclass
    await app.bot.send_message(ALICE.id, "b")
    assert emu.sends[ALICE.id] == 1


async def test_fault_drop_is_a_network_error_not_a_hang(
    emu: BotApiEmulator, app: Application
) -> None:
    emu.inject_fault("sendMessage", "drop")
    with pytest.raises(NetworkError, match=r"(?i)disconnected"):
        await asyncio.wait_for(app.bot.send_message(ALICE.id, "a", read_timeout=3), 5)
    assert emu.sent_to(ALICE.id) == []
    await app.bot.send_message(ALICE.id, "b")  # the client recovers on a new connection
    assert emu.sends[ALICE.id] == 1


async def test_fault_slow_times_out_but_delivers(emu: BotApiEmulator, app: Application) -> None:
    emu.inject_fault("sendMessage", "slow", delay=2.0)
    with pytest.raises(TimedOut):
        await app.bot.send_message(ALICE.id, "trễ", read_timeout=0.1)
    assert [m["text"] for m in emu.sent_to(ALICE.id)] == ["trễ"]


async def test_fault_forbidden_and_block_chat(emu: BotApiEmulator, app: Application) -> None:
    emu.inject_fault("sendMessage", "forbidden", chat_id=ALICE.id)
    await app.bot.send_message(2002, "other chats are unaffected")
    with pytest.raises(Forbidden, match=r"(?i)blocked"):
        await app.bot.send_message(ALICE.id, "a")

    emu.block_chat(3003)
    for _ in range(2):
        with pytest.raises(Forbidden):
            await app.bot.send_message(3003, "a")
    with pytest.raises(Forbidden):
        await app.bot.send_photo(3003, PNG)
    assert emu.sent_to(3003) == []
    assert emu.sends == {2002: 1}


async def test_user_blocking_via_my_chat_member(emu: BotApiEmulator, app: Application) -> None:
    update = emu.my_chat_member_update(ALICE, "kicked")
    parsed = Update.de_json(update, app.bot)
    assert parsed.my_chat_member.new_chat_member.status == "kicked"
    with pytest.raises(Forbidden):
        await app.bot.send_message(ALICE.id, "a")
    emu.my_chat_member_update(ALICE, "member", old_status="kicked")
    await app.bot.send_message(ALICE.id, "welcome back")


# ---------------------------------------------------------------- control API and CLI


async def test_control_api(emu: BotApiEmulator, app: Application) -> None:
    async with httpx.AsyncClient(base_url=emu.control_url) as client:
        pushed = await client.post(
            "/push", json=[{"user": {"id": 42, "first_name": "Hà"}, "text": "/start"}]
        )
        assert pushed.json()["ok"]
        [update] = await app.bot.get_updates(timeout=0)
        assert update.message.text == "/start"
        assert update.message.entities[0].type == "bot_command"
        assert update.message.from_user.first_name == "Hà"

        await app.bot.send_message(42, "chào")
        sent = (await client.get("/sent", params={"chat_id": 42})).json()["result"]
        assert [m["text"] for m in sent] == ["chào"]

        assert (
            await client.post("/fault", json={"method": "sendMessage", "kind": "forbidden"})
        ).json()["ok"]
        with pytest.raises(Forbidden):
            await app.bot.send_message(42, "x")
        assert (await client.post("/block", json={"chat_id": 43})).json()["ok"]
        with pytest.raises(Forbidden):
            await app.bot.send_message(43, "x")

        stats = (await client.get("/stats")).json()["result"]
        assert stats["sends"] == {"42": 1}
        assert stats["requests"]["sendMessage"] == 3


async def test_standalone_process() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "telegram_emulator",
        "--port",
        "0",
        "--token",
        "42:CLI",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 10)).decode()
        base_url = line.split("base_url=")[1].split()[0]
        async with httpx.AsyncClient() as client:
            answer = (await client.post(f"{base_url}42:CLI/getMe")).json()
        assert answer["result"]["username"] == "cchc_test_bot"
    finally:
        proc.terminate()
        assert await asyncio.wait_for(proc.wait(), 10) == 0
