"""The satisfaction survey, end to end, and the bot's own figure it feeds on /chitieu (shown from
MIN_RESPONSES_SHOWN answers a month, never as the SIPAS index itself)."""

from __future__ import annotations

from domain.survey import MIN_RESPONSES_SHOWN, QUESTION_KEYS, SurveyDraft, month_result
from services.survey import record
from tests.auxil.constants import CITIZEN, CITIZEN_2, MONDAY, VN
from tests.auxil.harness import BotHarness

LABELS = {
    5: "5 · Rất hài lòng",
    4: "4 · Hài lòng",
    3: "3 · Bình thường",
    2: "2 · Không hài lòng",
    1: "1 · Rất không hài lòng",
    0: "Chưa sử dụng dịch vụ này",
}


def sipas_line(targets_text: str) -> str:
    lines = targets_text.splitlines()
    start = next(i for i, line in enumerate(lines) if "(SIPAS)" in line)
    return next(line for line in lines[start + 1 :] if "Khảo sát qua bot" in line)


async def take_survey(bot: BotHarness, user: object, scores: list[int], comment: str) -> str:
    await bot.say(user, "/danhgia")  # type: ignore[arg-type]
    for score in scores:
        await bot.click(user, LABELS[score])  # type: ignore[arg-type]
    if comment:
        return await bot.say(user, comment)  # type: ignore[arg-type]
    return await bot.click(user, "Bỏ qua")  # type: ignore[arg-type]


async def test_a_survey_taken_end_to_end_changes_the_sipas_line(bot: BotHarness) -> None:
    before = await bot.say(CITIZEN, "/chitieu")
    assert sipas_line(before).strip() == "Khảo sát qua bot: chưa có lượt đánh giá nào (/danhgia)."

    first = await bot.say(CITIZEN, "/danhgia")
    assert "Câu 1/5" in first and "Bạn hài lòng thế nào về việc tiếp cận dịch vụ" in first
    assert bot.buttons(CITIZEN) == list(LABELS.values())
    # Each question keeps the answer pressed.
    pressed = await bot.click(CITIZEN, LABELS[5])
    assert "Câu 1/5" in pressed and "✔️ Bạn đã chọn: 5 · Rất hài lòng" in pressed
    for score in (4, 4, 5):
        await bot.click(CITIZEN, LABELS[score])
    assert "Bạn có muốn góp ý thêm" in await bot.click(CITIZEN, LABELS[3])
    assert "câu trả lời đã được ghi nhận" in await bot.say(CITIZEN, "Cán bộ nhiệt tình")
    counts = await bot.store.surveys.counts("2025-06")
    assert counts["feedback"] == {3: 1} and counts["access"] == {5: 1}
    assert await bot.store.surveys.comments("2025-06") == ["Cán bộ nhiệt tình"]

    # One answer publishes no percentage, and says when one will be shown.
    after = await bot.say(CITIZEN_2, "/chitieu")
    assert sipas_line(after).strip() == "Khảo sát qua bot, tháng 06/2025: mới có 1 lượt đánh giá."
    assert f"từ {MIN_RESPONSES_SHOWN} lượt đánh giá trong tháng" in after
    assert "% hài lòng" not in after


async def test_the_figure_is_shown_from_the_minimum_and_not_called_sipas(bot: BotHarness) -> None:
    for n in range(MIN_RESPONSES_SHOWN):
        draft = SurveyDraft("command", (5, 4, 4, 5, 3) if n % 2 else (1, 2, 3, 4, 5))
        await record(bot.store, 5000 + n, draft, "", MONDAY, VN)
    shown = await bot.say(CITIZEN, "/chitieu")
    # The mean of the parts' shares of 4 and 5: (4/5 + 2/5) / 2 = 60%.
    assert sipas_line(shown).strip() == (
        f"Khảo sát qua bot, tháng 06/2025: 60% hài lòng ({MIN_RESPONSES_SHOWN} lượt đánh giá)"
    )
    assert "không phải chỉ số SIPAS chính thức" in shown


async def test_have_not_used_leaves_a_part_out_and_all_of_them_records_nothing(
    bot: BotHarness,
) -> None:
    await take_survey(bot, CITIZEN, [5, 0, 4, 0, 5], "")
    counts = await bot.store.surveys.counts("2025-06")
    assert "procedure" not in counts and counts["access"] == {5: 1}
    done = await take_survey(bot, CITIZEN_2, [0, 0, 0, 0, 0], "")
    assert "chưa có gì được ghi nhận" in done
    assert await bot.store.surveys.responses("2025-06") == 1


async def test_answering_again_in_the_month_replaces_the_first_answers(bot: BotHarness) -> None:
    await take_survey(bot, CITIZEN, [1, 1, 1, 1, 1], "")
    again = await take_survey(bot, CITIZEN, [5, 5, 5, 5, 5], "")
    assert "thay cho lần bạn trả lời trước đó" in again
    assert await bot.store.surveys.responses("2025-06") == 1
    assert (await bot.store.surveys.counts("2025-06"))["access"] == {5: 1}


async def test_an_old_question_button_changes_nothing(bot: BotHarness) -> None:
    await bot.say(CITIZEN, "/danhgia")
    first_question = bot.replies(CITIZEN)[-1]
    await bot.click(CITIZEN, LABELS[5])
    # Pressing question 1's buttons again (or a forged question number) is not an answer.
    await bot.press(CITIZEN, first_question, "sv:a:0:1")
    await bot.press(CITIZEN, first_question, "sv:a:4:9")
    for score in (4, 4, 4, 4):
        await bot.click(CITIZEN, LABELS[score])
    await bot.click(CITIZEN, "Bỏ qua")
    counts = await bot.store.surveys.counts("2025-06")
    assert counts["access"] == {5: 1}
    assert sum(sum(c.values()) for c in counts.values()) == 5


async def test_the_survey_is_offered_when_a_complaint_is_closed(bot: BotHarness) -> None:
    from tests.auxil.constants import OFFICIAL_TP
    from tests.e2e.test_citizens_complaints import send_complaint

    await bot.make_staff(OFFICIAL_TP, "TP")
    code = await send_complaint(bot, CITIZEN, "Xin bố trí thêm ghế chờ ở bộ phận một cửa")
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "✅ Trả lời, kết thúc")
    await bot.say(OFFICIAL_TP, "Đã bố trí thêm 10 ghế.")
    await bot.click(OFFICIAL_TP, "✅ Đồng ý kết thúc")
    await bot.deliver()
    assert "Câu 1/5" in await bot.click(CITIZEN, "⭐ Đánh giá sự phục vụ")
    for score in (5, 5, 5, 5, 5):
        await bot.click(CITIZEN, LABELS[score])
    await bot.click(CITIZEN, "Bỏ qua")
    row = await bot.store.db.fetchone("SELECT source FROM survey_responses")
    assert row is not None and row["source"] == code


def test_the_monthly_figure_is_the_mean_of_the_parts_share_of_4_and_5() -> None:
    counts = {key: {5: 3, 4: 1, 2: 1} for key in QUESTION_KEYS}
    counts["feedback"] = {1: 2, 5: 2}
    result = month_result("2025-06", 5, counts)
    shares = {p.key: p.percent for p in result.parts}
    assert shares["access"] == 80.0 and shares["feedback"] == 50.0
    assert result.percent == (80.0 * 4 + 50.0) / 5
    assert month_result("2025-07", 0, {}).percent is None


async def test_a_command_at_the_comment_step_keeps_the_answers(bot: BotHarness) -> None:
    await bot.say(CITIZEN, "/danhgia")
    for score in (5, 5, 4, 4, 5):
        await bot.click(CITIZEN, LABELS[score])
    await bot.say(CITIZEN, "/chitieu")
    assert await bot.store.surveys.responses("2025-06") == 1


async def test_what_a_citizen_says_of_the_service_starts_the_survey_and_is_its_comment(
    bot: BotHarness,
) -> None:
    typed = "bac muon danh gia can bo mot cua hom qua rat nhiet tinh"
    first = await bot.say(CITIZEN, typed)
    assert "Câu 1/5" in first and typed in first  # not searched as a procedure: kept, shown
    for score in (5, 5, 4, 5):
        await bot.click(CITIZEN, LABELS[score])
    asked = await bot.click(CITIZEN, LABELS[5])
    assert typed in asked and "Gửi" in bot.buttons(CITIZEN)
    assert "câu trả lời đã được ghi nhận" in await bot.click(CITIZEN, "Gửi")
    assert await bot.store.surveys.comments("2025-06") == [typed]
    # Words added at the comment step join what was said first.
    await bot.say(CITIZEN_2, "toi rat hai long voi phuong")
    for score in (4, 4, 4, 4, 4):
        await bot.click(CITIZEN_2, LABELS[score])
    await bot.say(CITIZEN_2, "lam nhanh")
    assert "toi rat hai long voi phuong lam nhanh" in await bot.store.surveys.comments("2025-06")
    # Asked about something else that starts alike: searched, no survey.
    assert "Câu 1/5" not in await bot.say(CITIZEN, "danh gia tac dong moi truong")


async def test_answers_typed_in_words_count_as_the_button_and_others_are_asked_again(
    bot: BotHarness,
) -> None:
    await bot.say(CITIZEN, "/danhgia")
    taken = await bot.say(CITIZEN, "binh thuong")
    assert "✔️ Bạn đã chọn: 3 · Bình thường" in taken and "Câu 2/5" in taken
    assert "Câu 3/5" in await bot.say(CITIZEN, "5 sao")
    # Not an answer on the scale: asked again, nothing guessed.
    again = await bot.say(CITIZEN, "can bo rat nhiet tinh")
    assert "gõ: rất hài lòng" in again and "Câu 4/5" not in again
    assert "hoặc chưa sử dụng" in again  # the way to say so is named too
    await bot.say(CITIZEN, "ko hai long a")
    await bot.say(CITIZEN, "Rất hài lòng")
    await bot.say(CITIZEN, "chua dung bao gio")  # a stranger's words for "not used yet"
    await bot.click(CITIZEN, "Bỏ qua")
    counts = await bot.store.surveys.counts("2025-06")
    assert counts["access"] == {3: 1} and counts["procedure"] == {5: 1}
    assert counts["official"] == {2: 1} and counts["result"] == {5: 1}
    assert "feedback" not in counts  # "chua dung bao gio": no score for that part


async def test_praise_in_ones_own_words_is_the_surveys_comment_not_a_complaint(
    bot: BotHarness,
) -> None:
    # A stranger's walk: this got "no procedure found" with the complaint button first.
    praise = "can bo tiep dan nhiet tinh lam"
    first = await bot.say(CITIZEN, praise)
    assert "Câu 1/5" in first and praise in first
    # Not praise: a complaint about the service is not taken for a rating.
    assert "Câu 1/5" not in await bot.say(CITIZEN_2, "can bo mot cua khong nhiet tinh")
