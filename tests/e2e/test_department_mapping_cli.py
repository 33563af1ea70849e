"""`cchc-bot departments map` from a shell: a dry run first, then --apply; a wrong pair refused
in one line. The 2026 plan is the TEST plan of Kiến Hưng (tests/data/plans)."""

from __future__ import annotations

from pathlib import Path

from domain.datafiles.plan import SHIPPED_PLAN
from tests.auxil.plans import TEST_PLAN_2026
from tests.auxil.processes import cchc_bot

NOW = {"CCHC_NOW": "2026-12-05T09:00:00+07:00"}


def test_the_mapping_is_shown_then_applied_from_a_shell(tmp_path: Path) -> None:
    for plan in (SHIPPED_PLAN, TEST_PLAN_2026):
        assert cchc_bot(tmp_path, "plan", "load", "--new", str(plan), **NOW).returncode == 0
    (tmp_path / "map.txt").write_text("# cơ cấu mới\nTP: VP\nDCXD -> KT\n", encoding="utf-8")
    dry = cchc_bot(tmp_path, "departments", "map", "--file", "map.txt", **NOW)
    assert dry.returncode == 0, dry.stderr
    assert "TP (Công chức Tư pháp) -> VP" in dry.stdout and "chưa thay đổi gì" in dry.stdout
    assert "tiếp nhận mọi phản ánh" in dry.stdout
    done = cchc_bot(tmp_path, "departments", "map", "TP", "VP", "DCXD", "KT", "--apply", **NOW)
    assert done.returncode == 0 and "Đã chuyển" in done.stdout
    wrong = cchc_bot(tmp_path, "departments", "map", "VHXH", "XYZ", "--apply", **NOW)
    assert wrong.returncode == 2 and "không có đơn vị mã XYZ" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    odd = cchc_bot(tmp_path, "departments", "map", "TP", **NOW)
    assert odd.returncode == 2 and "MÃ_CŨ MÃ_MỚI" in odd.stderr
