"""Two units' bots in one deployment (issue 14, "one bot per unit"): each greets with its own
ward, and a unit's staff cannot see or change another unit's complaints, tasks or users.

Both Applications are the deployment's own (bot/units/deployment.py builds them from the units
file), each on its bot token against the one emulator; people write to them as in Telegram.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import datetime
from pathlib import Path

import pytest

from bot.app import close_services, open_services
from bot.clock import ManualClock
from bot.handlers.staff.callbacks import StaffAction, StaffMember
from bot.reminders.scheduling import Scheduler
from bot.units.deployment import Deployment
from domain.datafiles.units import read_units
from domain.model import Role
from telegram_emulator import BotApiEmulator, ChatUser
from tests.auxil.constants import ADMIN, CITIZEN, LEADER, OFFICIAL_TP, VN
from tests.auxil.harness import BotHarness
from tests.e2e.test_citizens_complaints import send_complaint
from tests.e2e.units_fixtures import (
    ADMIN_B,
    PLAN_B_SLUG,
    TOKEN_B,
    WARD_A,
    WARD_B,
    WHERE_B,
    A,
    B,
    deployment_settings,
)

CITIZEN_B = ChatUser(id=1101, first_name="Vũ Thị", last_name="Hà")
OFFICIAL_B = ChatUser(id=2101, first_name="Ngô", last_name="Tư Pháp B")
LEADER_B = ChatUser(id=3101, first_name="Chủ tịch", last_name="Hà Đông")
FLOOD = "Ngõ 5 tổ dân phố 3 bị ngập nước thải từ tuần trước, mùi rất hôi, xin phường xử lý."
LAMP = "Đèn đường ngõ 7 hỏng cả tuần nay, tối đi lại rất nguy hiểm."
NOT_YOURS = "trong các phản ánh của bạn"
OFFICIALS_ONLY = "lệnh này dành cho cán bộ"


@pytest.fixture
async def units(tmp_path: Path, clock: ManualClock) -> AsyncIterator[dict[str, BotHarness]]:
    """Unit A (kien-hung) and unit B (ha-dong), each its bot's harness."""
    async with BotApiEmulator() as emulator, AsyncExitStack() as stack:
        bots = {A: emulator, B: emulator.add_bot(TOKEN_B, "hadong_cchc_bot")}
        settings = deployment_settings(tmp_path, emulator)
        assert settings.units_file is not None
        deployment = Deployment(
            settings, read_units(settings.units_file), clock=clock, background=False
        )
        harnesses = {}
        for code, app in deployment.apps.items():
            await stack.enter_async_context(app)
            await open_services(app)
            stack.push_async_callback(close_services, app)
            harnesses[code] = BotHarness(app, bots[code], clock)
        yield harnesses


async def test_U1_each_bot_greets_with_its_own_ward_plan_and_catalogue(
    units: dict[str, BotHarness], tmp_path: Path
) -> None:
    a, b = units[A], units[B]
    hello_a = await a.say(CITIZEN, "/start")
    hello_b = await b.say(CITIZEN, "/start")
    assert f"UBND {WARD_A}" in hello_a
    assert WARD_B not in hello_a
    assert WARD_B in hello_b and WARD_A not in hello_b
    # Each unit's data in a database file of its own.
    assert a.app.bot_data.settings.db_path == tmp_path / "var" / "units" / A / "cchc.sqlite3"
    assert b.app.bot_data.settings.db_path == tmp_path / "var" / "units" / B / "cchc.sqlite3"
    assert (await a.store.plans.current()).slug == "phu-la-2021-2025"  # type: ignore[union-attr]
    assert (await b.store.plans.current()).slug == PLAN_B_SLUG  # type: ignore[union-attr]
    # B's catalogue file overrides the shared birth registration for B only.
    card_b = await b.say(CITIZEN, "/start tt_khai_sinh")
    card_a = await a.say(CITIZEN, "/start tt_khai_sinh")
    assert "Đăng ký khai sinh" in card_a and "Đăng ký khai sinh" in card_b
    assert WHERE_B in card_b and WHERE_B not in card_a
    # The rest of the shared catalogue is B's too.
    assert len(await b.store.procedures.all()) == len(await a.store.procedures.all())


async def test_U2_a_unit_cannot_see_or_handle_another_units_complaints(
    units: dict[str, BotHarness],
) -> None:
    a, b = units[A], units[B]
    code_a = await send_complaint(a, CITIZEN, FLOOD)
    first_b = await send_complaint(b, CITIZEN_B, FLOOD)
    code_b = await send_complaint(b, CITIZEN_B, LAMP)
    assert code_a == first_b != code_b  # each unit numbers its own complaints
    complaint_b = await b.store.complaints.get(code_b)
    assert complaint_b is not None
    dept_b = complaint_b.dept_code
    # A's staff: an official of the department B's complaint went to, a leader, the admin.
    await a.make_staff(OFFICIAL_TP, dept_b)
    await a.make_staff(LEADER, "VP", Role.LEADER)
    # The citizen of B follows B's code through A's bot: not found there.
    assert NOT_YOURS in await a.say(CITIZEN_B, f"/theodoi {code_b}")
    assert "chưa gửi phản ánh nào" in await a.say(CITIZEN_B, "/theodoi")
    for person in (OFFICIAL_TP, LEADER, ADMIN):
        # By code lookup: refused, nothing of B's complaint shown.
        answer = await a.say(person, f"/xuly {code_b}")
        assert LAMP not in answer and "Đèn đường" not in answer, person
        assert NOT_YOURS in await a.say(person, f"/theodoi {code_b}")
        # By the desk list: only A's own complaint.
        desk = await a.say(person, "/xuly")
        assert code_a in desk and code_b not in desk and "Đèn đường" not in desk, person
    # Pressing "take" on B's code in A's bot changes nothing in B.
    await a.say(ADMIN, f"/xuly {code_a}")
    await a.click(ADMIN, "🙋 Nhận xử lý")  # A's own: taken
    after = await b.store.complaints.get(code_b)
    assert after == complaint_b
    assert [e.kind for e in await b.store.complaints.events(complaint_b.id)] == ["submitted"]
    # B's staff see B's complaints in B's bot.
    await b.make_staff(OFFICIAL_B, dept_b)
    assert code_b in await b.say(OFFICIAL_B, "/xuly")


async def test_U3_a_unit_cannot_see_or_report_another_units_tasks(
    units: dict[str, BotHarness],
) -> None:
    a, b = units[A], units[B]
    await b.make_staff(OFFICIAL_B, "TP")
    await a.make_staff(LEADER, "VP", Role.LEADER)
    assert "Đã lưu báo cáo" in await b.say(OFFICIAL_B, "/baocao 2.3c xong Đã số hóa 40 hồ sơ")
    # A's leader: B's report is not in A's history of the same task, nor in A's data.
    history = await a.say(LEADER, "/lichsu 2.3c")
    assert "Lịch sử nhiệm vụ 2.3c" in history and "Đã số hóa 40 hồ sơ" not in history
    assert await a.store.reports.last_by(OFFICIAL_B.id) is None
    # B's official is nobody in A's bot: no tasks, no report saved.
    assert OFFICIALS_ONLY in await a.say(OFFICIAL_B, "/nhiemvu")
    assert OFFICIALS_ONLY in await a.say(OFFICIAL_B, "/baocao 2.3c xong Báo cáo nhầm bot")
    assert await a.store.reports.last_by(OFFICIAL_B.id) is None
    b_report = await b.store.reports.last_by(OFFICIAL_B.id)
    assert b_report is not None and b_report.note == "Đã số hóa 40 hồ sơ"


async def test_U4_a_units_admin_cannot_see_or_change_another_units_users(
    units: dict[str, BotHarness],
) -> None:
    a, b = units[A], units[B]
    await b.make_staff(OFFICIAL_B, "TP")
    await b.make_staff(LEADER_B, "VP", Role.LEADER)
    await a.make_staff(OFFICIAL_TP, "TP")
    staff_a = await a.say(ADMIN, "/canbo")
    # B's leader is in B's Văn phòng, not in A's.
    assert "Văn phòng HĐND&UBND phường: 0 người" in staff_a
    assert "tệp đơn vị" in staff_a and "CCHC_ADMIN_IDS" not in staff_a  # where admins are set
    assert "Văn phòng HĐND&UBND phường: 1 người" in await b.say(ADMIN_B, "/canbo")
    await a.click(ADMIN, next(x for x in a.buttons(ADMIN) if x.startswith("Công chức Tư pháp")))
    listed = "\n".join([staff_a, a.last_text(ADMIN), *a.buttons(ADMIN)])
    assert "Phạm Tư Pháp" in listed and "Tư Pháp B" not in listed
    # A's admin presses buttons naming B's people (as a forged or stale button would): nothing
    # is shown or changed.
    message = a.replies(ADMIN)[-1]
    for data in (
        StaffMember(OFFICIAL_B.id).pack(),
        StaffAction("leader", OFFICIAL_B.id).pack(),
        StaffAction("remove_ok", LEADER_B.id).pack(),
    ):
        events = await a.press(ADMIN, message, data)
        said = " ".join(str(e["message"].get("text")) for e in events if "message" in e)
        assert "không còn là cán bộ" in said and "Tư Pháp B" not in said, data
    official_b = await b.store.users.get(OFFICIAL_B.id)
    leader_b = await b.store.users.get(LEADER_B.id)
    assert official_b is not None and official_b.role is Role.OFFICIAL
    assert leader_b is not None and leader_b.role is Role.LEADER
    # B's admin is not an admin in A's bot, and A's admin is not one in B's.
    assert OFFICIALS_ONLY in await a.say(ADMIN_B, "/canbo")
    assert OFFICIALS_ONLY in await b.say(ADMIN, "/canbo")


async def test_U10_each_units_digest_names_its_own_ward_and_goes_to_its_own_subscribers(
    units: dict[str, BotHarness], clock: ManualClock
) -> None:
    a, b = units[A], units[B]
    await a.say(CITIZEN, "/dangky")
    await b.say(CITIZEN_B, "/dangky")
    clock.set(datetime(2025, 6, 9, 8, 0, tzinfo=VN))  # Monday 08:00: the digest moment
    for harness in (a, b):
        services = harness.app.bot_data
        await Scheduler(harness.store, services.settings, clock, services.sender).digest()
        await harness.deliver()
    digest_a = a.inbox(CITIZEN)[-1]
    digest_b = b.inbox(CITIZEN_B)[-1]
    assert f"Bản tin CCHC hằng tuần của {WARD_A}" in digest_a
    assert f"Bản tin CCHC hằng tuần của {WARD_B}" in digest_b
    # Each bot wrote only to its own subscribers.
    assert not any("Bản tin" in text for text in a.inbox(CITIZEN_B))
    assert not any("Bản tin" in text for text in b.inbox(CITIZEN))
