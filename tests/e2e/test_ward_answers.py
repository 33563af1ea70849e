"""The ward's own answers (issue 13 item 6, a stranger's walk): citizens ask about the ward office
itself ("ubnd phuong lam viec may gio"), which no procedure answers. Staff write the answer once
from /cauhoi; the next citizen asking in words alike gets it, with "not what I asked" back to the
search; another unit's citizens do not; the leaders delete it; Cancel changes nothing."""

from __future__ import annotations

from domain.model import Role
from tests.auxil.constants import ADMIN, CITIZEN, CITIZEN_2, LEADER, OFFICIAL_TP
from tests.auxil.harness import BotHarness
from tests.e2e.test_units_isolation import CITIZEN_B, units  # noqa: F401 (the fixture)
from tests.e2e.units_fixtures import A, B

ASKED = "Cho em hỏi UBND phường làm việc mấy giờ ạ?"
NEXT = "ubnd phuong lam viec may gio"  # no diacritics, no greeting: the same question
HOURS = (
    "Bộ phận một cửa làm việc từ thứ Hai đến thứ Sáu,\n"
    "sáng 8:00–12:00, chiều 13:30–17:00.\n\n"
    "Sáng thứ Bảy tiếp nhận hồ sơ hộ tịch."
)
WRITE = "✍️ Soạn câu trả lời"
THE_WARD = "🏛 UBND phường trả lời"


async def teach(bot: BotHarness, staff: object, answer: str) -> str:
    """Open the question in /cauhoi, write the answer, see it; return the preview."""
    listing = await bot.say(staff, "/cauhoi")  # type: ignore[arg-type]
    assert "Câu hỏi bot chưa trả lời được" in listing
    opened = await bot.click(staff, bot.buttons(staff)[0])  # type: ignore[arg-type]
    assert "làm việc mấy giờ" in opened and WRITE in bot.buttons(staff)  # type: ignore[arg-type]
    asked = await bot.click(staff, WRITE)  # type: ignore[arg-type]
    assert "soạn câu trả lời của phường" in asked
    return await bot.say(staff, answer)  # type: ignore[arg-type]


async def test_W1_staff_teach_the_office_hours_and_the_next_citizen_gets_them(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    assert "Trợ lý chưa có giờ làm việc của phường" in await bot.say(CITIZEN, ASKED)
    preview = await teach(bot, OFFICIAL_TP, HOURS)
    assert "Người dân sẽ nhận được" in preview and "sáng 8:00–12:00" in preview
    assert bot.buttons(OFFICIAL_TP) == ["✅ Lưu", "✖ Hủy"]
    saved = await bot.click(OFFICIAL_TP, "✅ Lưu")
    assert "Đã lưu" in saved
    audit = await bot.store.db.fetchone("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")
    assert audit is not None and audit["action"] == "ward_answer.write"

    # The next citizen, in other words (no diacritics, no greeting), gets the ward's answer.
    reply = await bot.say(CITIZEN_2, NEXT)
    assert reply.startswith(THE_WARD), reply
    assert "Sáng thứ Bảy tiếp nhận hồ sơ hộ tịch." in reply  # the lines as written
    assert bot.buttons(CITIZEN_2) == ["🔎 Không phải điều tôi hỏi", "🏠 Menu chính"]
    # Not what they asked: the search's own answer, and the staff can be asked.
    fallback = await bot.click(CITIZEN_2, "🔎 Không phải điều tôi hỏi")
    assert THE_WARD not in fallback and "chưa tìm được thủ tục phù hợp" in fallback
    assert "✉️ Hỏi cán bộ phường" in bot.buttons(CITIZEN_2)
    # The question is no longer waiting in /cauhoi; a citizen cannot list the answers.
    assert "đã được trả lời hoặc đã gắn" in await bot.say(OFFICIAL_TP, "/cauhoi")
    assert "Câu trả lời của phường" not in await bot.say(CITIZEN, "/cautraloi")
    # A procedure question is not taken by it.
    assert THE_WARD not in await bot.say(CITIZEN, "dang ky khai sinh")
    # Close wordings get it too (a walk found only the very wording did); other questions not.
    for alike in ("phuong lam viec may gio vay", "cho hoi ubnd phuong may gio mo cua"):
        assert (await bot.say(CITIZEN, alike)).startswith(THE_WARD), alike
    assert THE_WARD not in await bot.say(CITIZEN, "lam giay khai sinh o phuong")
    # Other words for what the answer tells (its hours) get it too; what it does not tell (a
    # phone number) is said to be missing.
    assert (await bot.say(CITIZEN, "thu 7 phuong co lam viec khong")).startswith(THE_WARD)
    assert (await bot.say(CITIZEN, "may gio mo cua")).startswith(THE_WARD)
    assert (await bot.say(CITIZEN, "sdt phuong")).startswith("Trợ lý chưa có số điện thoại")


async def test_W2_cancel_or_huy_saves_nothing(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(CITIZEN, ASKED)
    await teach(bot, OFFICIAL_TP, HOURS)
    assert "Đã hủy: không lưu gì." in await bot.click(OFFICIAL_TP, "✖ Hủy")
    # Typed /huy while writing: the same.
    await bot.say(OFFICIAL_TP, "/cauhoi")
    await bot.click(OFFICIAL_TP, bot.buttons(OFFICIAL_TP)[0])
    await bot.click(OFFICIAL_TP, WRITE)
    assert "Đã hủy" in await bot.say(OFFICIAL_TP, "/huy")
    assert THE_WARD not in await bot.say(CITIZEN_2, NEXT)
    assert await bot.store.ward_answers.all() == []
    # A text too long is asked again, nothing saved.
    await bot.say(OFFICIAL_TP, "/cauhoi")
    await bot.click(OFFICIAL_TP, bot.buttons(OFFICIAL_TP)[0])
    await bot.click(OFFICIAL_TP, WRITE)
    too_long = await bot.say(OFFICIAL_TP, "giờ làm việc " * 200)
    assert "tối đa 1500 ký tự" in too_long and await bot.store.ward_answers.all() == []


async def test_W3_the_leaders_list_and_delete_a_ward_answer(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    assert "chưa soạn câu trả lời nào" in await bot.say(LEADER, "/cautraloi")
    await bot.say(CITIZEN, ASKED)
    await teach(bot, OFFICIAL_TP, HOURS)
    await bot.click(OFFICIAL_TP, "✅ Lưu")
    # An official cannot list or delete them.
    assert "Câu hỏi: " not in await bot.say(OFFICIAL_TP, "/cautraloi")
    listing = await bot.say(LEADER, "/cautraloi")
    assert "sáng 8:00–12:00" in listing and ASKED.removeprefix("Cho em hỏi ") in listing
    await bot.click(LEADER, "🗑 Xóa 1")
    # Keep it first: nothing deleted.
    assert "không xóa gì" in await bot.click(LEADER, "✖ Giữ lại")
    assert (await bot.say(CITIZEN_2, NEXT)).startswith(THE_WARD)
    await bot.say(ADMIN, "/cautraloi")
    await bot.click(ADMIN, "🗑 Xóa 1")
    assert "Đã xóa" in await bot.click(ADMIN, "🗑 Xóa")
    audit = await bot.store.db.fetchone("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")
    assert audit is not None and audit["action"] == "ward_answer.delete"
    assert THE_WARD not in await bot.say(CITIZEN_2, NEXT)
    # The question is back in /cauhoi for the staff (with the citizen's asking since).
    assert f"“{NEXT}”: 2 lần" in await bot.say(OFFICIAL_TP, "/cauhoi")


async def test_W4_an_answer_sent_to_one_citizen_is_kept_for_all_with_one_tap(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(CITIZEN, "Tôi là Lan, 0912345678, số điện thoại bộ phận một cửa là gì?")
    await bot.click(CITIZEN, "✉️ Hỏi cán bộ phường")
    await bot.deliver()
    await bot.click(OFFICIAL_TP, "✍️ Trả lời")
    sent = await bot.say(OFFICIAL_TP, "Bộ phận một cửa: 024 3382 0000 (giờ hành chính).")
    assert "Đã gửi" in sent and bot.buttons(OFFICIAL_TP) == ["💾 Lưu làm câu trả lời của phường"]
    assert "Đã lưu" in await bot.click(OFFICIAL_TP, "💾 Lưu làm câu trả lời của phường")
    [kept] = await bot.store.ward_answers.all()
    assert "0912345678" not in kept.wordings[0] and "Lan" not in kept.wordings[0]
    reply = await bot.say(CITIZEN_2, "so dien thoai bo phan mot cua la gi")
    assert reply.startswith(THE_WARD) and "024 3382 0000" in reply


async def test_W5_another_units_citizen_does_not_get_the_answer(
    units: dict[str, BotHarness],  # noqa: F811
) -> None:
    a, b = units[A], units[B]
    await a.make_staff(OFFICIAL_TP, "TP")
    await a.say(CITIZEN, ASKED)
    await teach(a, OFFICIAL_TP, HOURS)
    await a.click(OFFICIAL_TP, "✅ Lưu")
    assert (await a.say(CITIZEN_2, NEXT)).startswith(THE_WARD)
    other = await b.say(CITIZEN_B, NEXT)
    assert THE_WARD not in other and "8:00" not in other
    assert await b.store.ward_answers.all() == []


async def test_W6_another_way_of_asking_gets_the_answer_already_written(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(CITIZEN, ASKED)
    await teach(bot, OFFICIAL_TP, HOURS)
    await bot.click(OFFICIAL_TP, "✅ Lưu")
    # "ngày lễ ... tiếp dân" is neither the wording nor its topic's words: it waits in /cauhoi,
    # and the staff give it the same answer.
    other = "phuong co tiep dan vao ngay le khong"
    assert THE_WARD not in await bot.say(CITIZEN_2, other)
    await bot.say(OFFICIAL_TP, "/cauhoi")
    await bot.click(OFFICIAL_TP, bot.buttons(OFFICIAL_TP)[0])
    choices = await bot.click(OFFICIAL_TP, "📎 Dùng câu trả lời đã có")
    assert "Gửi câu trả lời nào của phường" in choices
    [label] = bot.buttons(OFFICIAL_TP)
    assert label.startswith("🏛 Bộ phận một cửa làm việc")
    assert "Đã lưu" in await bot.click(OFFICIAL_TP, label)
    assert (await bot.say(CITIZEN, "Phường có tiếp dân vào ngày lễ không?")).startswith(THE_WARD)
    [answer] = await bot.store.ward_answers.all()
    assert len(answer.wordings) == 2


async def test_W7_the_wards_address_is_not_answered_with_the_residence_card(
    bot: BotHarness,
) -> None:
    # No ward answer yet: "where is the ward office" finds nothing (and can go to the staff),
    # never a confident "Xác nhận thông tin về cư trú" card.
    for question in ("dia chi ubnd phuong", "Địa chỉ ủy ban phường ở đâu ạ?"):
        reply = await bot.say(CITIZEN, question)
        assert reply.startswith("Trợ lý chưa có địa chỉ của phường"), reply
        assert "✉️ Hỏi cán bộ phường" in bot.buttons(CITIZEN)
    # Confirming one's address is still the residence card.
    card = await bot.say(CITIZEN, "xin giay xac nhan dia chi")
    assert card.startswith("Xác nhận thông tin về cư trú\n"), card
