"""Issue 13 item 6, walk finding 2: the staff's /cauhoi lists citizens' unanswered questions
without the names, house numbers, addresses and birth dates typed in them, and keeps what they
ask about."""

from __future__ import annotations

from tests.auxil.constants import CITIZEN, CITIZEN_2, OFFICIAL_TP
from tests.auxil.harness import BotHarness


async def test_item6_the_staff_list_shows_no_name_or_house_number(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(
        CITIZEN, "toi la Nguyen Van Hung o so 12 ngo 34 Kim Giang hoi ve giay xac nhan the xe buyt"
    )
    await bot.say(
        CITIZEN_2,
        "Tôi là Trần Thị Lan, nhà số 5 ngách 7/2 Phú La, sinh ngày 03/04/1990, hỏi xin giấy"
        " xác nhận làm thẻ xe buýt",
    )
    listing = await bot.say(OFFICIAL_TP, "/cauhoi")
    assert "Câu hỏi bot chưa trả lời được" in listing
    for private in ("Nguyen", "Hung", "12", "34", "Kim Giang", "Trần", "Lan", "7/2", "1990"):
        assert private not in listing, private
    assert "giay xac nhan the xe buyt" in listing
    assert "hỏi xin giấy xác nhận làm thẻ xe buýt" in listing
    buttons = " ".join(bot.buttons(OFFICIAL_TP))
    assert "Nguyen" not in buttons and "Trần" not in buttons and "ngo 34" not in buttons
    stored = await bot.store.db.fetchall("SELECT wording FROM unanswered_questions")
    assert all("Kim Giang" not in row["wording"] and "Lan" not in row["wording"] for row in stored)


async def test_item6_a_wording_kept_before_the_finer_rules_shows_none_either(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    kept_raw = "em ten la Pham Thu Trang o hem 23/4 hoi ve the xe buyt"
    async with bot.store.transaction() as tx:
        await bot.store.unanswered.record(tx, kept_raw, "buyt the xe", bot.clock.now())
    listing = await bot.say(OFFICIAL_TP, "/cauhoi")
    assert "Trang" not in listing and "23/4" not in listing and "the xe buyt" in listing
    opened = await bot.click(OFFICIAL_TP, bot.buttons(OFFICIAL_TP)[0])
    assert "Trang" not in opened and "23/4" not in opened
