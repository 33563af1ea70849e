"""Issue 11 item 4: the old departments moved to the new structure of the TEST 2026 plan of
Kiến Hưng (tests/data/plans, not the ward's real plan) in one audited step, after a dry run."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from domain.complaints import Draft, Outcome
from domain.datafiles.plan import read_plan
from domain.department_map import Move, pairs_from_text, pairs_from_words
from domain.model import Role
from services.complaints import act, shipped_rules, submit
from services.departments import apply_mapping, preview_mapping, routing_rules
from services.invites import create_invite
from services.questions import ask
from storage.store import Store
from tests.auxil.plans import TEST_PLAN_2026
from tests.integration.services.citizens_world import (
    ADMIN_ID,
    ADMINS,
    CITIZEN_ID,
    NOW,
    join,
    opened_store,
    vietnamese,
)

FLOOD = "Ngõ 5 tổ dân phố 3 bị ngập nước thải từ tuần trước, mùi rất hôi."
JUSTICE, LAND, LEADER = 2001, 2005, 2009
GROUP = -100123
MOVES = [Move("TP", "VP"), Move("DCXD", "KT")]


async def old_ward_at_work(store: Store) -> tuple[str, str]:
    """Staff in TP and DCXD, a linked group, an invite, two open complaints and one closed,
    an open question; then the 2026 plan (VP, KT, VHXH, TTPV) is loaded beside."""
    await join(store, JUSTICE, "TP")
    await join(store, LAND, "DCXD")
    leader = await join(store, LEADER, "VP", Role.LEADER)
    async with store.transaction() as tx:
        await store.groups.link(tx, GROUP, "TP", "Nhóm Tư pháp", JUSTICE, NOW)
    await create_invite(store, ADMIN_ID, "DCXD", Role.OFFICIAL, NOW, 7)
    t = vietnamese()
    codes = []
    for _ in range(3):
        done = await submit(
            store, shipped_rules(), t, Draft(FLOOD, "datdai"), CITIZEN_ID, NOW, admins=ADMINS
        )
        assert done.outcome is Outcome.DONE
        codes.append(done.code)
    closed = await act(store, t, codes[2], leader, "close", NOW, "Đã khơi thông cống.")
    assert closed is Outcome.DONE
    await ask(store, shipped_rules(), t, CITIZEN_ID, "Làm giấy khai sinh ở đâu?", NOW)
    await store.plans.load(read_plan(TEST_PLAN_2026), NOW)
    return codes[0], codes[2]


async def test_the_dry_run_counts_what_moves_and_changes_nothing(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        await old_ward_at_work(store)
        preview = await preview_mapping(store, shipped_rules(), MOVES)
        assert preview.refused == ()
        tp, dcxd = preview.moves
        assert (tp.holdings.members, tp.holdings.open_complaints, tp.holdings.groups) == (1, 2, 1)
        assert tp.holdings.open_questions == 1 and tp.handles_complaints
        assert tp.fields == ("Hộ tịch, chứng thực",)
        assert (dcxd.holdings.members, dcxd.holdings.supported_complaints) == (1, 2)
        assert dcxd.holdings.invites == 1
        assert dcxd.fields == ("Đất đai, xây dựng, môi trường, trật tự đô thị",)
        assert await store.department_moves.all() == {}
        assert [e.action for e in await store.audit.history("TP->VP,DCXD->KT")] == []
        user = await store.users.get(JUSTICE)
        assert user is not None and user.dept_code == "TP"


async def test_the_mapping_moves_members_complaints_and_routing_in_one_audited_step(
    tmp_path: Path,
) -> None:
    async with opened_store(tmp_path) as store:
        open_code, closed_code = await old_ward_at_work(store)
        done = await apply_mapping(store, shipped_rules(), MOVES, ADMIN_ID, NOW)
        assert done.refused == ()

        justice, land = await store.users.get(JUSTICE), await store.users.get(LAND)
        assert justice is not None and justice.dept_code == "VP"
        assert land is not None and land.dept_code == "KT"
        moved = await store.complaints.get(open_code)
        assert moved is not None and (moved.dept_code, moved.support_dept) == ("VP", "KT")
        events = await store.complaints.events(moved.id)
        assert events[-1].kind == "reassigned" and events[-1].dept_code == "VP"
        kept = await store.complaints.get(closed_code)  # a closed case keeps its history
        assert kept is not None and (kept.dept_code, kept.support_dept) == ("TP", "DCXD")
        groups = await store.db.fetchall("SELECT dept_code FROM department_groups")
        assert [g["dept_code"] for g in groups] == ["VP"]
        invites = await store.db.fetchall("SELECT dept_code FROM invites WHERE used_by IS NULL")
        assert [i["dept_code"] for i in invites] == ["KT"]
        questions = await store.db.fetchall("SELECT dept_code FROM citizen_questions")
        assert [q["dept_code"] for q in questions] == ["VP"]
        audit = await store.audit.history("TP->VP,DCXD->KT")
        assert [e.action for e in audit] == ["departments.map"]

        # From now on the rules route to the new departments.
        rules = await routing_rules(store, shipped_rules())
        land_field = rules.field("datdai")
        assert rules.handler == "VP" and land_field is not None and land_field.dept == "KT"
        tomorrow = NOW + timedelta(days=1)  # three complaints today: the daily limit
        new = await submit(
            store, shipped_rules(), vietnamese(), Draft(FLOOD, "datdai"), CITIZEN_ID, tomorrow
        )
        fresh = await store.complaints.get(new.code)
        assert fresh is not None and (fresh.dept_code, fresh.support_dept) == ("VP", "KT")


async def test_a_wrong_mapping_is_refused_whole_and_changes_nothing(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        await old_ward_at_work(store)
        wrong = [Move("TP", "VP"), Move("DCXD", "XYZ"), Move("VHXH", "VHXH")]
        done = await apply_mapping(store, shipped_rules(), wrong, ADMIN_ID, NOW)
        assert "không có đơn vị mã XYZ" in done.refused
        assert "VHXH chuyển sang chính nó" in done.refused
        assert await store.department_moves.all() == {}
        justice = await store.users.get(JUSTICE)
        assert justice is not None and justice.dept_code == "TP"
        # A move onto a department that moved away is refused: no chains.
        await apply_mapping(store, shipped_rules(), [Move("DCXD", "KT")], ADMIN_ID, NOW)
        again = await apply_mapping(store, shipped_rules(), [Move("TP", "DCXD")], ADMIN_ID, NOW)
        assert again.refused == ("DCXD đã được chuyển sang KT trước đây",)


def test_pairs_are_read_from_words_and_from_a_mapping_file() -> None:
    assert pairs_from_words(["tp", "VP", "DCXD=KT"]) == MOVES
    assert pairs_from_text("# cơ cấu mới\nTP: VP\n\nDCXD -> KT  # địa chính\n") == MOVES
