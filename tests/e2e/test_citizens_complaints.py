"""A citizen's complaint from /phananh to its closed answer, and who may see or touch it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from bot.clock import ManualClock
from bot.settings import Settings
from domain.complaints import parse_code, suggest_field, tracking_code
from domain.model import Role
from services.complaints import shipped_rules
from telegram_emulator import BotApiEmulator, ChatUser
from tests.auxil.constants import CITIZEN, CITIZEN_2, LEADER, OFFICIAL_TP, OFFICIAL_VHXH, VN
from tests.auxil.harness import BotHarness, running_bot
from tests.auxil.plans import TEST_PLAN_2026

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x20" + bytes(64)
OFFICIAL_DCXD = ChatUser(id=2005, first_name="Vũ", last_name="Địa Chính")
FLOOD = "Ngõ 5 tổ dân phố 3 bị ngập nước thải từ tuần trước, mùi rất hôi, xin phường xử lý."


async def send_complaint(bot: BotHarness, user: ChatUser, content: str = FLOOD) -> str:
    """The whole /phananh flow by buttons; returns the tracking code shown."""
    assert "Gửi phản ánh, kiến nghị" in await bot.say(user, "/phananh")
    assert "bước 2/3" in await bot.say(user, content)
    await bot.click(user, "Tiếp tục ➡️")
    field_buttons = [b for b in bot.buttons(user) if b.startswith("✅ ")]
    await bot.click(user, field_buttons[0] if field_buttons else "Không rõ / lĩnh vực khác")
    sent = await bot.click(user, "✅ Gửi")
    assert "Mã theo dõi của bạn là" in sent, sent
    code = sent.split("Mã theo dõi của bạn là ")[1].split(".")[0]
    assert parse_code(code) == code
    return code


async def test_complaint_with_a_photo_from_submission_to_closed_answer(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(OFFICIAL_DCXD, "DCXD")
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")

    # The citizen writes, adds a photo and the location, accepts the suggested field.
    await bot.say(CITIZEN, "/phananh")
    assert "bước 2/3" in await bot.say(CITIZEN, FLOOD)
    assert "Đã nhận ảnh 1" in await bot.say(CITIZEN, photo=PNG)
    assert "Đã nhận vị trí" in await bot.say(CITIZEN, location=(20.9647, 105.7617))
    fields = await bot.click(CITIZEN, "Tiếp tục ➡️")
    assert "Có vẻ thuộc: Đất đai, xây dựng, môi trường, trật tự đô thị" in fields
    summary = await bot.click(CITIZEN, "✅ Đất đai, xây dựng, môi trường, trật tự đô thị")
    assert "Ảnh: 1" in summary and "Vị trí: có" in summary
    assert "Chuyển đến: Công chức Tư pháp, Bộ phận Địa chính - Xây dựng - Môi trường" in summary
    sent = await bot.click(CITIZEN, "✅ Gửi")
    code = sent.split("Mã theo dõi của bạn là ")[1].split(".")[0]
    assert code == "PA-2506-0001"
    # Stored before the code was shown, with a due date 10 working days later.
    stored = await bot.store.complaints.get(code)
    assert stored is not None and stored.citizen_id == CITIZEN.id and len(stored.photos) == 1
    assert stored.dept_code == "TP" and stored.support_dept == "DCXD"
    assert stored.due_on == date(2025, 6, 16)
    assert "16/06/2025" in sent
    # The field's department is named too, as the review said (a stranger read "Công chức Tư
    # pháp xử lý" for rubbish as the wrong office).
    assert "Bộ phận Địa chính - Xây dựng - Môi trường cùng Công chức Tư pháp xử lý" in sent

    # The two departments concerned are told; another department is not.
    await bot.deliver()
    assert any(f"Phản ánh mới {code}" in m for m in bot.inbox(OFFICIAL_TP))
    assert any(f"Phản ánh mới {code}" in m for m in bot.inbox(OFFICIAL_DCXD))
    assert not any(code in m for m in bot.inbox(OFFICIAL_VHXH))

    # The justice officer opens it (the photo and location come too) and takes it.
    opened = await bot.click(OFFICIAL_TP, "Mở và xử lý")
    assert FLOOD in opened and "Ảnh: 1; vị trí: có" in opened
    assert any(m.get("photo") for m in bot.replies(OFFICIAL_TP))
    assert "📍 Mở vị trí trên bản đồ" in opened
    assert "người dân đã được báo" in await bot.click(OFFICIAL_TP, "🙋 Nhận xử lý")
    await bot.deliver()
    assert f"Phản ánh {code} của bạn đang được cán bộ phường xử lý." in bot.inbox(CITIZEN)

    # Asks for more; the citizen answers through the button in the notice.
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "❓ Đề nghị bổ sung")
    await bot.say(OFFICIAL_TP, "Bạn cho biết số nhà gần chỗ ngập nhất?")
    await bot.deliver()
    assert any("Bạn cho biết số nhà gần chỗ ngập nhất?" in m for m in bot.inbox(CITIZEN))
    await bot.click(CITIZEN, "✍️ Bổ sung thông tin")
    assert "Đã gửi cho cán bộ đang xử lý" in await bot.say(CITIZEN, "Trước cửa nhà số 12")
    await bot.deliver()
    assert any("Trước cửa nhà số 12" in m for m in bot.inbox(OFFICIAL_TP))

    # Reply, then close with the answer: the citizen is told and offered the survey.
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "💬 Trả lời")
    await bot.say(OFFICIAL_TP, "Đã báo đội thoát nước, sáng mai sẽ nạo vét.")
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "✅ Trả lời, kết thúc")
    await bot.say(OFFICIAL_TP, "Cống đã được nạo vét ngày 03/6, hết ngập.")
    await bot.click(OFFICIAL_TP, "✅ Đồng ý kết thúc")
    await bot.deliver()
    inbox = "\n".join(bot.inbox(CITIZEN))
    assert "Đã báo đội thoát nước, sáng mai sẽ nạo vét." in inbox
    assert f"Phản ánh {code} của bạn đã được trả lời và kết thúc" in inbox
    assert "⭐ Đánh giá sự phục vụ" in bot.buttons(CITIZEN)

    # The history, in order, as the citizen sees it.
    history = await bot.say(CITIZEN, f"/theodoi {code.lower().replace('-', ' ')}")
    assert f"Phản ánh {code}: đã trả lời, kết thúc" in history
    steps = [
        "Đã tiếp nhận",
        "Cán bộ nhận xử lý",
        "Phường đề nghị bổ sung thông tin: Bạn cho biết số nhà",
        "Người dân bổ sung thông tin: Trước cửa nhà số 12",
        "Phường trả lời: Đã báo đội thoát nước",
        "Đã trả lời và kết thúc: Cống đã được nạo vét",
    ]
    positions = [history.index(step) for step in steps]
    assert positions == sorted(positions)
    # Nothing more can be done on a closed complaint.
    assert await bot.store.complaints.queue(None) == []

    # Another citizen asking for that code is refused, without learning anything.
    other = await bot.say(CITIZEN_2, f"/theodoi {code}")
    assert f"Không thấy phản ánh {code} trong các phản ánh của bạn" in other
    assert FLOOD not in other


async def test_each_notice_is_queued_once(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "🙋 Nhận xử lý")
    await bot.deliver()
    await bot.deliver()
    notices = [m for m in bot.inbox(CITIZEN) if "đang được cán bộ phường xử lý" in m]
    assert len(notices) == 1
    rows = await bot.store.outbox.for_chat(CITIZEN.id)
    assert len({r.key for r in rows}) == len(rows)


async def test_forged_buttons_and_other_departments_are_refused(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    code = await send_complaint(
        bot, CITIZEN, "Hồ sơ chứng thực bản sao của tôi bị trả chậm ba ngày"
    )
    stored = await bot.store.complaints.get(code)
    assert stored is not None and "VHXH" not in stored.departments
    # An official of another department: neither /xuly nor a forged button touches it.
    assert "không thuộc phạm vi xử lý" in await bot.say(OFFICIAL_VHXH, f"/xuly {code}")
    message = bot.replies(OFFICIAL_VHXH)[-1]
    await bot.press(OFFICIAL_VHXH, message, f"xl:t:{code}")
    await bot.press(OFFICIAL_VHXH, message, f"xl:c:{code}")
    await bot.say(OFFICIAL_VHXH, "đóng luôn")
    # A citizen pressing an official's button, or another citizen's "add information".
    await bot.press(CITIZEN_2, message, f"xl:M:{code}:VP")
    await bot.press(CITIZEN_2, message, f"pa:i:{code}")
    await bot.say(CITIZEN_2, "thông tin giả")
    after = await bot.store.complaints.get(code)
    assert after is not None
    assert (after.status, after.assignee_id, after.dept_code) == ("new", None, "TP")
    events = await bot.store.complaints.events(after.id)
    assert [e.kind for e in events] == ["submitted"]
    # The leader sees every department's complaints.
    await bot.make_staff(LEADER, "VP", role=Role.LEADER)
    assert "Việc đang chờ: 1 phản ánh" in await bot.say(LEADER, "/xuly")
    assert any(code in label for label in bot.buttons(LEADER))


async def test_a_citizen_cannot_flood_the_queue(bot: BotHarness) -> None:
    limit = shipped_rules().daily_limit
    for i in range(limit):
        await send_complaint(bot, CITIZEN, f"Đèn đường ngõ {i + 1} bị hỏng đã lâu chưa sửa")
    refused = await bot.say(CITIZEN, "/phananh")
    assert f"Hôm nay bạn đã gửi {limit} phản ánh" in refused
    assert len(await bot.store.complaints.of_citizen(CITIZEN.id)) == limit
    # The next day the citizen may write again.
    bot.clock.set(datetime(2025, 6, 3, 8, 0, tzinfo=VN))
    assert "PA-2506-" in await send_complaint(bot, CITIZEN, "Cây đổ chắn ngõ 7 từ sáng nay")


async def test_reassigning_tells_the_new_department_and_the_citizen(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    code = await send_complaint(bot, CITIZEN, "Nhà văn hóa tổ 4 mở loa karaoke quá khuya")
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "↪️ Chuyển bộ phận")
    await bot.click(OFFICIAL_TP, "Công chức Văn hóa - Xã hội")
    await bot.say(OFFICIAL_TP, "Việc karaoke thuộc văn hóa")
    await bot.deliver()
    assert any(
        f"Phản ánh {code} được Công chức Tư pháp chuyển đến bộ phận của bạn" in m
        and "Lý do: Việc karaoke thuộc văn hóa" in m
        for m in bot.inbox(OFFICIAL_VHXH)
    )
    assert any("đã được chuyển đến Công chức Văn hóa - Xã hội" in m for m in bot.inbox(CITIZEN))
    deadlines = await bot.store.complaints.open_deadlines(bot.clock.now())
    assert [(d.key, d.dept_code, d.command) for d in deadlines] == [
        (f"complaint:{code}", "VHXH", f"/xuly {code}")
    ]
    assert "karaoke" not in deadlines[0].title  # no content in reminders


def test_codes_are_short_and_read_back_whatever_the_typing() -> None:
    assert tracking_code(date(2026, 11, 25), 42) == "PA-2611-0042"
    for typed in ("PA-2611-0042", "pa 2611 42", "PA26110042", " pa-2611-42 "):
        assert parse_code(typed) == "PA-2611-0042"
    for typed in ("PA-26-0042", "khai sinh", "PB-2611-0042"):
        assert parse_code(typed) is None


def test_the_field_is_suggested_from_the_words() -> None:
    rules = shipped_rules()
    assert suggest_field(rules, "rac thai vut ra duong") is not None
    field = suggest_field(rules, "Xin hỏi về trợ cấp cho người khuyết tật")
    assert field is not None and field.dept == "VHXH"
    assert suggest_field(rules, "xin chào") is None


async def test_a_ward_of_the_new_structure_is_told_and_routes_to_its_own_office(
    settings: Settings, emulator: BotApiEmulator
) -> None:
    """A ward whose only plan is the new structure's (no justice officer "TP", no "DCXD"):
    the citizen is told the real office by name, never a code, and that is where it goes."""
    settings = replace(settings, plan_file=TEST_PLAN_2026)
    clock = ManualClock(datetime(2026, 12, 7, 9, 0, tzinfo=VN))
    async with running_bot(settings, clock, emulator, rate_limiter=False) as bot:
        await bot.say(CITIZEN, "/phananh")
        await bot.say(CITIZEN, "Lam giay khai sinh cho chau ma hen mai khong co ket qua")
        await bot.click(CITIZEN, "Tiếp tục ➡️")
        [field] = [b for b in bot.buttons(CITIZEN) if b.endswith("Hộ tịch, chứng thực")]
        review = await bot.click(CITIZEN, field)
        assert "Chuyển đến: Văn phòng HĐND và UBND phường" in review, review
        assert "TP" not in review.split("Chuyển đến:")[1]
        sent = await bot.click(CITIZEN, "✅ Gửi")
        code = sent.split("Mã theo dõi của bạn là ")[1].split(".")[0]
        stored = await bot.store.complaints.get(code)
        assert stored is not None and stored.dept_code == "VP"
