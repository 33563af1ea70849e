"""A citizen types what they want instead of a command: each request leads to its flow or to a
friendly answer with the main menu, never to "no procedure found" (issue 13, item 4)."""

from __future__ import annotations

import pytest

from tests.auxil.constants import CITIZEN, OFFICIAL_TP
from tests.auxil.harness import BotHarness
from tests.e2e.test_citizens_complaints import send_complaint

NOT_FOUND = "chưa tìm được thủ tục phù hợp"
MAIN_MENU = ["📘 Thủ tục", "📝 Phản ánh"]


@pytest.mark.parametrize("typed", ["toi muon phan anh", "gui kien nghi", "Tôi muốn phản ánh ạ"])
async def test_asking_to_complain_opens_the_complaint_form(bot: BotHarness, typed: str) -> None:
    reply = await bot.say(CITIZEN, typed)
    assert "Gửi phản ánh, kiến nghị" in reply and "bước 1/3" in reply
    assert "bước 2/3" in await bot.say(CITIZEN, "Đèn đường ngõ 7 tổ 4 bị hỏng một tuần nay")


async def test_a_complaint_written_after_the_request_is_kept(bot: BotHarness) -> None:
    reply = await bot.say(CITIZEN, "toi muon phan anh ve viec den duong ngo 7 bi hong")
    assert "đã ghi lại nội dung bạn viết" in reply and "bước 2/3" in reply
    await bot.click(CITIZEN, "Tiếp tục ➡️")
    summary = await bot.click(CITIZEN, "Không rõ / lĩnh vực khác")
    assert "den duong ngo 7 bi hong" in summary


@pytest.mark.parametrize(
    ("typed", "content"),
    [
        # asking the ward to deal with it, before or after what happened (a stranger's walk:
        # these got "no procedure found")
        ("nho phuong xu ly giup nha hang xom hat karaoke on qua", "nha hang xom hat karaoke"),
        ("den duong dau ngo 8 hong 1 tuan nay roi, nho phuong xu ly giup a", "ngo 8 hong"),
        ("rac o ngo 45 de 3 ngay roi de nghi phuong xu ly", "rac o ngo 45"),
    ],
)
async def test_asking_the_ward_to_deal_with_it_is_a_complaint(
    bot: BotHarness, typed: str, content: str
) -> None:
    reply = await bot.say(CITIZEN, typed)
    assert "đã ghi lại nội dung bạn viết" in reply and "bước 2/3" in reply
    await bot.click(CITIZEN, "Tiếp tục ➡️")
    summary = await bot.click(CITIZEN, bot.buttons(CITIZEN)[0])
    assert content in summary and "xu ly" not in summary


async def test_the_same_words_inside_the_complaint_form_are_its_content(bot: BotHarness) -> None:
    await bot.say(CITIZEN, "/phananh")
    reply = await bot.say(CITIZEN, "Tôi muốn phản ánh việc xe tải đỗ chắn lối đi ngõ 9")
    assert "bước 2/3" in reply and "bước 1/3" not in reply


async def test_following_by_words_or_by_a_code_typed_alone(bot: BotHarness) -> None:
    assert "Bạn chưa gửi phản ánh nào" in await bot.say(CITIZEN, "theo doi phan anh")
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    listing = await bot.say(CITIZEN, "theo dõi phản ánh")
    assert "Phản ánh của bạn" in listing and any(code in b for b in bot.buttons(CITIZEN))
    assert f"Phản ánh {code}" in await bot.say(CITIZEN, code.lower().replace("-", " "))
    # "Theo dõi" is in the main menu.
    await bot.say(CITIZEN, "/start")
    assert "🔎 Theo dõi phản ánh" in bot.buttons(CITIZEN)


async def test_rating_targets_news_menu_and_help_by_words(bot: BotHarness) -> None:
    assert "Câu 1/5" in await bot.say(CITIZEN, "danh gia")
    await bot.say(CITIZEN, "/huy")
    assert "(SIPAS)" in await bot.say(CITIZEN, "xem chi tieu")
    assert "Chưa có tin CCHC nào" in await bot.say(CITIZEN, "tin tuc")
    menu = await bot.say(CITIZEN, "menu")
    assert "trợ lý cải cách hành chính" in menu
    assert bot.buttons(CITIZEN)[:2] == MAIN_MENU
    assert "Bạn có thể làm gì" in await bot.say(CITIZEN, "help")


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("xin chao", "Xin chào!"),
        ("Xin chào", "Xin chào!"),
        ("em chao anh chi a", "Xin chào!"),
        ("cam on", "Không có gì ạ!"),
        ("cảm ơn cháu nhiều nhé", "Không có gì ạ!"),
        # Found by a stranger's walk: "vang a" got the card of "Khai báo tạm vắng", "tạm biệt"
        # a choice of residence procedures.
        ("vang a", "Dạ. Khi cần gì"),
        ("tạm biệt", "Dạ. Khi cần gì"),
        ("ok", "Dạ. Khi cần gì"),
        # thanks after "ok", "dạ" (a stranger's "ok thanks ad" found no procedure)
        ("ok thanks ad", "Không có gì ạ!"),
        ("da cam on chi", "Không có gì ạ!"),
    ],
)
async def test_greetings_and_thanks_get_a_friendly_answer_and_the_menu(
    bot: BotHarness, typed: str, answer: str
) -> None:
    reply = await bot.say(CITIZEN, typed)
    assert reply.startswith(answer) and NOT_FOUND not in reply
    assert bot.buttons(CITIZEN)[:2] == MAIN_MENU


async def test_a_question_with_a_greeting_is_still_a_question(bot: BotHarness) -> None:
    card = await bot.say(CITIZEN, "xin chao, cho hoi lam giay khai sinh cho con can gi")
    assert card.startswith("Đăng ký khai sinh\n")


@pytest.mark.parametrize(
    "typed", ["khieu nai", "toi muon to cao can bo", "to cao hang xom xay nha"]
)
async def test_a_formal_complaint_or_denunciation_is_told_where_it_goes(
    bot: BotHarness, typed: str
) -> None:
    reply = await bot.say(CITIZEN, typed)
    assert "Luật Khiếu nại" in reply and "tiếp công dân" in reply and NOT_FOUND not in reply
    assert bot.buttons(CITIZEN)[:2] == MAIN_MENU


async def test_the_procedure_of_absence_is_still_found(bot: BotHarness) -> None:
    assert (await bot.say(CITIZEN, "khai bao tam vang")).startswith("Khai báo tạm vắng")


async def test_a_story_ending_in_toi_muon_phan_anh_is_the_complaint(bot: BotHarness) -> None:
    # A stranger's walk: this got the card of "Đăng ký khai tử".
    story = "sang nay toi len phuong lam giay khai tu cho chong ma cua dong, ko co ai"
    reply = await bot.say(CITIZEN, f"{story}. toi muon phan anh")
    assert "đã ghi lại nội dung bạn viết" in reply and "bước 2/3" in reply
    await bot.click(CITIZEN, "Tiếp tục ➡️")
    assert "cua dong, ko co ai" in await bot.click(CITIZEN, "Không rõ / lĩnh vực khác")


async def test_report_it_after_nothing_found_keeps_what_was_written(bot: BotHarness) -> None:
    problem = "rac o dau ngo 45 de 3 ngay roi ko ai thu gom, boc mui kinh lam"
    reply = await bot.say(CITIZEN, problem)
    assert NOT_FOUND in reply and reply.startswith("Nếu đây là việc cần phản ánh")
    assert bot.buttons(CITIZEN)[0] == "📝 Phản ánh việc này"  # first, not eighth
    form = await bot.click(CITIZEN, "📝 Phản ánh việc này")
    assert "đã ghi lại nội dung bạn viết" in form and "bước 2/3" in form
    await bot.click(CITIZEN, "Tiếp tục ➡️")
    summary = await bot.click(CITIZEN, "Không rõ / lĩnh vực khác")
    assert "ko ai thu gom" in summary


@pytest.mark.parametrize(
    "typed", ["giup toi voi", "?", "TOI KHONG BIET DUNG", "ko hieu", "/help", "/trogiup"]
)
async def test_asking_for_help_in_any_words_shows_what_the_bot_does(
    bot: BotHarness, typed: str
) -> None:
    reply = await bot.say(CITIZEN, typed)
    assert "Bạn có thể làm gì" in reply and NOT_FOUND not in reply
    assert bot.buttons(CITIZEN)[:2] == MAIN_MENU  # the main things first, as buttons


async def test_not_understanding_a_card_gets_it_in_plain_words(bot: BotHarness) -> None:
    # A stranger's walk: "ko hieu" after the death registration's card got eleven commands.
    await bot.say(CITIZEN, "chong toi mat hom qua, lam giay khai tu o dau")
    reply = await bot.say(CITIZEN, "ko hieu")
    assert reply.startswith("Thẻ ở trên là thủ tục “Đăng ký khai tử”"), reply
    assert "Trung tâm Phục vụ hành chính công phường" in reply and "/thamgia" not in reply
    assert bot.buttons(CITIZEN) == ["✉️ Hỏi cán bộ phường", "🏠 Menu chính"]
    # An hour later the card is not what it is about: the help, as without one.
    bot.clock.advance(hours=1)
    assert "Bạn có thể làm gì" in await bot.say(CITIZEN, "ko hieu")


@pytest.mark.parametrize("typed", ["thoi", "thoi khong can nua"])
async def test_thoi_outside_a_form_is_a_polite_close(bot: BotHarness, typed: str) -> None:
    assert (await bot.say(CITIZEN, typed)).startswith("Dạ. Khi cần gì")


async def test_my_complaint_where_is_it_in_plain_words_follows_it(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    for typed in ("phan anh cua toi den dau roi", "sao chua thay ai tra loi"):
        reply = await bot.say(CITIZEN, typed)
        assert "Phản ánh của bạn" in reply and NOT_FOUND not in reply, typed
        assert any(code in b for b in bot.buttons(CITIZEN))


async def test_no_photo_typed_at_the_photo_step_goes_on_and_is_not_content(
    bot: BotHarness,
) -> None:
    await bot.say(CITIZEN, "/phananh")
    await bot.say(CITIZEN, "Đèn đường ngõ 7 tổ 4 bị hỏng một tuần nay")
    field = await bot.say(CITIZEN, "ko co anh a")
    assert "bước 3/3" in field
    summary = await bot.click(CITIZEN, "Không rõ / lĩnh vực khác")
    assert "ko co anh" not in summary and "Đèn đường ngõ 7" in summary


async def test_the_greeting_names_no_ward_that_a_plan_has_stopped_naming(
    bot: BotHarness,
) -> None:
    # June 2025: the shipped plan is current, its ward is named.
    assert "UBND phường Phú La" in await bot.say(CITIZEN, "/start")
    # December 2026, only the ended plan loaded: Phú La merged into Kiến Hưng on 01/7/2025.
    bot.clock.advance(days=550)
    greeting = await bot.say(CITIZEN, "/start")
    assert "trợ lý cải cách hành chính của UBND phường." in greeting and "Phú La" not in greeting
