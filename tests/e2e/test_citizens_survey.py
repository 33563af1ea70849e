"""The satisfaction survey, end to end, and the SIPAS figure it feeds on /chitieu."""

from __future__ import annotations

from domain.survey import QUESTION_KEYS, month_result
from tests.auxil.constants import CITIZEN, CITIZEN_2
from tests.auxil.harness import BotHarness


def sipas_line(targets_text: str) -> str:
    lines = targets_text.splitlines()
    start = next(i for i, line in enumerate(lines) if "(SIPAS)" in line)
    return next(line for line in lines[start + 1 :] if "Khảo sát qua bot" in line)


async def take_survey(bot: BotHarness, user: object, scores: list[int], comment: str) -> str:
    await bot.say(user, "/danhgia")  # type: ignore[arg-type]
    for score in scores:
        await bot.click(user, str(score))  # type: ignore[arg-type]
    if comment:
        return await bot.say(user, comment)  # type: ignore[arg-type]
    return await bot.click(user, "Bỏ qua")  # type: ignore[arg-type]


async def test_a_survey_taken_end_to_end_changes_the_sipas_line(bot: BotHarness) -> None:
    before = await bot.say(CITIZEN, "/chitieu")
    assert sipas_line(before).strip() == "Khảo sát qua bot: chưa có lượt đánh giá nào (/danhgia)."

    first = await bot.say(CITIZEN, "/danhgia")
    assert "Câu 1/5" in first and "1 = rất không hài lòng" in first
    assert bot.buttons(CITIZEN) == ["1", "2", "3", "4", "5"]
    for score in (5, 4, 4, 5):
        await bot.click(CITIZEN, str(score))
    assert "Bạn có muốn góp ý thêm" in await bot.click(CITIZEN, "3")
    assert "câu trả lời đã được ghi nhận" in await bot.say(CITIZEN, "Cán bộ nhiệt tình")

    after = await bot.say(CITIZEN_2, "/chitieu")
    # Four of five parts satisfied (4 or 5): the mean of the parts is 80%.
    assert sipas_line(after).strip() == (
        "Khảo sát qua bot, tháng 06/2025: 80% hài lòng (1 lượt đánh giá)"
    )
    counts = await bot.store.surveys.counts("2025-06")
    assert counts["feedback"] == {3: 1} and counts["access"] == {5: 1}
    assert await bot.store.surveys.comments("2025-06") == ["Cán bộ nhiệt tình"]

    await take_survey(bot, CITIZEN_2, [1, 2, 3, 4, 5], "")
    both = await bot.say(CITIZEN, "/chitieu")
    assert "Khảo sát qua bot, tháng 06/2025: 60% hài lòng (2 lượt đánh giá)" in both


async def test_answering_again_in_the_month_replaces_the_first_answers(bot: BotHarness) -> None:
    await take_survey(bot, CITIZEN, [1, 1, 1, 1, 1], "")
    again = await take_survey(bot, CITIZEN, [5, 5, 5, 5, 5], "")
    assert "thay cho lần bạn trả lời trước đó" in again
    assert "100% hài lòng (1 lượt đánh giá)" in await bot.say(CITIZEN, "/chitieu")


async def test_an_old_question_button_changes_nothing(bot: BotHarness) -> None:
    await bot.say(CITIZEN, "/danhgia")
    first_question = bot.replies(CITIZEN)[-1]
    await bot.click(CITIZEN, "5")
    # Pressing question 1's buttons again (or a forged question number) is not an answer.
    await bot.press(CITIZEN, first_question, "sv:a:0:1")
    await bot.press(CITIZEN, first_question, "sv:a:4:9")
    for score in (4, 4, 4, 4):
        await bot.click(CITIZEN, str(score))
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
    await bot.deliver()
    assert "Câu 1/5" in await bot.click(CITIZEN, "⭐ Đánh giá sự phục vụ")
    for score in (5, 5, 5, 5, 5):
        await bot.click(CITIZEN, str(score))
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
