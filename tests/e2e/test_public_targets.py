"""Issue 13 walk finding 1 (field test C12): /chitieu as a resident reads it (the plan's
abbreviations written out, no data notes meant for staff, counts that agree with the list, a plan
that has ended said so plainly), `/chitieu 1.3a` for one target, while staff keep the plan's own
words, its notes and the charts. Both clocks: inside the 2021-2025 plan and December 2026."""

from __future__ import annotations

from datetime import datetime

from domain.survey import MIN_RESPONSES_SHOWN
from tests.auxil.constants import CITIZEN, LEADER, OFFICIAL_VP, VN
from tests.auxil.harness import BotHarness

DECEMBER_2026 = datetime(2026, 12, 7, 9, 0, tzinfo=VN)
STAFF_WORDS = ("TTHC", "DVCTT", "PAR INDEX", "CCHC (", "không ghi năm", "cuối giai đoạn")


async def test_C12_a_citizen_reads_the_targets_in_plain_words(bot: BotHarness) -> None:
    for typed in ("/chitieu", "xem chi tieu"):
        reply = await bot.say(CITIZEN, typed)
        assert "Mốc năm 2025." in reply
        for internal in STAFF_WORDS:
            assert internal not in reply, internal
        assert "1.1a Chỉ số cải cách hành chính (PAR Index) thuộc top 10 quận" in reply
        assert (
            "1.3b Hồ sơ thủ tục hành chính thực hiện trực tuyến (dịch vụ công trực tuyến): ≥ 50%"
            in reply
        )
        assert "1.4a Cơ cấu số lượng cán bộ, công chức đúng quy định: chỉ tiêu định tính" in reply
        assert "ví dụ /chitieu 1.3a" in reply
        assert bot.buttons(CITIZEN) == []  # the charts are for staff


async def test_C12_staff_keep_the_plans_words_notes_and_charts(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_VP, "VP")
    reply = await bot.say(OFFICIAL_VP, "/chitieu")
    assert "1.3b Hồ sơ TTHC thực hiện trực tuyến (DVCTT): ≥ 50%" in reply
    assert "kế hoạch không ghi năm; áp dụng cho cuối giai đoạn" in reply
    assert "📈 1.3a" in bot.buttons(OFFICIAL_VP)


async def test_C12_chitieu_with_a_number_shows_that_target_only(bot: BotHarness) -> None:
    one = await bot.say(CITIZEN, "/chitieu 1.3a")
    assert "1.3a Hồ sơ thủ tục hành chính trả kết quả đúng hạn, trước hạn: 100%" in one
    assert "1.3b" not in one and "1.1b" not in one and "Khảo sát qua bot" not in one
    assert "3. Cải cách thủ tục hành chính" in one
    area = await bot.say(CITIZEN, "/chitieu 1.3")
    assert all(code in area for code in ("1.3a", "1.3b", "1.3c", "1.3d")) and "1.2a" not in area
    typed_upper = await bot.say(CITIZEN, "/chitieu 1.7A")
    assert "1.7a" in typed_upper and "1.7b" not in typed_upper
    two = await bot.say(CITIZEN, "/chitieu 1.3a 1.5b")
    assert "1.3a" in two and "1.5b" in two and "1.3b" not in two and "1.5a" not in two
    unknown = await bot.say(CITIZEN, "/chitieu 9.9")
    assert unknown == "Kế hoạch không có chỉ tiêu số 9.9. Gõ /chitieu để xem tất cả các chỉ tiêu."
    year = await bot.say(CITIZEN, "/chitieu 1.3a 2025")
    assert year == "Kế hoạch không có chỉ tiêu số 2025. Gõ /chitieu để xem tất cả các chỉ tiêu."
    await bot.make_staff(LEADER, "VP")
    await bot.say(LEADER, "/chitieu 1.3a")
    assert bot.buttons(LEADER) == ["📈 1.3a"]


async def test_C12_an_ended_plan_says_so_and_its_counts_agree_with_the_list(
    bot: BotHarness,
) -> None:
    bot.clock.set(DECEMBER_2026)
    reply = await bot.say(CITIZEN, "/chitieu")
    assert "Kế hoạch này đã kết thúc" in reply
    assert "Kế hoạch giai đoạn 2021-2025 đã kết thúc vào cuối năm 2025." in reply
    summary = (
        "Đạt: 0 · không đạt: 0 · chưa có số liệu: 12 · "
        "chỉ tiêu định tính, không đo bằng số liệu: 4."
    )
    assert summary in reply
    assert reply.count("Kết quả cuối kỳ: chưa có số liệu nên chưa đánh giá được") == 12
    assert reply.count("chỉ tiêu định tính (không đo bằng số liệu)") == 4
    assert reply.count("• ") == 16
    for internal in STAFF_WORDS:
        assert internal not in reply, internal
    # One target: no count for the whole plan.
    one = await bot.say(CITIZEN, "/chitieu 1.7a")
    assert "Đạt:" not in one and "đã kết thúc" in one and "1.7b" not in one


async def test_C12_the_bots_survey_figure_says_its_minimum_and_is_not_sipas(
    bot: BotHarness,
) -> None:
    reply = await bot.say(CITIZEN, "/chitieu")
    assert "Khảo sát qua bot: chưa có lượt đánh giá nào (/danhgia)." in reply
    assert f"khi có từ {MIN_RESPONSES_SHOWN} lượt đánh giá trong tháng" in reply
    assert "% hài lòng" not in reply
