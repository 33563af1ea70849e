"""CCHC news (/dangtin, /tintuc), subscriptions (/dangky, /huydangky) and the weekly digest."""

from __future__ import annotations

from datetime import datetime

from bot.clock import ManualClock
from domain.i18n import translator
from domain.model import Role
from domain.schedule_policy import SchedulePolicy
from services.digest import (
    Movement,
    compose_digest,
    last_digest_moment,
    queue_digest,
    week_for_moment,
)
from tests.auxil.constants import ADMIN, CITIZEN, CITIZEN_2, LEADER, OFFICIAL_TP, OFFICIAL_VHXH, VN
from tests.auxil.harness import BotHarness

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


async def test_the_culture_officer_posts_news_by_buttons_with_a_link_and_a_photo(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    assert "bước 1/4" in await bot.say(OFFICIAL_VHXH, "/dangtin")
    # A title typed in the middle is the title, not a question for the procedure search.
    assert "bước 2/4" in await bot.say(OFFICIAL_VHXH, "Một cửa làm việc sáng thứ Bảy")
    assert "bước 3/4" in await bot.say(
        OFFICIAL_VHXH, "Từ 7/6/2025 bộ phận một cửa nhận hồ sơ cả sáng thứ Bảy."
    )
    assert "phải bắt đầu bằng http" in await bot.say(OFFICIAL_VHXH, "trang phuong")
    assert "bước 4/4" in await bot.say(OFFICIAL_VHXH, "https://phula.hadong.hanoi.gov.vn/tin/1")
    preview = await bot.say(OFFICIAL_VHXH, photo=PNG)
    assert "Một cửa làm việc sáng thứ Bảy" in preview and "(kèm ảnh)" in preview
    assert "Đã đăng" in await bot.click(OFFICIAL_VHXH, "Đăng")
    (post,) = await bot.store.news.latest()
    assert post.title == "Một cửa làm việc sáng thứ Bảy"
    assert post.link == "https://phula.hadong.hanoi.gov.vn/tin/1"
    assert post.photo and post.author_id == OFFICIAL_VHXH.id and post.dept_code == "VHXH"
    # Everyone reads it, the photo as a photo.
    await bot.say(CITIZEN, "/tintuc")
    latest = bot.replies(CITIZEN)
    assert any("photo" in m and "Một cửa làm việc" in m.get("caption", "") for m in latest)
    assert "Nhận bản tin CCHC hằng tuần: /dangky" in bot.inbox(CITIZEN)[-1]


async def test_one_line_post_and_what_is_refused(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    refusal = await bot.say(OFFICIAL_TP, "/dangtin Tin | nội dung")
    assert "công chức Văn hóa - Xã hội và quản trị viên" in refusal
    assert "Xin lỗi" in await bot.say(CITIZEN, "/dangtin Tin | nội dung")
    assert "cách nhau bằng dấu |" in await bot.say(ADMIN, "/dangtin Chỉ có tiêu đề")
    assert "phải bắt đầu bằng http" in await bot.say(ADMIN, "/dangtin Tin | nội dung | abc")
    assert await bot.store.news.latest() == []
    assert "Đã đăng" in await bot.say(
        ADMIN, "/dangtin Lịch tiếp dân tháng 6 | Chủ tịch tiếp dân ngày 15/6. | https://x.vn/a"
    )
    (post,) = await bot.store.news.latest()
    assert (post.title, post.body, post.link) == (
        "Lịch tiếp dân tháng 6",
        "Chủ tịch tiếp dân ngày 15/6.",
        "https://x.vn/a",
    )


async def test_cancel_in_the_middle_posts_nothing(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    await bot.say(OFFICIAL_VHXH, "/dangtin")
    await bot.say(OFFICIAL_VHXH, "Tiêu đề")
    assert "Đã huỷ" in await bot.click(OFFICIAL_VHXH, "Huỷ")
    assert await bot.store.news.latest() == []
    # Another command ends the flow and runs as usual.
    await bot.say(OFFICIAL_VHXH, "/dangtin")
    assert "Chưa có tin CCHC nào." in await bot.say(OFFICIAL_VHXH, "/tintuc")
    await bot.say(OFFICIAL_VHXH, "Không phải tiêu đề")  # the flow is over: not a title
    await bot.click(OFFICIAL_VHXH, "Đăng tin")  # the button under /tintuc starts it again
    assert "bước 2/4" in await bot.say(OFFICIAL_VHXH, "Tiêu đề mới")
    assert await bot.store.news.latest() == []


async def test_citizens_subscribe_and_leave_officials_are_subscribed_unless_they_leave(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    store = bot.store
    admins = frozenset({ADMIN.id})
    assert set(await store.subscriptions.recipients(admins)) == {
        OFFICIAL_TP.id,
        LEADER.id,
        ADMIN.id,
    }
    answer = await bot.say(CITIZEN, "/dangky")
    assert "bản tin CCHC hằng tuần (vào thứ Hai, lúc 08:00)" in answer
    assert "đã đăng ký" in await bot.say(CITIZEN, "/dangky")
    await bot.say(CITIZEN_2, "/dangky")
    await bot.say(CITIZEN_2, "/huydangky")
    await bot.say(OFFICIAL_TP, "/huydangky")
    assert set(await store.subscriptions.recipients(admins)) == {CITIZEN.id, LEADER.id, ADMIN.id}
    assert "chưa nhận" in await bot.say(CITIZEN_2, "/huydangky")


async def test_the_digest_holds_the_weeks_news_and_goes_to_each_subscriber_once(
    bot: BotHarness, clock: ManualClock
) -> None:
    clock.set(datetime(2025, 6, 4, 10, 0, tzinfo=VN))  # Wednesday of week 23
    await bot.say(ADMIN, "/dangtin Tuần lễ CCHC | Phường tổ chức tuần lễ cải cách hành chính.")
    await bot.say(CITIZEN, "/dangky")
    await bot.say(CITIZEN_2, "/dangky")
    clock.set(datetime(2025, 6, 9, 8, 0, tzinfo=VN))  # Monday 08:00: the digest moment
    policy = SchedulePolicy()
    week = week_for_moment(last_digest_moment(clock.now(), policy))
    assert week == "2025-W23"
    t = translator(None, VN)
    result = await queue_digest(bot.store, week, clock.now(), policy, t, frozenset({ADMIN.id}))
    assert (result.queued, result.composed) == (3, True)
    again = await queue_digest(bot.store, week, clock.now(), policy, t, frozenset({ADMIN.id}))
    assert again.queued == 0 and not again.composed
    await bot.deliver()
    (digest,) = bot.inbox(CITIZEN)[-1:]
    assert "Bản tin CCHC hằng tuần của phường Phú La" in digest
    assert "Tuần 23, từ 02/06/2025 đến 08/06/2025" in digest
    assert "Tuần lễ CCHC: Phường tổ chức tuần lễ cải cách hành chính." in digest
    assert "Ngừng nhận bản tin: /huydangky" in digest
    # A subscriber who joins later gets the same week's digest, once; nobody gets it twice.
    await bot.say(LEADER, "/start")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    late = await queue_digest(bot.store, week, clock.now(), policy, t, frozenset({ADMIN.id}))
    assert late.queued == 1
    await bot.deliver()
    for person in (CITIZEN, CITIZEN_2, ADMIN, LEADER):
        assert sum("Bản tin CCHC hằng tuần" in m for m in bot.inbox(person)) == 1


def test_the_digest_text_says_what_moved_and_stays_within_telegrams_limit() -> None:
    t = translator(None, VN)
    movement = Movement(
        tasks_done=[f"2.{i}a Nhiệm vụ số {i}" for i in range(12)],
        figures=["1.3a Hồ sơ đúng hạn 2025-Q2: 98,3%"],
        target_changes=["1.3a: có nguy cơ → đạt"],
    )
    text = compose_digest("2025-W23", "phường Phú La", [], movement, t, VN)
    assert "Tuần này chưa có tin mới." in text
    assert "12 nhiệm vụ hoàn thành:" in text and "• và 4 mục khác" in text
    assert "1 số liệu được cập nhật:" in text and "98,3%" in text
    assert "Chỉ tiêu thay đổi trạng thái:" in text
    empty = compose_digest("2025-W23", "phường Phú La", [], Movement(), t, VN)
    assert "chưa có nhiệm vụ hoàn thành" in empty


async def test_the_digest_tells_tasks_completed_figures_entered_and_status_changes(
    bot: BotHarness, clock: ManualClock
) -> None:
    from domain.occurrences import Progress, parse_period
    from services.digest import gather_movement, week_bounds

    store = bot.store
    plan = await store.plans.current()
    assert plan is not None
    task = await store.plans.task(plan.id, "2.3a")
    target = await store.plans.target(plan.id, "1.3a")
    assert task is not None and target is not None
    period = parse_period("quarterly", "2025-Q1", 2021, 2025)
    assert period is not None

    async def figure(value: float, at: datetime) -> None:
        async with store.transaction() as tx:
            await store.figures.add(
                tx, target_id=target.id, period="2025-Q1", period_start=period.start,
                period_end=period.end, value=value, numerator=None, denominator=None, note="",
                dept_code="TP", reporter_id=OFFICIAL_TP.id, reporter_name="Phạm Tư Pháp",
                now=at,
            )  # fmt: skip

    await figure(50.0, datetime(2025, 5, 28, 9, 0, tzinfo=VN))  # the week before
    wednesday = datetime(2025, 6, 4, 10, 0, tzinfo=VN)
    await figure(100.0, wednesday)
    async with store.transaction() as tx:
        occ = await store.occurrences.ensure(tx, task, period, period.end, wednesday)
        await store.occurrences.set_progress(tx, occ.id, Progress.DONE, wednesday, wednesday)
    start, end = week_bounds("2025-W23", VN)
    movement = await gather_movement(store, start, end, translator(None, VN))
    assert movement.missing == []
    assert movement.tasks_done == ["2.3a Rà soát, đơn giản hóa và công khai TTHC (2025-Q1)"]
    assert len(movement.figures) == 1 and movement.figures[0].startswith("1.3a ")
    assert len(movement.target_changes) == 1 and "→" in movement.target_changes[0]
    earlier = await gather_movement(store, *week_bounds("2025-W21", VN), translator(None, VN))
    assert earlier.tasks_done == earlier.figures == []
