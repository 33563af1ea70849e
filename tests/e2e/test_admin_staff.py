"""Issue 10 item 8: the staff lifecycle for admins (field test A3, audit H5), by buttons from the
admin menu: members by department, move, role, removal with confirmation, invites withdrawn,
the inviting admin told who used a code, roles read as people write them."""

from __future__ import annotations

import pytest

from domain.model import Role
from domain.staff import RoleWord, read_role
from tests.auxil.constants import ADMIN, CITIZEN, OFFICIAL_TP, OFFICIAL_VP
from tests.auxil.harness import BotHarness


def code_of(reply: str) -> str:
    return reply.split("Người được mời gõ: /thamgia ")[1].strip()


@pytest.mark.parametrize(
    ("words", "role"),
    [
        ("lanh dao", Role.LEADER),
        ("lãnh đạo", Role.LEADER),
        ("Lãnh Đạo", Role.LEADER),
        ("lanhdao", Role.LEADER),
        ("lanh_dao", Role.LEADER),
        ("leader", Role.LEADER),
        ("", Role.OFFICIAL),
        ("can bo", Role.OFFICIAL),
        ("cán bộ", Role.OFFICIAL),
        ("cong chuc", Role.OFFICIAL),
        ("admin", RoleWord.ADMIN),
        ("quản trị", RoleWord.ADMIN),
        ("truong phong", RoleWord.UNKNOWN),
        ("lanh", RoleWord.UNKNOWN),
    ],
)
def test_A3_the_role_after_moi_is_read_as_people_write_it(words: str, role: object) -> None:
    assert read_role(words.split()) == role


async def test_A3_moi_tp_lanh_dao_is_a_leader_and_admin_is_refused(bot: BotHarness) -> None:
    for typed in ("/moi TP lanh dao", "/moi tp Lãnh đạo"):
        assert "(lãnh đạo)" in await bot.say(ADMIN, typed)
    refused = await bot.say(ADMIN, "/moi TP admin")
    assert "CCHC_ADMIN_IDS" in refused and "/thamgia" not in refused
    unknown = await bot.say(ADMIN, "/moi TP truong phong")
    assert "Chưa hiểu vai trò" in unknown and "/thamgia" not in unknown
    assert bot.buttons(ADMIN) == ["👤 Cán bộ", "⭐ Lãnh đạo"]
    assert "(lãnh đạo)" in await bot.click(ADMIN, "⭐ Lãnh đạo")
    creations = [e for e in await bot.store.audit.history() if e.action == "invite.create"]
    assert [e.detail["role"] for e in creations] == ["leader"] * 3


async def test_A3_the_admin_is_told_who_used_the_code(bot: BotHarness) -> None:
    await bot.say(ADMIN, "/moi")  # by buttons: department, then role
    await bot.click(ADMIN, "Công chức Tư pháp")
    code = code_of(await bot.click(ADMIN, "👤 Cán bộ"))
    await bot.say(OFFICIAL_TP, f"/thamgia {code}")
    await bot.deliver()
    [notice] = [m for m in bot.inbox(ADMIN) if "vừa được" in m]
    assert code in notice and "Phạm Tư Pháp" in notice and str(OFFICIAL_TP.id) in notice


async def test_A3_an_admin_moves_changes_and_removes_a_member_by_buttons(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(OFFICIAL_VP, "VP")
    await bot.say(ADMIN, "/start")
    listing = await bot.click(ADMIN, "👥 Cán bộ")
    assert "Công chức Tư pháp: 1 người" in listing
    assert "Phạm Tư Pháp" in await bot.click(ADMIN, "Công chức Tư pháp (1)")
    card = await bot.click(ADMIN, "Phạm Tư Pháp · cán bộ")
    assert str(OFFICIAL_TP.id) in card

    assert "nay là lãnh đạo" in await bot.click(ADMIN, "⭐ Chuyển thành lãnh đạo")
    await bot.click(ADMIN, "⬅️ Các bộ phận")
    await bot.click(ADMIN, "Công chức Tư pháp (1)")
    await bot.click(ADMIN, "Phạm Tư Pháp · lãnh đạo")
    await bot.click(ADMIN, "🔀 Chuyển bộ phận")
    moved = await bot.click(ADMIN, "Văn phòng HĐND&UBND phường")
    assert "Văn phòng" in moved
    user = await bot.store.users.get(OFFICIAL_TP.id)
    assert user is not None and (user.role, user.dept_code) == (Role.LEADER, "VP")

    # Removal asks first; "No" keeps everything.
    await bot.click(ADMIN, "⬅️ Các bộ phận")
    await bot.click(ADMIN, "Văn phòng HĐND&UBND phường (2)")
    await bot.click(ADMIN, "Hoàng Văn Phòng · cán bộ")
    question = await bot.click(ADMIN, "🚫 Thu hồi quyền")
    assert "Thu hồi quyền của Hoàng Văn Phòng?" in question
    await bot.click(ADMIN, "↩️ Không, giữ nguyên")
    assert (await bot.store.users.get(OFFICIAL_VP.id)).role is Role.OFFICIAL  # type: ignore[union-attr]
    await bot.click(ADMIN, "🚫 Thu hồi quyền")
    assert "không còn quyền cán bộ" in await bot.click(ADMIN, "✅ Đồng ý thu hồi quyền")

    # At once: the removed official's next command is refused, and they were told.
    assert "dành cho cán bộ" in await bot.say(OFFICIAL_VP, "/xuly")
    await bot.deliver()
    assert any("thu hồi quyền cán bộ" in m for m in bot.inbox(OFFICIAL_VP))
    changes = [e for e in await bot.store.audit.history() if e.actor_id == ADMIN.id]
    assert [e.action for e in changes if e.action == "role.change"] == ["role.change"] * 3


async def test_H5_an_unused_invite_is_withdrawn_and_then_refused(bot: BotHarness) -> None:
    code = code_of(await bot.say(ADMIN, "/moi TP lanh dao"))
    await bot.say(ADMIN, "/canbo")
    assert "Mã mời chưa dùng" in await bot.click(ADMIN, "🎟 Mã mời chưa dùng (1)")
    assert "đã được thu hồi" in await bot.click(ADMIN, f"❌ Thu hồi {code}")
    assert "không tồn tại" in await bot.say(CITIZEN, f"/thamgia {code}")
    user = await bot.store.users.get(CITIZEN.id)
    assert user is None or user.role is Role.CITIZEN
    assert any(e.action == "invite.revoke" for e in await bot.store.audit.history())


async def test_H5_only_an_admin_may_press_the_staff_buttons(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP", Role.LEADER)
    assert "dành cho" in await bot.say(OFFICIAL_TP, "/canbo")
    await bot.say(ADMIN, "/canbo")
    await bot.click(ADMIN, "Công chức Tư pháp (1)")
    # A leader forging the admin's button changes nothing.
    from bot.handlers.staff.callbacks import StaffAction

    await bot.say(OFFICIAL_TP, "/start")
    message = bot.replies(OFFICIAL_TP)[-1]
    await bot.press(OFFICIAL_TP, message, StaffAction("remove_ok", OFFICIAL_TP.id).pack())
    assert (await bot.store.users.get(OFFICIAL_TP.id)).role is Role.LEADER  # type: ignore[union-attr]
