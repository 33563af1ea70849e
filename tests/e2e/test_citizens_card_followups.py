"""A short question right after a card is about that card ("mat bao lau", "le phi bao nhieu",
"lam o dau"): answered from it, not searched as a new question (a stranger's walk found
"mat bao lau" lost the card it followed)."""

from __future__ import annotations

from tests.auxil.constants import CITIZEN
from tests.auxil.harness import BotHarness


async def test_how_long_after_a_card_answers_from_that_card(bot: BotHarness) -> None:
    card = await bot.say(CITIZEN, "lam giay khai sinh cho con")
    assert card.startswith("Đăng ký khai sinh\n")
    reply = await bot.say(CITIZEN, "mat bao lau a")
    assert reply.startswith("Đăng ký khai sinh\n⏱ Thời hạn: Trong ngày"), reply
    assert "Lệ phí" not in reply
    assert bot.buttons(CITIZEN)[0] == "📄 Xem cả thủ tục"
    # Several parts at once, without marks; a note's internal code is a button, not text.
    reply = await bot.say(CITIZEN, "can giay to gi, nop online duoc khong")
    assert "Giấy chứng sinh" in reply and "toàn trình" in reply
    # What the card marks as not yet checked at its source is marked here too.
    assert "Chưa đối chiếu được với nguồn chính thức: nộp trực tuyến" in reply
    assert "lien_thong_khai_sinh" not in reply
    assert any(b.startswith("➡️ Liên thông") for b in bot.buttons(CITIZEN))
    # The fee follows too, with its exemptions.
    fee = await bot.say(CITIZEN, "Lệ phí bao nhiêu?")
    assert "Miễn lệ phí nếu đăng ký đúng hạn" in fee and "hộ nghèo" in fee


async def test_a_question_naming_another_procedure_is_searched(bot: BotHarness) -> None:
    await bot.say(CITIZEN, "lam giay khai sinh cho con")
    card = await bot.say(CITIZEN, "dang ky ket hon o dau")
    assert card.startswith("Đăng ký kết hôn\n"), card


async def test_without_a_card_lately_the_bot_asks_which_procedure(bot: BotHarness) -> None:
    reply = await bot.say(CITIZEN, "mat bao lau")
    assert reply.startswith("Bạn hỏi thủ tục nào?"), reply
    await bot.say(CITIZEN, "dang ky tam tru")
    bot.clock.advance(hours=2)
    # Two hours later it is no longer about that card.
    assert (await bot.say(CITIZEN, "le phi bao nhieu")).startswith("Bạn hỏi thủ tục nào?")


async def test_shorthand_follow_ups_and_a_miss_between_keep_the_card(bot: BotHarness) -> None:
    card = await bot.say(CITIZEN, "dang ky khai tu")
    assert card.startswith("Đăng ký khai tử\n"), card
    assert "Giấy báo tử" in await bot.say(CITIZEN, "can giay to j")
    # Something the bot does not understand in between: the card is not forgotten.
    missed = await bot.say(CITIZEN, "con meo nha toi bi lac")
    assert not missed.startswith("Đăng ký khai tử")
    fee = await bot.say(CITIZEN, "le phi bn")
    assert fee.startswith("Đăng ký khai tử\n💰"), fee


async def test_the_card_named_again_with_a_question_answers_that_part(bot: BotHarness) -> None:
    await bot.say(CITIZEN, "dang ky khai tu")
    # A stranger's walk: this gave the whole card again instead of where.
    reply = await bot.say(CITIZEN, "lam giay chung tu o dau")
    assert reply.startswith("Đăng ký khai tử\n📍 Nơi nộp:"), reply
    assert "Cần mang theo" not in reply
    # Another procedure named with a question is that procedure's card, whole.
    other = await bot.say(CITIZEN, "dang ky ket hon o dau")
    assert other.startswith("Đăng ký kết hôn\nLĩnh vực"), other


async def test_a_grandparent_asking_whether_they_may_register_the_birth_is_told_so(
    bot: BotHarness,
) -> None:
    # A stranger's walk: the card asked only for a power of attorney, and the grandfather would
    # have waited for the parents to sign one (Luật Hộ tịch 2014, Điều 15).
    card = await bot.say(CITIZEN, "ong ba co dc di dang ky khai sinh cho chau ko")
    assert card.startswith("Đăng ký khai sinh\n"), card
    assert "ông, bà hoặc người thân thích khác" in card and "không cần ủy quyền" in card


async def test_english_follow_ups_answer_from_the_card(bot: BotHarness) -> None:
    # A stranger's walk: "how much" and "fee bao nhieu" after a card found no procedure.
    await bot.say(CITIZEN, "dang ky ket hon")
    fee = await bot.say(CITIZEN, "how much")
    assert fee.startswith("Đăng ký kết hôn\n💰 Lệ phí: Miễn lệ phí"), fee
    assert (await bot.say(CITIZEN, "fee bao nhieu")).startswith("Đăng ký kết hôn\n💰 Lệ phí")
    assert "⏱ Thời hạn" in await bot.say(CITIZEN, "how long")


async def test_a_landlord_asking_whether_a_lease_must_be_certified_is_told_it_need_not(
    bot: BotHarness,
) -> None:
    # A stranger's walk: the contract card alone suggested every lease must be certified.
    card = await bot.say(CITIZEN, "hop dong thue nha co can cong chung ko")
    assert card.startswith("Chứng thực giao dịch"), card
    assert "Không bắt buộc chứng thực: hợp đồng thuê" in card
