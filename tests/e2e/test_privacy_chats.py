"""Personal data stays in private chats (audit H4, H5, M1, L7), /dulieucuatoi (M6), and the input
problems people could notice (M2, L2, L3): the audit's reproductions, turned around."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

from domain.i18n import translator
from domain.model import Role
from services.complaints import shipped_rules
from services.questions import ask
from services.reminders import queue_reminders
from telegram_emulator import ChatUser
from tests.auxil.constants import ADMIN, CITIZEN, CITIZEN_2, LEADER, OFFICIAL_TP, VN
from tests.auxil.harness import BotHarness, plain

GROUP = -100777
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x20" + bytes(64)
SECRET = "Nhà số 12 ngõ 5 bị lấn chiếm vỉa hè, SĐT tôi 0912345678, tên Nguyễn Thị Mai"
QUESTION = "xin hỏi con tôi Nguyễn Văn An bị mất giấy tờ CCCD 001099012345 phải làm sao"
OFFICIAL_MTTQ = ChatUser(id=2006, first_name="Tổ", last_name="Dân Phố")
APOLOGY = "hệ thống gặp sự cố"
LINK = "https://t.me/cchc_test_bot?start="


def in_chat(events: list[dict[str, Any]], chat_id: int) -> str:
    """Everything the bot showed in a chat: texts, captions, photos, documents, alerts."""
    parts = []
    for e in events:
        if e.get("kind") in ("send", "edit") and e.get("chat_id") == chat_id:
            msg = e["message"]
            parts.append(plain(str(msg.get("text") or msg.get("caption") or "")))
            parts += ["[PHOTO]"] if msg.get("photo") else []
            parts += [f"[DOC {msg['document'].get('file_name')}]"] if msg.get("document") else []
            for ent in msg.get("entities", []):
                parts += [ent.get("url", "")] if ent.get("type") == "text_link" else []
        if e.get("kind") == "answer_callback" and e.get("text"):
            parts.append(f"(alert: {e['text']})")
    return "\n".join(parts)


def urls(events: list[dict[str, Any]], chat_id: int) -> list[str]:
    """The URL buttons of the bot's "open it in the private chat" answers in the chat."""
    return [
        button["url"]
        for e in events
        if e.get("kind") == "send" and e.get("chat_id") == chat_id
        if "chat riêng" in str(e["message"].get("text"))
        for row in (e["message"].get("reply_markup") or {}).get("inline_keyboard", [])
        for button in row
        if "url" in button
    ]


async def complaint(bot: BotHarness, user: ChatUser, content: str = SECRET) -> str:
    await bot.say(user, "/phananh")
    await bot.say(user, content)
    await bot.say(user, photo=PNG)
    await bot.say(user, location=(20.9647, 105.7617))
    await bot.click(user, "Tiếp tục ➡️")
    field_buttons = [b for b in bot.buttons(user) if b.startswith("✅ ")]
    await bot.click(user, field_buttons[0] if field_buttons else "Không rõ / lĩnh vực khác")
    sent = await bot.click(user, "✅ Gửi")
    return sent.split("Mã theo dõi của bạn là ")[1].split(".")[0]


async def in_group(bot: BotHarness, user: ChatUser, text: str) -> list[dict[str, Any]]:
    return await bot.send(user, text, chat_id=GROUP, chat_type="supergroup")


async def test_H4_a_complaint_opened_in_a_group_shows_only_its_code_and_a_private_link(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await complaint(bot, CITIZEN)
    await in_group(bot, OFFICIAL_TP, "/lienket")

    # Typed in the group: the code, "mới", a button to the private chat; no content at all.
    events = await in_group(bot, OFFICIAL_TP, f"/xuly {code}")
    shown = in_chat(events, GROUP)
    assert f"{code} mới, mở trong chat riêng" in shown
    assert "0912345678" not in shown and "[PHOTO]" not in shown and "openstreetmap" not in shown
    assert urls(events, GROUP) == [f"{LINK}xl_{code}"]

    # The reminder that reaches the linked group carries the link, not a callback button.
    bot.clock.set(datetime(2025, 6, 13, 8, 30, tzinfo=VN))
    settings = bot.app.bot_data.settings
    await queue_reminders(
        bot.store, bot.clock.now(), settings.schedule, translator("vi", VN), settings.admin_ids
    )
    await bot.deliver()
    reminder = next(m for m in bot.emulator.sent_to(GROUP) if code in str(m.get("text")))
    [[button]] = reminder["reply_markup"]["inline_keyboard"]
    assert button["url"] == f"{LINK}xl_{code}" and "callback_data" not in button
    # A reminder of the old kind (do:/xuly) or a forged xl: button pressed in the group: same.
    for data in (f"do:/xuly {code}", f"xl:o:{code}", f"xl:r:{code}"):
        events = await bot.press(OFFICIAL_TP, reminder, data)
        shown = in_chat(events, GROUP)
        assert "0912345678" not in shown and "[PHOTO]" not in shown, data
        assert urls(events, GROUP) == [f"{LINK}xl_{code}"], data

    # The link opens it in the official's private chat, after the usual check.
    events = await bot.send(OFFICIAL_TP, f"/start xl_{code}")
    private = in_chat(events, OFFICIAL_TP.id)
    assert "0912345678" in private and "[PHOTO]" in private
    assert "không thuộc phạm vi" in await bot.say(CITIZEN_2, f"/start xl_{code}")


async def test_H4_a_question_in_a_group_and_M1_a_forged_answer_button(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(OFFICIAL_MTTQ, "MTTQ")
    asked = await ask(
        bot.store, shipped_rules(), translator("vi", VN), CITIZEN.id, QUESTION, bot.clock.now()
    )
    await bot.deliver()
    qid = asked.question_id
    await in_group(bot, OFFICIAL_TP, "/trogiup")
    anchor = bot.emulator.sent_to(GROUP)[-1]

    events = await bot.press(OFFICIAL_TP, anchor, f"qa:a:{qid}")
    shown = in_chat(events, GROUP)
    assert f"Câu hỏi {qid}, mở trong chat riêng" in shown and "CCCD" not in shown
    assert urls(events, GROUP) == [f"{LINK}qa_{qid}"]

    # M1: an official of another department forging qa:a reads and answers nothing.
    await bot.say(OFFICIAL_MTTQ, "/start")
    events = await bot.press(OFFICIAL_MTTQ, bot.replies(OFFICIAL_MTTQ)[-1], f"qa:a:{qid}")
    assert "CCCD" not in in_chat(events, OFFICIAL_MTTQ.id)
    assert "(alert: Xin lỗi" in in_chat(events, OFFICIAL_MTTQ.id)
    assert "không thể trả lời" in await bot.say(OFFICIAL_MTTQ, f"/start qa_{qid}")

    # The department's official follows the link and answers in private.
    assert "CCCD 001099012345" in await bot.say(OFFICIAL_TP, f"/start qa_{qid}")
    await bot.click(OFFICIAL_TP, "✍️ Trả lời")
    assert "Đã gửi" in await bot.say(OFFICIAL_TP, "Anh chị mang CCCD đến bộ phận một cửa.")
    await bot.deliver()
    assert any("bộ phận một cửa" in m for m in bot.inbox(CITIZEN))


async def test_H4_the_report_asked_for_in_a_group_goes_to_the_private_chat(
    bot: BotHarness,
) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    await bot.say(LEADER, "/start")
    events = await in_group(bot, LEADER, "/xuatbaocao quy 2025-Q2")
    assert "[DOC" not in in_chat(events, GROUP)
    assert "chat riêng" in in_chat(events, GROUP)
    assert "[DOC" in in_chat(events, LEADER.id)


async def test_H5_invite_codes_are_given_and_redeemed_in_private_chats_only(
    bot: BotHarness,
) -> None:
    events = await in_group(bot, ADMIN, "/moi TP lanhdao")
    shown = in_chat(events, GROUP)
    assert "/thamgia" not in shown and "chỉ dùng trong chat riêng" in shown
    code = (await bot.say(ADMIN, "/moi TP lanhdao")).split("/thamgia ")[-1].strip()
    events = await in_group(bot, CITIZEN_2, f"/thamgia {code}")
    assert "chỉ dùng trong chat riêng" in in_chat(events, GROUP)
    user = await bot.store.users.get(CITIZEN_2.id)
    assert user is None or user.role is Role.CITIZEN
    assert "Chào mừng" in await bot.say(CITIZEN_2, f"/thamgia {code}")


async def test_L7_citizen_flows_are_private_and_group_digest_is_for_group_admins(
    bot: BotHarness,
) -> None:
    for command in ("/phananh", "/theodoi", "/danhgia"):
        events = await in_group(bot, CITIZEN, command)
        assert "chỉ dùng trong chat riêng" in in_chat(events, GROUP), command
    events = await in_group(bot, CITIZEN, "/huydangky")
    assert "Chỉ quản trị viên của nhóm" in in_chat(events, GROUP)
    assert await bot.store.subscriptions.choice(GROUP) is None
    bot.emulator.chat_admins[GROUP] = {CITIZEN_2.id}
    events = await in_group(bot, CITIZEN_2, "/dangky")
    assert "Chỉ quản trị viên" not in in_chat(events, GROUP)
    assert await bot.store.subscriptions.choice(GROUP) is True


async def test_M6_a_citizen_sees_their_data_reads_the_notice_and_deletes_it(
    bot: BotHarness,
) -> None:
    start = await bot.say(CITIZEN, "/start")
    assert start and "🔏 Dữ liệu của bạn được dùng thế nào" in bot.buttons(CITIZEN)
    notice = await bot.click(CITIZEN, "🔏 Dữ liệu của bạn được dùng thế nào")
    assert "24 tháng" in notice and "Nghị định 13/2023" in notice
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await complaint(bot, CITIZEN)
    held = await bot.say(CITIZEN, "/dulieucuatoi")
    assert code in held and "Phản ánh: 1" in held
    assert "đã tiếp nhận" in held
    assert "Xoá dữ liệu" in await bot.click(CITIZEN, "🗑 Xoá dữ liệu của tôi")
    done = await bot.click(CITIZEN, "🗑 Có, xoá")
    assert "đã được xoá" in done and code in done and "ngay khi đóng" in done
    # In a group it lists nothing.
    events = await in_group(bot, CITIZEN, "/dulieucuatoi")
    assert code not in in_chat(events, GROUP)


async def test_M2_a_long_complaint_with_a_long_history_can_be_opened(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    long = ("Rác thải đổ trộm ở ngõ 5, <i>đêm</i> " * 200)[:2990]
    code = await complaint(bot, CITIZEN, long)
    for _ in range(3):
        await bot.say(OFFICIAL_TP, f"/xuly {code}")
        await bot.click(OFFICIAL_TP, "💬 Trả lời")
        await bot.say(OFFICIAL_TP, "Phường đã tiếp nhận và sẽ xử lý. " * 80)
    citizen = await bot.say(CITIZEN, f"/theodoi {code}")
    staff = await bot.say(OFFICIAL_TP, f"/xuly {code}")
    assert APOLOGY not in citizen and APOLOGY not in staff
    assert f"Phản ánh {code}" in citizen and f"Phản ánh {code}" in staff
    screen = next(
        m for m in bot.replies(OFFICIAL_TP)[::-1] if f"Phản ánh {code}" in str(m.get("text"))
    )
    assert "💬 Trả lời" in str(screen["reply_markup"])


async def test_L2_malformed_button_payloads_are_answered_politely(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    malformed = [
        "qa:a:99999999999999999999", "qa:a:x", "xb:", "xb:quarter", "xb:quarter:<b>",
        "nv:d:<b>x</b>", "nv:D:1:2", "xl:M:PA", "xl:o:", "pa:v:", "sv:s:", "bc:o:",
        "bc:o:2.3a", "sl:t:", "ct:", "tt:c:", "do:", "do:/", "cmd:", "pd:E:x", "cal:del:2025",
        "ob:retry:x", "news:x", "zz:" + "x" * 60,
    ]  # fmt: skip
    for user in (CITIZEN, OFFICIAL_TP, LEADER):
        await bot.say(user, "/start")
        anchor = bot.replies(user)[-1]
        for data in malformed:
            events = await bot.press(user, anchor, data)
            shown = in_chat(events, user.id)
            assert APOLOGY not in shown, (user.id, data, shown)
            await bot.send(user, "/huy")


async def test_L3_a_very_long_argument_is_clipped_when_echoed(bot: BotHarness) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    for text in ("/xuatbaocao quy " + "Q" * 5000, "/moi " + "X" * 5000, "/" + "a" * 5000):
        user = ADMIN if text.startswith("/moi") else LEADER
        reply = await bot.say(user, text)
        assert reply and APOLOGY not in reply and len(reply) < 1000, text[:20]


async def test_L6_no_complaint_notice_or_answer_is_sent_at_night(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(datetime(2025, 6, 3, 23, 30, tzinfo=VN))
    code = await complaint(bot, CITIZEN, "Karaoke hàng xóm mở to lúc nửa đêm ở ngõ 5, rất ồn")
    await bot.deliver()
    assert not [m for m in bot.inbox(OFFICIAL_TP) if code in m]
    # The official opens it anyway (from /xuly) and replies: the citizen is not woken either.
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "💬 Trả lời")
    assert "Xong" in await bot.say(OFFICIAL_TP, "Phường đã cử người xuống kiểm tra")
    await bot.deliver()
    assert not [m for m in bot.inbox(CITIZEN) if "cử người" in m]
    bot.clock.set(datetime(2025, 6, 4, 7, 0, 5, tzinfo=VN))
    await bot.deliver()
    assert [m for m in bot.inbox(OFFICIAL_TP) if code in m]
    assert [m for m in bot.inbox(CITIZEN) if "cử người" in m]


async def test_M6_L11_evidence_files_are_private_and_keep_known_suffixes_only(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    files = bot.app.bot_data.settings.files_dir
    for name in ("lệnh.sh", "\u202egnp.exe", "báo cáo.pdf"):
        await bot.say(OFFICIAL_TP, "/baocao 2.3a")
        await bot.click(OFFICIAL_TP, "⏳ Đang thực hiện")
        await bot.say(OFFICIAL_TP, "ghi chú kèm tài liệu")
        await bot.say(OFFICIAL_TP, document=(name, b"%PDF-1.4 test", "application/pdf"))
        await bot.click(OFFICIAL_TP, "➡️ Tiếp tục")
        await bot.click(OFFICIAL_TP, "✅ Gửi báo cáo")
    rows = await bot.store.db.fetchall("SELECT local_path FROM report_evidence ORDER BY id")
    kept = [Path(r[0]) for r in rows if r[0]]
    assert [p.suffix for p in kept] == [".bin", ".bin", ".pdf"]
    for path in kept:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        folder = path.parent
        while folder != files.parent:
            assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder
            folder = folder.parent
