"""`cchc-bot console`: a chat with the bot in the terminal, over the very same Application.

Each typed line is a message. Inline buttons are printed numbered: type the number to press one.
`/as citizen`, `/as official <department code>`, `/as leader [code]`, `/as admin` switch who is
typing; `/photo PATH [caption]` and `/file PATH [caption]` send a photo or a document;
`/quit` (or end of input) leaves. Works with piped standard input too.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import mimetypes
import re
import sys
from pathlib import Path
from typing import Any, TextIO

from bot.app import build_application, close_services, open_services
from bot.console.local_chat import LocalChat, buttons_of, display_name
from bot.settings import Settings
from domain.model import Role
from services.invites import create_invite, redeem_invite
from telegram_emulator import BotApiEmulator, ChatUser

CITIZEN = ChatUser(id=1001, first_name="Nguyễn Văn", last_name="An")
ADMIN = ChatUser(id=9001, first_name="Quản trị", last_name="viên")
TAG = re.compile(r"<[^>]+>")


def _staff_user(role: Role, dept: str) -> ChatUser:
    # A stable id per department and role, so the same console identity keeps its history.
    base = 3000 if role is Role.LEADER else 2000
    return ChatUser(id=base + sum(map(ord, dept)), first_name="Cán bộ", last_name=dept)


class Console:
    def __init__(self, settings: Settings, out: TextIO = sys.stdout) -> None:
        self.settings = dataclasses.replace(settings, admin_ids=settings.admin_ids | {ADMIN.id})
        self.out = out
        self.user = CITIZEN
        self.buttons: list[tuple[dict[str, Any], str, str]] = []

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    async def run(self, lines: TextIO, echo: bool) -> None:
        async with BotApiEmulator() as emulator:
            settings = dataclasses.replace(self.settings, api_base_url=emulator.base_url)
            app = build_application(
                settings, token=emulator.token, rate_limiter=False, background=False
            )
            async with app:
                await open_services(app)
                try:
                    self.chat = LocalChat(app, emulator)
                    self.app = app
                    self.say(
                        "Trò chuyện với cchc-bot trong terminal. Bạn đang là: người dân."
                        " Gõ /as để đổi vai, số để bấm nút, /quit để thoát."
                    )
                    loop = asyncio.get_running_loop()
                    while True:
                        line = await loop.run_in_executor(None, lines.readline)
                        if not line:
                            break
                        line = line.rstrip("\n")
                        if echo:
                            self.say(f"» {line}")
                        if line.strip() in ("/quit", "/exit"):
                            break
                        if line.strip():
                            await self.handle(line.strip())
                finally:
                    await close_services(app)

    async def handle(self, line: str) -> None:
        if line.startswith("/as"):
            await self.switch(line.split()[1:])
            return
        if line.isdigit() and self.buttons:
            number = int(line)
            if not 1 <= number <= len(self.buttons):
                self.say(f"(không có nút số {number})")
                return
            message, _, data = self.buttons[number - 1]
            self.show(await self.chat.press(self.user, message, data) + await self.deliver())
            return
        if line.startswith(("/photo ", "/file ")):
            kind, _, rest = line.partition(" ")
            path_text, _, caption = rest.partition(" ")
            path = Path(path_text).expanduser()  # noqa: ASYNC240 - a file the user named
            try:
                content = path.read_bytes()
            except OSError:
                self.say(f"(không đọc được tệp {path})")
                return
            if kind == "/photo":
                events = await self.chat.send(self.user, photo=content, caption=caption or None)
            else:
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                events = await self.chat.send(
                    self.user, document=(path.name, content, mime), caption=caption or None
                )
            self.show(events + await self.deliver())
            return
        self.show(await self.chat.send(self.user, line) + await self.deliver())

    async def switch(self, args: list[str]) -> None:
        store = self.app.bot_data.store
        now = self.app.bot_data.clock.now()
        if not args or args[0] == "citizen":
            self.user = CITIZEN
            self.say("(bạn đang là: người dân)")
            return
        if args[0] == "admin":
            self.user = ADMIN
            self.say("(bạn đang là: quản trị viên)")
            return
        role = {"official": Role.OFFICIAL, "leader": Role.LEADER}.get(args[0])
        dept = await store.departments.get(args[1].upper()) if len(args) > 1 else None
        if role is Role.LEADER and len(args) == 1:  # a leader sits in the ward's office
            dept = next(iter(await store.departments.all()), None)
        if role is None or dept is None:
            codes = ", ".join(d.code for d in await store.departments.all())
            self.say(
                "(dùng: /as citizen | /as official <mã> | /as leader [mã] | /as admin;"
                f" mã: {codes})"
            )
            return
        user = _staff_user(role, dept.code)
        record = await store.users.get(user.id)
        if record is None or record.role is not role or record.dept_code != dept.code:
            # Join the way a person would: an admin's invite, redeemed (both audited).
            invite = await create_invite(store, ADMIN.id, dept.code, role, now, 1)
            await redeem_invite(store, invite.code, user.id, display_name(user), None, now)
        self.user = user
        label = "lãnh đạo" if role is Role.LEADER else "cán bộ"
        self.say(f"(bạn đang là: {label} - {dept.name})")

    async def deliver(self) -> list[dict[str, Any]]:
        """Send what the outbox holds now (notifications to other people, reminders)."""
        await self.app.bot_data.sender.drain_once()
        events, self.chat._cursor = self.chat.emulator.events(self.chat._cursor)
        return events

    def show(self, events: list[dict[str, Any]]) -> None:
        self.buttons = []
        for event in events:
            kind = event.get("kind")
            message = event.get("message") or {}
            if kind not in ("send", "edit"):
                if kind == "answer_callback" and event.get("text"):
                    self.say(f"   ({event['text']})")
                continue
            prefix = "bot" if kind == "send" else "bot (sửa)"
            if event.get("chat_id") != self.user.id:
                prefix += f" → chat {event.get('chat_id')}"
            body = message.get("text") or message.get("caption") or ""
            if message.get("photo"):
                body = "[ảnh] " + body
            if message.get("document"):
                body = f"[tệp {message['document'].get('file_name', '')}] " + body
            self.say(f"{prefix}: " + html.unescape(TAG.sub("", body)).replace("\n", "\n     "))
            if event.get("chat_id") == self.user.id:
                for label, data in buttons_of(message):
                    self.buttons.append((message, label, data))
        if self.buttons:
            self.say(
                "     "
                + "  ".join(f"[{i}] {label}" for i, (_, label, _) in enumerate(self.buttons, 1))
            )


def run_console(settings: Settings, lines: TextIO = sys.stdin) -> None:
    asyncio.run(Console(settings).run(lines, echo=not lines.isatty()))
