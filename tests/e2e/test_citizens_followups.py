"""After a complaint is sent, on a phone (issue 13, item 5): the ward's request for information
is answered by simply writing or sending photos, a location or a picture file, several times;
a closed complaint that was not resolved is reopened once; an overdue one says so."""

from __future__ import annotations

from domain.complaints import is_document
from tests.auxil.constants import CITIZEN, CITIZEN_2, OFFICIAL_TP
from tests.auxil.harness import BotHarness
from tests.e2e.test_citizens_complaints import PNG, send_complaint

SENT = "Đã gửi cho cán bộ đang xử lý"


async def ask_for_more(bot: BotHarness, code: str, question: str) -> None:
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "❓ Đề nghị bổ sung")
    await bot.say(OFFICIAL_TP, question)
    await bot.deliver()


async def close(bot: BotHarness, code: str, answer: str) -> None:
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "✅ Trả lời, kết thúc")
    await bot.say(OFFICIAL_TP, answer)
    await bot.click(OFFICIAL_TP, "✅ Đồng ý kết thúc")
    await bot.deliver()


async def test_the_answer_is_typed_then_two_photos_sent_without_any_button(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    await ask_for_more(bot, code, "Đề nghị cho biết chính xác vị trí và gửi thêm ảnh nếu có.")
    request = bot.inbox(CITIZEN)[-1]
    assert "Bạn cứ viết câu trả lời vào đây" in request

    # No button pressed: the next text, then two photos (one with a caption), are the answer.
    assert SENT in await bot.say(CITIZEN, "Ho ga o truoc nha so 12, canh cot dien so 5")
    assert SENT in await bot.say(CITIZEN, photo=PNG, caption="nap ho ga vo")
    assert SENT in await bot.say(CITIZEN, photo=PNG)
    # A picture sent as a file, and the location, count too.
    assert SENT in await bot.say(CITIZEN, document=("hoga.jpg", PNG, "image/jpeg"))
    assert SENT in await bot.say(CITIZEN, location=(20.9647, 105.7617))

    stored = await bot.store.complaints.get(code)
    assert stored is not None and stored.status == "in_progress"
    assert len(stored.photos) == 3 and is_document(stored.photos[2])
    assert stored.latitude == 20.9647
    events = [e for e in await bot.store.complaints.events(stored.id) if e.kind == "citizen_info"]
    assert [e.text for e in events] == [
        "Ho ga o truoc nha so 12, canh cot dien so 5",
        "nap ho ga vo [ảnh]",
        "[ảnh]",
        "[ảnh]",
        "[vị trí]",
    ]
    await bot.deliver()
    added = [m for m in bot.inbox(OFFICIAL_TP) if "Người dân bổ sung" in m]
    assert len(added) == 5 and "canh cot dien so 5" in added[0]
    # The pictures themselves reach the official, with what the citizen wrote under them.
    assert added[1] == f"Người dân bổ sung ảnh cho phản ánh {code}.\nnap ho ga vo"
    # The official sees the photos, the file sent back as a file.
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    sent = bot.replies(OFFICIAL_TP)[-3:]
    assert [("photo" in m, "document" in m) for m in sent] == [
        (True, False),
        (True, False),
        (False, True),
    ]

    # Once the ward answered, what the citizen types is a question again.
    await bot.click(OFFICIAL_TP, "💬 Trả lời")
    await bot.say(OFFICIAL_TP, "Đã ghi nhận, sẽ thay nắp trong tuần.")
    assert (await bot.say(CITIZEN, "dang ky khai sinh")).startswith("Đăng ký khai sinh\n")


async def test_text_long_after_the_answer_is_a_question_but_photos_still_count(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    await ask_for_more(bot, code, "Gửi thêm ảnh giúp phường.")
    assert SENT in await bot.say(CITIZEN, "Toi gui anh sau nhe")
    bot.clock.advance(hours=2)
    assert (await bot.say(CITIZEN, "dang ky ket hon")).startswith("Đăng ký kết hôn\n")
    assert SENT in await bot.say(CITIZEN, photo=PNG)
    # Another citizen's messages are never taken for it.
    assert SENT not in await bot.say(CITIZEN_2, "Ho ga nha so 12")


async def test_the_add_information_button_then_several_messages(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    await ask_for_more(bot, code, "Nhà số mấy?")
    await bot.click(CITIZEN, "✍️ Bổ sung thông tin")
    assert SENT in await bot.say(CITIZEN, "Nha so 12")
    assert SENT in await bot.say(CITIZEN, "ngo 5 to 3")
    # Words that alone would be a request ("to cao ...") are still the answer here.
    assert SENT in await bot.say(CITIZEN, "to cao nha so 14 xay lan ra ngo")
    stored = await bot.store.complaints.get(code)
    assert stored is not None
    texts = [e.text for e in await bot.store.complaints.events(stored.id)]
    assert texts[-3:] == ["Nha so 12", "ngo 5 to 3", "to cao nha so 14 xay lan ra ngo"]


async def test_phananh_with_text_and_a_photo_caption_are_used(bot: BotHarness) -> None:
    reply = await bot.say(CITIZEN, "/phananh ho ga truoc nha toi bi vo, rat nguy hiem")
    assert "bước 2/3" in reply
    assert "Đã nhận ảnh 1" in await bot.say(CITIZEN, photo=PNG, caption="nap ho ga vo")
    await bot.click(CITIZEN, "Tiếp tục ➡️")
    summary = await bot.click(CITIZEN, "Không rõ / lĩnh vực khác")
    assert "ho ga truoc nha toi bi vo, rat nguy hiem. nap ho ga vo" in summary
    sent = await bot.click(CITIZEN, "✅ Gửi")
    assert "bấm Theo dõi" in sent
    history = await bot.click(CITIZEN, "🔎 Theo dõi")
    assert "ho ga truoc nha toi bi vo" in history and "Đã tiếp nhận" in history


async def test_a_closed_complaint_is_reopened_once_and_goes_back_to_the_department(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "🙋 Nhận xử lý")
    await close(bot, code, "Đã xử lý xong.")
    closing = bot.inbox(CITIZEN)[-1]
    assert "Mời bạn đánh giá sự phục vụ (chỉ mất một phút)" in closing
    assert "↩️ Chưa được giải quyết" in bot.buttons(CITIZEN)

    ask = await bot.click(CITIZEN, "↩️ Chưa được giải quyết")
    assert "Mở lại phản ánh" in ask and "chỉ mở lại được một lần" in ask
    reopened = await bot.click(CITIZEN, "↩️ Đồng ý mở lại")
    assert f"Phản ánh {code} đã được mở lại" in reopened
    stored = await bot.store.complaints.get(code)
    # Back with the official who had taken it, not "new, not taken yet" in /xuly.
    assert stored is not None and stored.closed_at is None
    assert stored.status == "in_progress" and stored.assignee_id == OFFICIAL_TP.id
    assert "đang xử lý" in await bot.say(OFFICIAL_TP, "/xuly")
    # Why, in the citizen's words, goes with it.
    assert SENT in await bot.say(CITIZEN, "Van con ngap sau khi mua")
    await bot.deliver()
    told = "\n".join(bot.inbox(OFFICIAL_TP))
    assert f"Người dân báo phản ánh {code} chưa được giải quyết" in told
    assert "Van con ngap sau khi mua" in told
    history = await bot.say(CITIZEN, f"/theodoi {code}")
    assert "Người dân mở lại: chưa được giải quyết" in history

    # Closed again: no second reopening (the closing notice's button says why).
    await close(bot, code, "Đã nạo vét lần hai.")
    await bot.click(CITIZEN, "↩️ Chưa được giải quyết")
    again = await bot.click(CITIZEN, "↩️ Đồng ý mở lại")
    assert "đã được mở lại một lần" in again
    stored = await bot.store.complaints.get(code)
    assert stored is not None and stored.status == "closed"


async def test_an_overdue_complaint_says_so_with_the_wards_contact(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    assert "Quá hạn" not in await bot.say(CITIZEN, f"/theodoi {code}")
    bot.clock.advance(days=20)
    late = await bot.say(CITIZEN, f"/theodoi {code}")
    assert "Quá hạn: hạn xử lý là ngày 16/06/2025" in late
    assert "Bộ phận một cửa" in late


async def test_a_new_question_after_the_answer_is_answered_as_a_question(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    await ask_for_more(bot, code, "Nhà số mấy?")
    assert SENT in await bot.say(CITIZEN, "Nha so 12 ngo 5")
    # Minutes later, a question the search answers is not taken for the complaint.
    card = await bot.say(CITIZEN, "xin chao, cho hoi thu tuc dang ky ket hon can gi")
    assert card.startswith("Đăng ký kết hôn\n")
