"""When the bot is not sure (issue 13, items 2 and 6): a short choice, who handles what the ward
does not, and a question nothing answered, mapped by staff, answered for the next citizen."""

from __future__ import annotations

from tests.auxil.constants import CITIZEN, CITIZEN_2, OFFICIAL_TP
from tests.auxil.harness import BotHarness


async def test_an_ambiguous_question_gets_a_short_choice(bot: BotHarness) -> None:
    # Sent before "ký" was typed: the signature, or the translator's signature?
    reply = await bot.say(CITIZEN, "chung thuc chu")
    assert reply == "Bạn muốn hỏi:"
    buttons = bot.buttons(CITIZEN)
    assert 3 <= len(buttons) <= 4 and buttons[-1] == "🔎 Không phải các thủ tục này"
    # Long names are shown by their head, which tells them apart (issue 13 item 8).
    assert buttons[0] == "Chứng thực chữ ký trong các giấy tờ, văn bản"
    assert buttons[1] == "Chứng thực chữ ký người dịch"
    card = await bot.click(CITIZEN, buttons[1])
    assert card.startswith("Chứng thực chữ ký người dịch\nLĩnh vực: Chứng thực")
    # The details keep "not this one" and the way back to the field.
    details = await bot.click(CITIZEN, "📄 Chi tiết")
    assert "Căn cứ pháp lý" in details
    assert details.startswith("Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác")
    assert bot.buttons(CITIZEN)[0] == "🔎 Không phải thủ tục này"
    assert bot.buttons(CITIZEN)[-1] == "⬅️ Chứng thực"
    listing = await bot.click(CITIZEN, "⬅️ Chứng thực")
    assert listing == "Chứng thực: chọn một thủ tục."


async def test_none_of_the_choices_offers_the_others_and_reaches_the_staff(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(CITIZEN, "chung thuc chu")
    shown = bot.buttons(CITIZEN)[:-1]
    nxt = await bot.click(CITIZEN, "🔎 Không phải các thủ tục này")
    # Not a card, as if the bot were sure: the others found, the fields, the staff.
    assert nxt.startswith("Xin lỗi vì chưa có thủ tục nào trong số đó"), nxt
    buttons = bot.buttons(CITIZEN)
    assert not set(shown) & set(buttons)
    assert buttons[0].startswith("Chứng thực") and buttons[-2:] == [
        "✉️ Hỏi cán bộ phường",
        "🏠 Menu chính",
    ]
    # The question the search failed is among the staff's unanswered ones, once.
    listing = await bot.say(OFFICIAL_TP, "/cauhoi")
    assert "chung thuc chu" in listing and "1 lần" in listing, listing


async def test_out_of_scope_says_who_handles_it(bot: BotHarness) -> None:
    reply = await bot.say(CITIZEN, "lam ho chieu o dau")
    assert reply.startswith("Việc này không có trong danh mục thủ tục của trợ lý. Nơi giải quyết:")
    assert "Công an" in reply
    assert bot.buttons(CITIZEN)[-1] == "✉️ Hỏi cán bộ phường"


async def test_nothing_found_offers_the_fields_the_staff_and_the_menu(bot: BotHarness) -> None:
    reply = await bot.say(CITIZEN, "phuong co cho muon hoi truong khong")
    assert "chưa tìm được thủ tục phù hợp" in reply
    buttons = bot.buttons(CITIZEN)
    assert any(b.startswith("Hộ tịch (") for b in buttons)
    assert buttons[-2:] == ["✉️ Hỏi cán bộ phường", "🏠 Menu chính"]


async def test_something_to_report_found_no_procedure_leads_to_a_complaint(
    bot: BotHarness,
) -> None:
    # Not a procedure but a nuisance: the answer offers to report it (a stranger found none).
    reply = await bot.say(CITIZEN, "hang xom hat karaoke den 12h dem")
    assert "chưa tìm được thủ tục phù hợp" in reply and "bấm 📝 Phản ánh việc này" in reply
    form = await bot.click(CITIZEN, "📝 Phản ánh việc này")
    assert "đã ghi lại nội dung bạn viết" in form and "bước 2/3" in form  # not typed again


async def test_an_unanswered_question_mapped_by_staff_is_answered_next_time(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    question = "xin giay xac nhan de lam the xe buyt"
    assert "chưa tìm được thủ tục phù hợp" in await bot.say(CITIZEN, question)
    personal = "Tôi là Nguyễn Văn An, 0912345678, xin giấy xác nhận để làm thẻ xe buýt"
    await bot.say(CITIZEN_2, personal)
    # Staff see it once, with its count, without the name or the phone number.
    listing = await bot.say(OFFICIAL_TP, "/cauhoi")
    assert "Câu hỏi bot chưa trả lời được" in listing and "2 lần" in listing
    assert "Nguyễn Văn An" not in listing and "0912345678" not in listing
    await bot.click(OFFICIAL_TP, bot.buttons(OFFICIAL_TP)[0])
    await bot.click(OFFICIAL_TP, "📂 Chọn theo lĩnh vực")
    field = next(b for b in bot.buttons(OFFICIAL_TP) if b.startswith("Cư trú ("))
    await bot.click(OFFICIAL_TP, field)
    saved = await bot.click(OFFICIAL_TP, "Xác nhận thông tin về cư trú")
    assert "Đã ghi" in saved
    audit = await bot.store.db.fetchone("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")
    assert audit is not None and audit["action"] == "question.map"

    # The next citizen asking it (in other words, with other marks) gets the card.
    card = await bot.say(CITIZEN_2, "Cho hỏi xin giấy xác nhận làm thẻ xe buýt?")
    assert card.startswith("Xác nhận thông tin về cư trú\n"), card
    # It is no longer listed as unanswered.
    assert "đã được trả lời hoặc đã gắn" in await bot.say(OFFICIAL_TP, "/cauhoi")


async def test_a_wording_marked_not_the_wards_is_answered_so(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(CITIZEN, "phuong co cho muon hoi truong khong")
    await bot.say(OFFICIAL_TP, "/cauhoi")
    await bot.click(OFFICIAL_TP, bot.buttons(OFFICIAL_TP)[0])
    await bot.click(OFFICIAL_TP, "🚫 Không thuộc phường")
    reply = await bot.say(CITIZEN_2, "phuong co cho muon hoi truong khong a")
    assert "không thuộc thẩm quyền của phường" in reply
    # Citizens cannot map anything.
    assert "Xác nhận" not in await bot.say(CITIZEN, "/cauhoi")


async def test_a_permit_for_something_the_catalogue_does_not_know_is_not_a_wrong_card(
    bot: BotHarness,
) -> None:
    # "karaoke" is no word of the catalogue: "giấy phép" alone must not give the building permit,
    # nor a list of unrelated permits; said so, with the staff to ask.
    reply = await bot.say(CITIZEN, "giay phep karaoke")
    assert "chưa tìm được thủ tục phù hợp" in reply, reply
    assert "✉️ Hỏi cán bộ phường" in bot.buttons(CITIZEN)
    assert not any("xây dựng" in b for b in bot.buttons(CITIZEN))
    # A word the catalogue does not know, beside a phrase met whole, is only more detail.
    card = await bot.say(CITIZEN, "chung thuc ban sao hoc ba")
    assert card.startswith("Chứng thực bản sao từ bản chính"), card


async def test_the_wards_own_address_is_not_a_residence_certificate(bot: BotHarness) -> None:
    reply = await bot.say(CITIZEN, "dia chi ubnd phuong o dau")
    assert not reply.startswith("Xác nhận thông tin về cư trú"), reply
    # Said plainly: the staff have not written it yet; the question goes to them.
    assert reply.startswith("Trợ lý chưa có địa chỉ của phường"), reply
    assert bot.buttons(CITIZEN)[0] == "✉️ Hỏi cán bộ phường"


async def test_office_hours_asked_before_the_staff_wrote_them_reach_the_staff_once(
    bot: BotHarness,
) -> None:
    reply = await bot.say(CITIZEN, "phuong lam viec may gio, thu 7 co lam ko")
    assert reply.startswith("Trợ lý chưa có giờ làm việc của phường"), reply
    assert "Bộ phận một cửa" in reply  # what the bot does know
    await bot.make_staff(OFFICIAL_TP, "TP")
    assert "phuong lam viec may gio" in await bot.say(OFFICIAL_TP, "/cauhoi")
    # Where to do a procedure is that procedure's card, not the office's address.
    assert (await bot.say(CITIZEN, "lam giay khai sinh o dau")).startswith("Đăng ký khai sinh")


async def test_chung_thuc_alone_offers_the_family_in_the_catalogues_order(
    bot: BotHarness,
) -> None:
    reply = await bot.say(CITIZEN, "o dau lam chung thuc")
    assert reply == "Bạn muốn hỏi:"
    assert bot.buttons(CITIZEN)[0].startswith("Chứng thực bản sao từ bản chính")


async def test_what_follows_sau_khi_is_context_not_the_matter(bot: BotHarness) -> None:
    # To marry again after the wife died: marriage registration, not a death registration.
    card = await bot.say(CITIZEN, "ket hon lan hai sau khi vo mat")
    assert card.startswith("Đăng ký kết hôn\n"), card


async def test_a_procedures_whole_name_typed_comes_first(bot: BotHarness) -> None:
    # "đã mất" alone would be a death registration: the name typed says re-registration.
    card = await bot.say(CITIZEN, "dang ky lai khai tu cho cu da mat tu nam 1980")
    assert card.startswith("Đăng ký lại khai tử\n"), card


async def test_a_lost_household_book_is_the_residence_certificate(bot: BotHarness) -> None:
    # The household book is no longer issued: what replaces it is the residence certificate.
    card = await bot.say(CITIZEN, "mat so ho khau thi lam lai the nao")
    assert card.startswith("Xác nhận thông tin về cư trú\n"), card
