"""The officials' complaint desk, /xuly (issue 10 item 7, field test O6 and O7), by buttons."""

from __future__ import annotations

from datetime import datetime

from tests.auxil.constants import ADMIN, CITIZEN, OFFICIAL_TP, VN
from tests.auxil.harness import BotHarness
from tests.e2e.test_citizens_complaints import PNG, send_complaint

FLOOD = "Ngõ 5 tổ dân phố 3 bị ngập nước thải từ tuần trước, mùi rất hôi, xin phường xử lý."
LAMP = "Đèn đường ngõ 7 hỏng cả tuần nay, tối đi lại rất nguy hiểm."
TREE = "Cây xà cừ trước nhà văn hóa tổ 2 nghiêng sắp đổ."


async def test_O6_handle_complaints_is_a_button_of_the_officials_menu(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN, FLOOD)
    await bot.say(OFFICIAL_TP, "/start")
    assert "📥 Xử lý phản ánh" in bot.buttons(OFFICIAL_TP)
    queue = await bot.click(OFFICIAL_TP, "📥 Xử lý phản ánh")
    assert "Việc đang chờ: 1 phản ánh" in queue and code in queue
    # A citizen's menu has no such button.
    await bot.say(CITIZEN, "/start")
    assert "📥 Xử lý phản ánh" not in bot.buttons(CITIZEN)


async def test_O7a_the_queue_shows_status_overdue_full_date_preview_most_urgent_first(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    old = await send_complaint(bot, CITIZEN, FLOOD)  # 02/06/2025: due 16/06/2025
    bot.clock.set(datetime(2025, 6, 10, 9, 0, tzinfo=VN))
    later = await send_complaint(bot, CITIZEN, LAMP)  # due 24/06/2025
    bot.clock.set(datetime(2025, 6, 5, 9, 0, tzinfo=VN))
    middle = await send_complaint(bot, CITIZEN, TREE)  # due 19/06/2025
    await bot.say(OFFICIAL_TP, f"/xuly {middle}")
    await bot.click(OFFICIAL_TP, "🙋 Nhận xử lý")
    # On 17/06/2025 the first is overdue: on top, red, with its year; then the nearest deadline.
    bot.clock.set(datetime(2025, 6, 17, 9, 0, tzinfo=VN))
    queue = await bot.say(OFFICIAL_TP, "/xuly")
    assert "🔴 1 phản ánh đã quá hạn" in queue
    assert queue.index(old) < queue.index(middle) < queue.index(later)
    assert f"🔴 {old} · mới, chưa có người nhận · quá hạn từ 16/06/2025" in queue
    assert f"🔧 {middle} · đang xử lý · hạn 19/06/2025" in queue
    assert f"🆕 {later} · mới, chưa có người nhận · hạn 24/06/2025" in queue
    assert "Ngõ 5 tổ dân phố 3 bị ngập nước thải" in queue  # a preview of each
    labels = [b for b in bot.buttons(OFFICIAL_TP) if b.startswith(("🔴", "🔧", "🆕"))]
    assert labels[0].startswith(f"🔴 {old} · hạn 16/06/2025 · Ngõ 5")
    # Eighteen months later the same complaint still says its year and that it is overdue.
    bot.clock.set(datetime(2026, 12, 5, 9, 0, tzinfo=VN))
    assert f"🔴 {old} · mới, chưa có người nhận · quá hạn từ 16/06/2025" in await bot.say(
        OFFICIAL_TP, "/xuly"
    )


async def test_O7b_every_step_has_cancel_and_huy_works_everywhere(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN, FLOOD)
    before = await bot.store.complaints.get(code)
    for step in ("💬 Trả lời", "❓ Đề nghị bổ sung", "✅ Trả lời, kết thúc"):
        await bot.say(OFFICIAL_TP, f"/xuly {code}")
        await bot.click(OFFICIAL_TP, step)
        assert "✖ Hủy" in bot.buttons(OFFICIAL_TP), step
        assert "Đã hủy" in await bot.click(OFFICIAL_TP, "✖ Hủy")
        # What is typed next is not taken as the step's text.
        await bot.say(OFFICIAL_TP, "xin chao")
    # The department list has Cancel, and so has the reason asked after it; /huy works too.
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "↪️ Chuyển bộ phận")
    assert "✖ Hủy" in bot.buttons(OFFICIAL_TP)
    assert "Đã hủy" in await bot.click(OFFICIAL_TP, "✖ Hủy")
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "↪️ Chuyển bộ phận")
    await bot.click(OFFICIAL_TP, "Văn phòng HĐND&UBND phường")
    assert "✖ Hủy" in bot.buttons(OFFICIAL_TP)
    assert "Đã hủy" in await bot.say(OFFICIAL_TP, "/huy")
    # /huy outside any flow is understood, not "there is no command /huy".
    answer = await bot.say(OFFICIAL_TP, "/huy")
    assert "Không có lệnh" not in answer and "Đã hủy" in answer
    after = await bot.store.complaints.get(code)
    assert after == before
    events = await bot.store.complaints.events(before.id) if before else []
    assert [e.kind for e in events] == ["submitted"]


async def test_O7c_taking_it_shows_the_next_steps_at_once(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN, FLOOD)
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    taken = await bot.click(OFFICIAL_TP, "🙋 Nhận xử lý")
    assert "người dân đã được báo" in taken and "đang xử lý" in taken
    buttons = bot.buttons(OFFICIAL_TP)
    assert "💬 Trả lời" in buttons and "✅ Trả lời, kết thúc" in buttons
    assert "🙋 Nhận xử lý" not in buttons


async def test_O7d_closing_is_confirmed_and_may_carry_a_photo_of_the_fix(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN, FLOOD)
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    prompt = await bot.click(OFFICIAL_TP, "✅ Trả lời, kết thúc")
    assert "ảnh kết quả" in prompt
    review = await bot.say(OFFICIAL_TP, "Cống đã được nạo vét ngày 03/6, hết ngập.")
    assert "Kết thúc PA-2506-0001 với câu trả lời này?" in review
    assert "Ảnh kết quả xử lý: chưa có" in review
    stored = await bot.store.complaints.get(code)
    assert stored is not None and stored.is_open  # nothing closed before the confirmation
    # The photo of the fix, sent next; then confirmed.
    assert "Ảnh kết quả xử lý: đã có" in await bot.say(OFFICIAL_TP, photo=PNG)
    assert "người dân đã được báo" in await bot.click(OFFICIAL_TP, "✅ Đồng ý kết thúc")
    closed = await bot.store.complaints.get(code)
    assert closed is not None and not closed.is_open
    assert closed.answer == "Cống đã được nạo vét ngày 03/6, hết ngập." and closed.fix_photo
    await bot.deliver()
    received = bot.replies(CITIZEN)
    photo = next(m for m in received if m.get("photo"))
    assert f"Ảnh kết quả xử lý phản ánh {code}" in str(photo.get("caption"))
    assert "đã được trả lời và kết thúc" in str(received[-1].get("text"))
    # The evidence stays with the complaint: the official opening it again gets the photo.
    opened = await bot.say(OFFICIAL_TP, f"/xuly {code}")
    assert "Ảnh kết quả xử lý: đã lưu cùng phản ánh" in opened
    assert f"Ảnh kết quả xử lý phản ánh {code}" in opened
    audit = await bot.store.audit.history(f"complaint:{code}")
    assert audit[-1].action == "complaint.close" and audit[-1].detail["fix_photo"] is True
    # The citizen following it sees it too.
    followed = await bot.say(CITIZEN, f"/theodoi {code}")
    assert "Ảnh kết quả xử lý: đã lưu cùng phản ánh" in followed
    assert f"Ảnh kết quả xử lý phản ánh {code}" in followed


async def test_O7d_a_photo_with_the_answer_as_its_caption(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN, FLOOD)
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "✅ Trả lời, kết thúc")
    review = await bot.say(OFFICIAL_TP, photo=PNG, caption="Da nao vet xong, het ngap")
    assert "Da nao vet xong, het ngap" in review and "Ảnh kết quả xử lý: đã có" in review
    # Rewriting the answer keeps the photo.
    review = await bot.say(OFFICIAL_TP, "Đã nạo vét xong, hết ngập.")
    assert "Đã nạo vét xong, hết ngập." in review and "Ảnh kết quả xử lý: đã có" in review
    await bot.click(OFFICIAL_TP, "✅ Đồng ý kết thúc")
    closed = await bot.store.complaints.get(code)
    assert closed is not None and closed.answer == "Đã nạo vét xong, hết ngập."
    assert closed.fix_photo


async def test_O7e_a_transfer_asks_for_a_reason_told_to_the_department_and_audited(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN, FLOOD)
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "↪️ Chuyển bộ phận")
    asked = await bot.click(OFFICIAL_TP, "Công chức Văn hóa - Xã hội")
    assert "Vì sao chuyển" in asked and "lý do" in asked
    stored = await bot.store.complaints.get(code)
    assert stored is not None and stored.dept_code == "TP"  # not before the reason
    assert "người dân đã được báo" in await bot.say(OFFICIAL_TP, "viec nay thuoc van hoa xa hoi")
    moved = await bot.store.complaints.get(code)
    assert moved is not None and moved.dept_code == "VHXH"
    audit = await bot.store.audit.history(f"complaint:{code}")
    assert audit[-1].action == "complaint.reassign"
    assert audit[-1].detail == {"dept": "VHXH", "reason": "viec nay thuoc van hoa xa hoi"}
    await bot.deliver()
    # The citizen is told where it went, not the ward's internal reason.
    history = await bot.say(CITIZEN, f"/theodoi {code}")
    assert "Công chức Văn hóa - Xã hội" in history and "thuoc van hoa" not in history


async def test_O7_notices_name_the_department_to_an_admin_standing_in(bot: BotHarness) -> None:
    """No one of VHXH uses the bot, no leader either: the administrator stands in and is told
    which department it went to, not "your department" (which an admin does not have)."""
    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN, FLOOD)
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "↪️ Chuyển bộ phận")
    await bot.click(OFFICIAL_TP, "Công chức Văn hóa - Xã hội")
    await bot.say(OFFICIAL_TP, "Thuộc lĩnh vực văn hóa")
    await bot.deliver()
    notice = next(m for m in bot.inbox(ADMIN) if code in m)
    assert "bộ phận của bạn" not in notice
    assert (
        f"Phản ánh {code} được chuyển từ Công chức Tư pháp đến Công chức Văn hóa - Xã hội" in notice
    )
    assert "chưa có ai dùng bot" in notice and "Lý do: Thuộc lĩnh vực văn hóa" in notice
    assert "Mở và xử lý" in bot.buttons(ADMIN)


async def test_O7f_a_question_is_answered_with_a_procedure_card(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(CITIZEN, "Xin hỏi phường có cho mượn hội trường không?")
    await bot.click(CITIZEN, "✉️ Hỏi cán bộ phường")
    await bot.deliver()
    # From the desk, by buttons: the question, then a card found by the official's words.
    await bot.say(OFFICIAL_TP, "/start")
    await bot.click(OFFICIAL_TP, "📥 Xử lý phản ánh")
    question = next(b for b in bot.buttons(OFFICIAL_TP) if b.startswith("❔"))
    prompt = await bot.click(OFFICIAL_TP, question)
    assert "trả lời bằng thẻ thủ tục" in prompt and "✖ Hủy" in bot.buttons(OFFICIAL_TP)
    await bot.click(OFFICIAL_TP, "🔎 Tìm thủ tục khác")
    found = await bot.say(OFFICIAL_TP, "dang ky khai sinh")
    assert "Thủ tục nào?" in found
    card_button = next(b for b in bot.buttons(OFFICIAL_TP) if "khai sinh" in b.lower())
    preview = await bot.click(OFFICIAL_TP, card_button)
    assert "Gửi thẻ thủ tục này cho người dân" in preview
    row = await bot.store.db.fetchone("SELECT answer FROM citizen_questions")
    assert row is not None and row[0] is None  # nothing sent before "Gửi"
    assert "người dân nhận câu trả lời" in await bot.click(OFFICIAL_TP, "✅ Gửi")
    await bot.deliver()
    answer = bot.replies(CITIZEN)[-1]
    assert "bằng thủ tục sau" in str(answer["text"]) and "hội trường" in str(answer["text"])
    assert "📄 Chi tiết" in bot.buttons(CITIZEN)
    row = await bot.store.db.fetchone("SELECT answer FROM citizen_questions")
    assert row is not None and str(row[0]).startswith("Thẻ thủ tục: ")
    audit = await bot.store.audit.history()
    assert audit[-1].action == "question.answer" and audit[-1].detail["procedure"]
