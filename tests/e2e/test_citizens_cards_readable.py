"""Issue 13 item 8 (field test C14), as a citizen sees it on a phone: the long "chứng thực" names
read by their head on buttons and cards, each still telling which procedure it is; Details give
the full official name and keep "not this one" and the way back; the online button only where
the card says online is possible; no internal code in the text."""

from __future__ import annotations

import re

from tests.auxil.constants import CITIZEN
from tests.auxil.harness import BotHarness

INTERNAL_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # catalogue codes: chung_thuc_ban_sao


async def test_item8_chung_thuc_buttons_are_short_and_tell_the_procedures_apart(
    bot: BotHarness,
) -> None:
    await bot.say(CITIZEN, "chung thuc")
    buttons = bot.buttons(CITIZEN)[:-1]  # the last: back to all fields
    assert buttons[:4] == [
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Chứng thực chữ ký người dịch",
        "Chứng thực giao dịch liên quan đến tài sản",
    ]
    assert len(set(buttons)) == len(buttons) and all(len(b) <= 56 for b in buttons)
    card = await bot.click(CITIZEN, "Chứng thực bản sao từ bản chính giấy tờ, văn bản")
    assert card.startswith("Chứng thực bản sao từ bản chính giấy tờ, văn bản\nLĩnh vực: Chứng thực")
    assert "Trực tuyến: không" in card and "🌐 Nộp trực tuyến" not in bot.buttons(CITIZEN)
    assert not INTERNAL_CODE.search(card)
    details = await bot.click(CITIZEN, "📄 Chi tiết")
    assert details.startswith(
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền"
    )
    assert bot.buttons(CITIZEN) == ["⬅️ Chứng thực"]


async def test_item8_details_from_a_search_keep_not_this_one_and_the_way_back(
    bot: BotHarness,
) -> None:
    card = await bot.say(CITIZEN, "chung thuc ban sao")
    assert card.startswith("Chứng thực bản sao từ bản chính giấy tờ, văn bản\n")
    assert bot.buttons(CITIZEN) == ["📄 Chi tiết", "🔎 Không phải thủ tục này", "⬅️ Chứng thực"]
    await bot.click(CITIZEN, "📄 Chi tiết")
    assert bot.buttons(CITIZEN) == ["🔎 Không phải thủ tục này", "⬅️ Chứng thực"]
    online = await bot.say(CITIZEN, "dang ky khai sinh")
    assert "Trực tuyến: toàn trình" in online and "🌐 Nộp trực tuyến" in bot.buttons(CITIZEN)
    assert not INTERNAL_CODE.search(online)


async def test_a_card_shows_its_note_when_the_note_answers_what_was_asked(bot: BotHarness) -> None:
    # Repairs: the permit's note says they are a procedure of their own, some houses are exempt.
    card = await bot.say(CITIZEN, "sua nha co can xin phep ko")
    assert card.startswith("Cấp giấy phép xây dựng mới")
    assert "📝 Một số nhà ở riêng lẻ được miễn giấy phép" in card
    assert "Sửa chữa, cải tạo, gia hạn, cấp lại giấy phép là các thủ tục riêng" in card
    # "How many days may I wait": the 15 days to register a death are in its note.
    assert "trong 15 ngày kể từ ngày chết" in await bot.say(
        CITIZEN, "thoi han dang ky khai tu la bao nhieu ngay"
    )
    # Who a procedure is for is on its card whatever the question (a widow was sent to the
    # social-protection funeral allowance with nothing to say it was not hers).
    funeral = await bot.say(CITIZEN, "tien ho tro mai tang cho doi tuong bao tro xa hoi")
    assert "📝 Áp dụng khi người mất đang hưởng trợ cấp xã hội hằng tháng" in funeral
    # Asked by its name only: the short card, the note left to Details.
    assert "📝" not in await bot.say(CITIZEN, "xin giay phep xay dung")
    assert "📝" not in await bot.say(CITIZEN, "dang ky khai tu")
