"""What a citizen, an official and an admin see when they talk to the bot."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from telegram import BotCommandScopeChat, BotCommandScopeDefault

from bot.clock import ManualClock
from tests.auxil.constants import ADMIN, CITIZEN, CITIZEN_2, OFFICIAL_TP, VN
from tests.auxil.harness import BotHarness


async def test_citizen_is_greeted_in_vietnamese_with_a_menu(bot: BotHarness) -> None:
    reply = await bot.say(CITIZEN, "/start")
    assert "Xin chào Trần Thị Bình" in reply
    assert "thủ tục hành chính" in reply
    assert "📊 Chỉ tiêu" in bot.buttons(CITIZEN)


async def test_targets_show_sipas_with_this_years_milestone(bot: BotHarness) -> None:
    reply = await bot.say(CITIZEN, "/chitieu")
    assert "Mốc năm 2025" in reply
    assert "1.1b Mức độ hài lòng của người dân (SIPAS): ≥ 90% (phấn đấu 95%)" in reply
    assert "1.3a Hồ sơ thủ tục hành chính trả kết quả đúng hạn, trước hạn: 100%" in reply
    assert "1.4a Cơ cấu số lượng cán bộ, công chức đúng quy định: chỉ tiêu định tính" in reply
    assert "7. Xây dựng chính quyền điện tử, chính quyền số" in reply


async def test_targets_in_2023_show_the_2023_sipas_milestone(bot: BotHarness) -> None:
    bot.clock.set(datetime(2023, 3, 1, 9, 0, tzinfo=VN))
    reply = await bot.say(CITIZEN, "/chitieu")
    assert "Mốc năm 2023" in reply
    assert "(SIPAS): > 85%" in reply
    # The online-dossier target is set for 2025 only.
    assert (
        "1.3b Hồ sơ thủ tục hành chính thực hiện trực tuyến (dịch vụ công trực tuyến):"
        " năm nay không có mốc" in reply
    )


async def test_after_the_period_targets_say_the_plan_has_ended(bot: BotHarness) -> None:
    bot.clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=VN))
    reply = await bot.say(CITIZEN, "/chitieu")
    assert "giai đoạn 2021-2025 đã kết thúc" in reply
    assert "≥ 90%" in reply


async def test_the_targets_button_works_like_the_command(bot: BotHarness) -> None:
    await bot.say(CITIZEN, "/start")
    reply = await bot.click(CITIZEN, "📊 Chỉ tiêu")
    assert "Chỉ tiêu của Kế hoạch 124/KH-UBND" in reply


async def test_help_lists_what_each_role_can_do(bot: BotHarness) -> None:
    citizen_help = await bot.say(CITIZEN, "/trogiup")
    admin_help = await bot.say(ADMIN, "/trogiup")
    assert "/chitieu" in citizen_help
    assert "/moi" not in citizen_help
    assert "/moi" in admin_help
    assert "quản trị viên" in admin_help


async def test_unknown_commands_and_stray_messages_get_an_answer(bot: BotHarness) -> None:
    assert "Không có lệnh /khongco" in await bot.say(CITIZEN, "/khongco")
    assert "Tôi chỉ đọc được tin nhắn chữ" in (await bot.say(CITIZEN, sticker=True)).replace(
        "Ở đây tôi", "Tôi"
    )


async def test_command_menus_are_set_per_role_in_vietnamese(bot: BotHarness) -> None:
    default = bot.menu(BotCommandScopeDefault().to_dict())
    names = {c["command"] for c in default}
    assert "chitieu" in names and "moi" not in names
    assert any(c["description"] == "Chỉ tiêu của kế hoạch và mốc năm nay" for c in default)
    admin = bot.menu(BotCommandScopeChat(ADMIN.id).to_dict())
    assert "moi" in {c["command"] for c in admin}


async def test_an_invite_code_works_once(bot: BotHarness) -> None:
    reply = await bot.say(ADMIN, "/moi TP")
    code = reply.split("Người được mời gõ: /thamgia ")[1].strip()
    joined = await bot.say(OFFICIAL_TP, f"/thamgia {code}")
    assert "Bạn đã tham gia Công chức Tư pháp với vai trò cán bộ" in joined
    user = await bot.store.users.get(OFFICIAL_TP.id)
    assert user is not None and user.dept_code == "TP"
    # The official's own command menu now has the staff commands.
    menu = bot.menu(BotCommandScopeChat(OFFICIAL_TP.id).to_dict())
    assert menu, "the official's menu was not set"
    # A second person cannot reuse it.
    assert "đã được sử dụng" in await bot.say(CITIZEN_2, f"/thamgia {code}")
    assert (await bot.store.users.get(CITIZEN_2.id)) is None
    history = await bot.store.audit.history(f"user:{OFFICIAL_TP.id}")
    assert [e.action for e in history] == ["role.change"]
    assert history[0].detail["before"] == "citizen" and history[0].detail["after_dept"] == "TP"


async def test_an_expired_or_unknown_invite_code_is_refused(bot: BotHarness) -> None:
    reply = await bot.say(ADMIN, "/moi VHXH")
    code = reply.split("Người được mời gõ: /thamgia ")[1].strip()
    bot.clock.advance(days=7, seconds=1)
    assert "đã hết hạn" in await bot.say(CITIZEN, f"/thamgia {code}")
    assert "không tồn tại" in await bot.say(CITIZEN, "/thamgia ZZZZ-ZZZZ")
    user = await bot.store.users.get(CITIZEN.id)
    assert user is None or user.dept_code is None


async def test_a_lowercase_code_with_spaces_still_works(bot: BotHarness) -> None:
    reply = await bot.say(ADMIN, "/moi VP lanhdao")
    code = reply.split("Người được mời gõ: /thamgia ")[1].strip()
    messy = code.lower().replace("-", " ")
    assert "vai trò lãnh đạo" in await bot.say(
        CITIZEN, f"/thamgia {messy.split()[0]}{messy.split()[1]}"
    )


async def test_a_citizen_cannot_create_an_invite(bot: BotHarness) -> None:
    reply = await bot.say(CITIZEN, "/moi TP")
    assert "lệnh này dành cho cán bộ" in reply
    since = bot.clock.now() - timedelta(days=1)
    assert all(e.action != "invite.create" for e in await bot.store.audit.history())
    assert since < bot.clock.now()


async def test_an_official_cannot_create_an_invite(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    reply = await bot.say(OFFICIAL_TP, "/moi TP")
    assert "dành cho quản trị viên hệ thống" in reply


async def test_invite_with_an_unknown_department_lists_the_departments(bot: BotHarness) -> None:
    reply = await bot.say(ADMIN, "/moi XYZ")
    assert "Không có bộ phận XYZ" in reply
    assert "TP - Công chức Tư pháp" in reply


@pytest.mark.parametrize("clock", [ManualClock(datetime(2026, 12, 1, 9, 0, tzinfo=VN))])
async def test_a_bot_started_after_the_period_tells_officials_the_plan_has_ended(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    reply = await bot.say(OFFICIAL_TP, "/nhiemvu")
    assert "0 nhiệm vụ đang mở" in reply
    assert "Kế hoạch giai đoạn 2021-2025 đã kết thúc" in reply
    # Never a shell command (field test section 6): the ward office loads the next plan.
    assert "Văn phòng phường sẽ nạp kế hoạch mới" in reply and "cchc-bot" not in reply
    assert "Làm tốt lắm" not in reply and "Bấm vào một nhiệm vụ" not in reply


async def test_after_the_period_what_was_left_unreported_stays_overdue(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=VN))
    reply = await bot.say(OFFICIAL_TP, "/nhiemvu")
    assert "Kế hoạch giai đoạn 2021-2025 đã kết thúc" in reply
    assert "2.3a Rà soát, đơn giản hóa và công khai TTHC · quý II/2025" in reply
    assert "🔴 quá hạn" in reply and "Bấm vào một nhiệm vụ" in reply


async def test_a_command_typed_in_the_middle_of_a_flow_leaves_it_and_runs(
    bot: BotHarness,
) -> None:
    await bot.say(CITIZEN, "/phananh")
    survey = await bot.say(CITIZEN, "/danhgia")  # another flow's entry point
    assert "Không có lệnh" not in survey and "1/" in survey, survey
    await bot.say(CITIZEN, "/huy")
    assert "bước 1/3" in await bot.say(CITIZEN, "/phananh")
    assert (await bot.say(CITIZEN, "/thutuc khai sinh")).startswith("Đăng ký khai sinh\n")
    # The complaint flow was left: free text is a question again, not the complaint's content.
    assert (await bot.say(CITIZEN, "dang ky ket hon")).startswith("Đăng ký kết hôn\n")
