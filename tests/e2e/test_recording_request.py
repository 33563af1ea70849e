"""Handlers driven through `process_update` with the Bot API answered in memory (no HTTP)."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest

from tests.auxil.constants import CITIZEN
from tests.auxil.requests import OfflineBot


async def test_start_greets_a_citizen_in_vietnamese_with_the_main_menu(offline: OfflineBot) -> None:
    [reply] = await offline.send(CITIZEN, "/start")
    assert reply.method == "sendMessage" and reply.chat_id == CITIZEN.id
    assert reply.text.startswith("Xin chào Trần Thị Bình! Đây là trợ lý cải cách hành chính")
    assert reply.params["parse_mode"] == "HTML"
    assert reply.buttons == [
        "📘 Thủ tục",
        "📝 Phản ánh",
        "🔎 Theo dõi phản ánh",
        "⭐ Đánh giá",
        "📊 Chỉ tiêu",
        "📰 Tin tức",
        "☰ Tất cả chức năng",  # every other command, a button each (issue 10)
        "🔏 Dữ liệu của bạn được dùng thế nào",  # the privacy notice (audit M6)
    ]


async def test_a_citizen_asking_about_birth_registration_gets_the_birth_card(
    offline: OfflineBot,
) -> None:
    [card] = await offline.send(CITIZEN, "dang ky khai sinh")
    assert card.text.startswith("Đăng ký khai sinh\nLĩnh vực: Hộ tịch")
    assert "Cần mang theo" in card.text and "Tờ khai đăng ký khai sinh" in card.text
    # Issue 13: the linked package is a button, and the card leads back to its field.
    assert card.buttons[:2] == ["📄 Chi tiết", "🔎 Không phải thủ tục này"]
    assert card.buttons[3:] == ["🌐 Nộp trực tuyến", "⬅️ Hộ tịch"]


async def test_an_unknown_command_is_answered_politely_in_vietnamese(offline: OfflineBot) -> None:
    [reply] = await offline.send(CITIZEN, "/khongco")
    assert reply.text == "Không có lệnh /khongco. Gõ /trogiup để xem bạn có thể làm gì."


async def test_a_menu_button_answers_the_press_and_shows_the_targets(offline: OfflineBot) -> None:
    await offline.send(CITIZEN, "/start")
    calls = await offline.press(CITIZEN, "📊 Chỉ tiêu")
    assert calls[0].method == "answerCallbackQuery"
    assert calls[-1].text.startswith("Chỉ tiêu của Kế hoạch 124/KH-UBND")


async def test_start_up_sets_the_vietnamese_command_menus(offline: OfflineBot) -> None:
    assert offline.request.methods()[0] == "getMe"
    menus = [c for c in offline.request.calls if c.method == "setMyCommands"]
    default = next(c for c in menus if c.params["scope"] == {"type": "default"})
    assert {"command": "chitieu", "description": "Chỉ tiêu của kế hoạch và mốc năm nay"} in (
        default.params["commands"]
    )


async def test_a_method_without_an_answer_fails_the_test(offline: OfflineBot) -> None:
    with pytest.raises(pytest.fail.Exception, match="no answer for getChat"):
        await offline.app.bot.get_chat(CITIZEN.id)


async def test_broken_html_is_refused_as_telegram_refuses_it(offline: OfflineBot) -> None:
    with pytest.raises(BadRequest, match="can't find end tag"):
        await offline.app.bot.send_message(CITIZEN.id, "<b>đậm", parse_mode="HTML")
