"""Citizens ask about procedures in the chat: the card, the next result, browsing, the deep
link, and a question no procedure answers passed to staff and answered back."""

from __future__ import annotations

from tests.auxil.constants import CITIZEN, CITIZEN_2, OFFICIAL_TP
from tests.auxil.harness import BotHarness


async def test_a_long_question_without_marks_gets_the_birth_card(bot: BotHarness) -> None:
    card = await bot.say(CITIZEN, "cho hoi lam giay khai sinh cho con can mang gi a")
    assert card.startswith("Đăng ký khai sinh\nLĩnh vực: Hộ tịch")
    assert "Cần mang theo" in card and "Tờ khai đăng ký khai sinh" in card
    assert "Thời hạn: Trong ngày" in card
    assert "Lệ phí: Miễn lệ phí nếu đăng ký đúng hạn" in card
    assert "Nơi nộp:" in card and "Trực tuyến: toàn trình" in card
    assert "Chưa đối chiếu được với nguồn chính thức: nộp trực tuyến" in card
    assert "Thông tin được kiểm tra ngày 25/11/2026." in card
    # The linked package is a button, not an internal code; the way back is its field.
    buttons = bot.buttons(CITIZEN)
    assert buttons[:2] == ["📄 Chi tiết", "🔎 Không phải thủ tục này"]
    assert buttons[2].startswith("➡️ Liên thông") and buttons[3:] == [
        "🌐 Nộp trực tuyến",
        "⬅️ Hộ tịch",
    ]
    online = bot.replies(CITIZEN)[-1]["reply_markup"]["inline_keyboard"][2][0]
    assert online["url"].startswith("https://dichvucong.gov.vn/")


async def test_not_this_one_shows_the_next_result_and_details_show_the_law(
    bot: BotHarness,
) -> None:
    first = await bot.say(CITIZEN, "ket hon")
    assert first.startswith("Đăng ký kết hôn\n")
    second = await bot.click(CITIZEN, "🔎 Không phải thủ tục này")
    assert second.splitlines()[0] != "Đăng ký kết hôn" and "kết hôn" in second.lower()
    details = await bot.click(CITIZEN, "📄 Chi tiết")
    assert "Căn cứ pháp lý" in details and "Luật Hộ tịch" in details


async def test_running_out_of_results_offers_the_staff(bot: BotHarness) -> None:
    await bot.say(CITIZEN, "chôn")
    for _ in range(5):
        reply = await bot.click(CITIZEN, "🔎 Không phải thủ tục này")
        if "Xin lỗi" in reply:
            break
    assert "✉️ Hỏi cán bộ phường" in bot.buttons(CITIZEN)


async def test_a_question_nothing_answers_goes_to_staff_and_the_answer_comes_back(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    # (A passport is answered as out of scope since issue 13: this question finds nothing.)
    reply = await bot.say(CITIZEN, "Xin hỏi phường có cho mượn hội trường không?")
    assert "Xin lỗi, tôi chưa tìm được thủ tục phù hợp" in reply
    assert any(label.startswith("Hộ tịch (") for label in bot.buttons(CITIZEN))
    passed = await bot.click(CITIZEN, "✉️ Hỏi cán bộ phường")
    assert "đã được chuyển cho cán bộ phường" in passed
    # The same button twice does not ask twice.
    no_match = bot.replies(CITIZEN)[-2]
    await bot.press(
        CITIZEN, no_match, no_match["reply_markup"]["inline_keyboard"][-2][0]["callback_data"]
    )
    row = await bot.store.db.fetchone("SELECT count(*) FROM citizen_questions")
    assert row is not None and row[0] == 1

    await bot.deliver()
    assert any("Người dân hỏi" in m and "hội trường" in m for m in bot.inbox(OFFICIAL_TP))
    # A citizen cannot answer (forged button); the official can, once.
    notice = bot.replies(OFFICIAL_TP)[-1]
    await bot.press(CITIZEN_2, notice, "qa:a:1")
    assert "Hội trường chỉ cho" not in "\n".join(bot.inbox(CITIZEN))
    await bot.click(OFFICIAL_TP, "✍️ Trả lời")
    sent = await bot.say(OFFICIAL_TP, "Hội trường chỉ cho tổ dân phố mượn để họp.")
    assert "Đã gửi" in sent
    await bot.deliver()
    answer = bot.inbox(CITIZEN)[-1]
    assert "Cán bộ phường trả lời câu hỏi" in answer
    assert "Hội trường chỉ cho tổ dân phố mượn" in answer
    await bot.press(OFFICIAL_TP, notice, "qa:a:1")
    assert bot.emulator.events()[0][-1].get("text") == "Câu hỏi này đã được trả lời."


async def test_browsing_by_field_with_buttons_alone(bot: BotHarness) -> None:
    fields = await bot.say(CITIZEN, "/thutuc")
    assert "Chọn một lĩnh vực" in fields
    label = next(b for b in bot.buttons(CITIZEN) if b.startswith("Chứng thực ("))
    listing = await bot.click(CITIZEN, label)
    assert "Chứng thực: chọn một thủ tục." in listing
    card = await bot.click(CITIZEN, "Chứng thực di chúc")
    assert card.startswith("Chứng thực di chúc\n")
    assert (await bot.say(CITIZEN, "/thutuc dang ky tam tru")).startswith("Đăng ký tạm trú\n")


async def test_naming_a_field_lists_its_procedures_instead_of_guessing_one(
    bot: BotHarness,
) -> None:
    for asked in ("chung thuc", "/thutuc Chứng thực", "thu tuc chung thuc?"):
        listing = await bot.say(CITIZEN, asked)
        assert listing == "Chứng thực: chọn một thủ tục.", asked
        assert any(b.startswith("Chứng thực bản sao từ bản chính") for b in bot.buttons(CITIZEN))
    assert (await bot.say(CITIZEN, "chung thuc ban sao")).startswith("Chứng thực bản sao")


async def test_the_deep_link_of_a_qr_code_opens_the_card(bot: BotHarness) -> None:
    assert (await bot.say(CITIZEN, "/start tt_ket_hon")).startswith("Đăng ký kết hôn\n")
    assert "không còn trong danh mục" in await bot.say(CITIZEN, "/start tt_khong_co")


async def test_text_inside_a_conversation_is_not_taken_as_a_question(bot: BotHarness) -> None:
    await bot.say(CITIZEN, "/phananh")
    reply = await bot.say(CITIZEN, "Đăng ký khai sinh cho con mà bộ phận một cửa hẹn mãi không trả")
    assert "bước 2/3" in reply and "Cần mang theo" not in reply
    await bot.say(CITIZEN, "/huy")
    assert "Cần mang theo" in await bot.say(CITIZEN, "dang ky khai sinh")
