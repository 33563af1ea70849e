"""A 60-year-old walks the complaint flows on a phone, typing without diacritics (issue 13, item
5 and the stranger's walk): a tracking code typed inside a sentence, a half-done form picked up
again an hour later, the reason typed when reopening, the photos of a supplement."""

from __future__ import annotations

from bot.console.local_chat import buttons_of
from tests.auxil.constants import CITIZEN, CITIZEN_2, OFFICIAL_TP
from tests.auxil.harness import BotHarness
from tests.e2e.test_citizens_complaints import PNG, send_complaint
from tests.e2e.test_citizens_followups import ask_for_more, close

NOT_YOURS = "trong các phản ánh của bạn"
ASKED = "Bạn đang gửi phản ánh dở từ"


async def test_a_tracking_code_typed_in_a_sentence_shows_that_complaint(bot: BotHarness) -> None:
    code = await send_complaint(bot, CITIZEN)  # PA-2506-0001
    digits = code.removeprefix("PA-").replace("-", " ")
    for typed in (
        f"ma cua toi la {code}",
        f"cho hoi phan anh {code} den dau roi",
        code.lower(),
        f"PA {digits}",
        f"chi oi, pa {digits} sao roi a?",
    ):
        shown = await bot.say(CITIZEN, typed)
        assert f"Phản ánh {code}: đã tiếp nhận, chờ xử lý" in shown, typed
        assert "Quá trình xử lý" in shown and "bước 1/3" not in shown, typed
    # Another person's code: the same polite answer as /theodoi, nothing of the complaint.
    other = await bot.say(CITIZEN_2, f"cho hoi phan anh {code} den dau roi")
    assert NOT_YOURS in other and "Ngõ 5" not in other
    assert NOT_YOURS in await bot.say(CITIZEN_2, f"/theodoi {code}")
    # /theodoi reads the code inside a sentence too.
    assert "Quá trình xử lý" in await bot.say(CITIZEN, f"/theodoi ma la {code.lower()}")


async def test_a_question_typed_long_after_leaving_the_form_is_asked_about_not_added(
    bot: BotHarness,
) -> None:
    assert "bước 2/3" in await bot.say(CITIZEN, "/phananh ho ga truoc nha so 12 bi vo nap")
    bot.clock.advance(hours=2)
    asked = await bot.say(CITIZEN, "lam giay khai sinh can gi")
    assert f"{ASKED} 09:00 02/06/2025" in asked and "hay một câu hỏi mới?" in asked
    assert bot.buttons(CITIZEN) == ["📝 Nội dung phản ánh", "❓ Câu hỏi mới"]
    answered = await bot.click(CITIZEN, "❓ Câu hỏi mới")
    assert "Phản ánh đang viết dở chưa được gửi:\nho ga truoc nha so 12 bi vo nap" in answered
    assert "muốn gửi, bạn gõ /phananh rồi bấm “Dùng lại”" in answered
    assert "Đăng ký khai sinh\n" in answered
    # Nothing of the form was stored: the next line is a question again.
    assert await bot.store.complaints.of_citizen(CITIZEN.id) == []
    assert (await bot.say(CITIZEN, "dang ky ket hon")).startswith("Đăng ký kết hôn\n")
    # The next morning, /phananh offers the unsent text back, as the note said (a stranger
    # found it lost: /phananh opened an empty form).
    bot.clock.advance(hours=20)
    offered = await bot.say(CITIZEN, "/phananh")
    assert "Bạn có một phản ánh viết dở lúc 09:00 02/06/2025" in offered
    assert "ho ga truoc nha so 12" in offered
    assert "bước 2/3" in await bot.click(CITIZEN, "📝 Dùng lại")
    await bot.click(CITIZEN, "Tiếp tục ➡️")
    summary = await bot.click(CITIZEN, "Không rõ / lĩnh vực khác")
    assert "ho ga truoc nha so 12 bi vo nap" in summary


async def test_typing_huy_or_thoi_in_the_form_cancels_it(bot: BotHarness) -> None:
    await bot.say(CITIZEN, "/phananh")
    assert "Đã hủy" in await bot.say(CITIZEN, "thoi khong phan anh nua a")
    assert await bot.store.complaints.of_citizen(CITIZEN.id) == []
    await bot.say(CITIZEN, "/phananh den duong ngo 7 hong ca thang nay")
    assert "Đã hủy" in await bot.say(CITIZEN, "huy")
    # The next line is a question again, not the complaint's.
    assert (await bot.say(CITIZEN, "dang ky ket hon")).startswith("Đăng ký kết hôn\n")


async def test_text_typed_long_after_is_added_only_when_the_citizen_says_so(
    bot: BotHarness,
) -> None:
    # Step 1 left for an hour: the text waits for the citizen's word, then is the content.
    await bot.say(CITIZEN, "/phananh")
    bot.clock.advance(hours=1)
    assert ASKED in await bot.say(CITIZEN, "den duong ngo 7 hong ca thang nay")
    assert "bước 2/3" in await bot.click(CITIZEN, "📝 Nội dung phản ánh")
    # Someone typing right away is never asked.
    assert "Đã thêm vào nội dung" in await bot.say(CITIZEN, "toi di lam ve rat toi")
    bot.clock.advance(minutes=45)
    assert ASKED in await bot.say(CITIZEN, "nho phuong sua som")
    assert "Đã thêm vào nội dung" in await bot.click(CITIZEN, "📝 Nội dung phản ánh")
    await bot.click(CITIZEN, "Tiếp tục ➡️")
    summary = await bot.click(CITIZEN, "Không rõ / lĩnh vực khác")
    assert "den duong ngo 7 hong ca thang nay. toi di lam ve rat toi. nho phuong sua som" in summary


async def test_the_reason_typed_when_reopening_is_kept_and_cancel_changes_nothing(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    await close(bot, code, "Đã xử lý xong.")
    await bot.click(CITIZEN, "↩️ Chưa được giải quyết")
    assert bot.buttons(CITIZEN) == ["↩️ Đồng ý mở lại", "Huỷ"]
    # Huỷ: nothing changes.
    assert "vẫn giữ nguyên" in await bot.click(CITIZEN, "Huỷ")
    stored = await bot.store.complaints.get(code)
    assert stored is not None and stored.status == "closed"
    # A reason typed there is the reason (not a procedure question), then confirmed; a photo
    # sent before confirming is asked to wait, not lost silently.
    await bot.click(CITIZEN, "↩️ Chưa được giải quyết")
    assert "bấm “Đồng ý mở lại” trước" in await bot.say(CITIZEN, photo=PNG)
    asked = await bot.say(CITIZEN, "van con ngap sau moi tran mua")
    assert f"Mở lại phản ánh {code} với lý do này?" in asked
    assert "van con ngap sau moi tran mua" in asked
    assert "Đã hủy" not in asked and "Đồng ý mở lại" in " ".join(bot.buttons(CITIZEN))
    reopened = await bot.click(CITIZEN, "↩️ Đồng ý mở lại")
    assert f"Phản ánh {code} đã được mở lại" in reopened and "kèm lý do bạn viết" in reopened
    stored = await bot.store.complaints.get(code)
    assert stored is not None and stored.status == "new"
    events = await bot.store.complaints.events(stored.id)
    assert events[-1].kind == "reopened" and events[-1].text == "van con ngap sau moi tran mua"
    await bot.deliver()
    told = bot.inbox(OFFICIAL_TP)[-1]
    assert "chưa được giải quyết" in told and "Lý do người dân nêu: van con ngap" in told
    history = await bot.say(CITIZEN, f"/theodoi {code}")
    assert "Người dân mở lại: chưa được giải quyết: van con ngap" in history


async def test_the_official_gets_the_photos_the_citizen_added(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    await ask_for_more(bot, code, "Gửi thêm ảnh giúp phường.")
    before = len(bot.replies(OFFICIAL_TP))
    await bot.say(CITIZEN, photo=PNG, caption="nap ho ga vo tu hom qua")
    await bot.say(CITIZEN, photo=PNG)
    await bot.say(CITIZEN, document=("hoga.jpg", PNG, "image/jpeg"))
    await bot.deliver()
    alerts = bot.replies(OFFICIAL_TP)[before:]
    assert [("photo" in m, "document" in m) for m in alerts] == [
        (True, False),
        (True, False),
        (False, True),
    ]
    captions = [str(m.get("caption") or "") for m in alerts]
    assert all(f"Người dân bổ sung ảnh cho phản ánh {code}" in c for c in captions)
    assert "nap ho ga vo tu hom qua" in captions[0]
    assert "Mở và xử lý" in " ".join(label for label, _ in buttons_of(alerts[0]))


async def test_an_overdue_complaint_says_so_in_the_list_and_with_the_wards_contact(
    bot: BotHarness,
) -> None:
    code = await send_complaint(bot, CITIZEN)
    await bot.say(CITIZEN, "/theodoi")
    assert bot.buttons(CITIZEN) == [f"{code} · đã tiếp nhận, chờ xử lý"]
    bot.clock.advance(days=20)
    await bot.say(CITIZEN, "theo doi phan anh")
    assert bot.buttons(CITIZEN) == [f"🔴 quá hạn · {code} · đã tiếp nhận, chờ xử lý"]
    late = await bot.click(CITIZEN, bot.buttons(CITIZEN)[0])
    assert "Quá hạn: hạn xử lý là ngày 16/06/2025" in late and "Bộ phận một cửa" in late


async def test_what_is_written_beside_a_code_goes_to_the_staff_when_the_citizen_says_so(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    # Only the status asked: nothing to pass on, no question.
    assert "Gửi lời nhắn" not in await bot.say(CITIZEN, f"{code} den dau roi")
    shown = await bot.say(CITIZEN, f"{code} sao gui 2 tuan roi ma van chua ai den xem")
    assert "Quá trình xử lý" in shown and "cho cán bộ đang xử lý" in shown
    before = len(bot.inbox(OFFICIAL_TP))
    await bot.press_label(CITIZEN, "📨 Gửi lời nhắn")
    assert f"Đã gửi cho cán bộ đang xử lý {code}" in bot.inbox(CITIZEN)[-1]
    await bot.deliver()
    told = bot.inbox(OFFICIAL_TP)[before:]
    assert any("van chua ai den xem" in m for m in told)
    assert "van chua ai den xem" in await bot.say(CITIZEN, f"/theodoi {code}")
    # Left unsent: nothing reaches the staff, nothing is added.
    await bot.say(CITIZEN, f"/theodoi {code} con nua la nuoc van tran ra duong")
    await bot.press_label(CITIZEN, "Không gửi")
    await bot.deliver()
    assert not any("tran ra duong" in m for m in bot.inbox(OFFICIAL_TP))
    assert "tran ra duong" not in await bot.say(CITIZEN, f"/theodoi {code}")
    # Someone else's code: nothing offered, nothing shown.
    other = await bot.say(CITIZEN_2, f"{code} sao gui 2 tuan roi ma van chua ai den xem")
    assert NOT_YOURS in other and "Gửi lời nhắn" not in other


async def test_a_question_typed_while_the_ward_waits_is_asked_about_not_filed(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    await ask_for_more(bot, code, "Chị gửi giúp ảnh nhé.")
    # A stranger's walk: this question was filed into the complaint, and never answered.
    asked = await bot.say(CITIZEN, "em oi ho kinh doanh mat bao lau")
    assert f"thông tin phường đề nghị bổ sung cho phản ánh {code}" in asked
    answer = await bot.click(CITIZEN, "❓ Câu hỏi mới")
    assert "Đăng ký thành lập hộ kinh doanh" in answer
    assert "ho kinh doanh mat bao lau" not in await bot.say(CITIZEN, f"/theodoi {code}")
    # The same kind of text, said to be the information: filed and sent on.
    await bot.say(CITIZEN, "da dang ky ho kinh doanh roi a")
    await bot.click(CITIZEN, f"✍️ Bổ sung cho {code}")
    assert "da dang ky ho kinh doanh roi a" in await bot.say(CITIZEN, f"/theodoi {code}")
    # A plain answer is taken at once, without asking.
    await ask_for_more(bot, code, "Rác ở đâu ạ?")
    taken = await bot.say(CITIZEN, "dong rac o truoc nha so 12 ngo 45")
    assert f"Đã gửi cho cán bộ đang xử lý {code}" in taken


async def test_a_complaint_left_at_the_review_is_kept_with_its_photo_and_said_so(
    bot: BotHarness,
) -> None:
    await bot.say(CITIZEN, "/phananh")
    await bot.say(CITIZEN, "sang nay len phuong lam giay khai tu ma cua dong, ko co ai")
    await bot.say(CITIZEN, photo=PNG)
    await bot.click(CITIZEN, "Tiếp tục ➡️")
    await bot.click(CITIZEN, "Không rõ / lĩnh vực khác")
    # At once, words instead of the buttons: the buttons again, nothing sent.
    again = await bot.say(CITIZEN, "the nay la xong chua")
    assert "rồi bấm Gửi, hoặc Huỷ" in again and "✅ Gửi" in bot.buttons(CITIZEN)
    # The next morning (a stranger's walk: "chau oi" got "answer the question above", and the
    # complaint was gone): it is kept, said so, and the words are answered as such.
    bot.clock.advance(hours=12)
    reply = await bot.say(CITIZEN, "chau oi")
    assert "chưa được gửi. Trợ lý giữ nó một tuần" in reply
    assert bot.last_text(CITIZEN).startswith("Dạ. Khi cần gì")
    await bot.say(CITIZEN, "/phananh")
    form = await bot.click(CITIZEN, "📝 Dùng lại")
    assert "bước 2/3" in form
    await bot.click(CITIZEN, "Tiếp tục ➡️")
    summary = await bot.click(CITIZEN, "Không rõ / lĩnh vực khác")
    assert "cua dong, ko co ai" in summary and "Ảnh: 1" in summary  # the photo came back too
    # "gui di" typed at the review sends it.
    sent = await bot.say(CITIZEN, "gui di")
    assert "Mã theo dõi của bạn là" in sent


async def test_more_about_an_open_complaint_typed_later_is_added_to_it_when_pressed(
    bot: BotHarness,
) -> None:
    # A stranger's walk: the next morning's update on last night's noise found "no procedure"
    # and invited a second complaint about the same thing.
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN)
    bot.clock.advance(hours=10)
    update = "toi qua no hat den 1h sang moi thoi"
    await bot.say(CITIZEN, update)
    add = f"✍️ Bổ sung cho {code}"
    assert add in bot.buttons(CITIZEN)
    assert "📝 Phản ánh việc này" in bot.buttons(CITIZEN)  # a new complaint stays possible
    before = len(bot.inbox(OFFICIAL_TP))
    assert f"Đã gửi cho cán bộ đang xử lý {code}" in await bot.click(CITIZEN, add)
    await bot.deliver()
    assert any(update in m for m in bot.inbox(OFFICIAL_TP)[before:])
    assert update in await bot.say(CITIZEN, f"/theodoi {code}")
    assert len(await bot.store.complaints.of_citizen(CITIZEN.id)) == 1
    # Someone with no complaint open is not offered it.
    await bot.say(CITIZEN_2, update)
    assert not any(b.startswith("✍️ Bổ sung") for b in bot.buttons(CITIZEN_2))
    # Closed: no longer offered.
    await close(bot, code, "Đã nhắc nhà hàng xóm giữ trật tự sau 22 giờ.")
    await bot.say(CITIZEN, update)
    assert add not in bot.buttons(CITIZEN)


async def test_the_complaint_form_says_who_to_call_for_what_is_happening_now(
    bot: BotHarness,
) -> None:
    assert "Gọi 113 (công an)" in await bot.say(CITIZEN, "/phananh")
    await bot.say(CITIZEN, "/huy")
    taken = await bot.say(CITIZEN, "/phananh nha hang xom hat karaoke den 1h sang")
    assert "Gọi 113 (công an)" in taken
