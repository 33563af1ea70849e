"""Issue 11 items 5 and 6 from a shell: `cchc-bot plan new --year --from` drafts next year's
plan file that `plan load` (the real validator) loads; `cchc-bot plan close` closes an ended
plan's leftovers and refuses while the plan runs."""

from __future__ import annotations

from pathlib import Path

from domain.datafiles.plan import SHIPPED_PLAN
from tests.auxil.plans import TEST_PLAN_2026
from tests.auxil.processes import cchc_bot

DECEMBER_2026 = {"CCHC_NOW": "2026-12-07T09:00:00+07:00"}
JULY_2025 = {"CCHC_NOW": "2025-07-02T09:00:00+07:00"}


def test_item6_plan_new_drafts_a_file_that_plan_load_loads(tmp_path: Path) -> None:
    assert (
        cchc_bot(tmp_path, "plan", "load", "--new", str(SHIPPED_PLAN), **DECEMBER_2026).returncode
        == 0
    )
    assert cchc_bot(tmp_path, "plan", "load", str(TEST_PLAN_2026), **DECEMBER_2026).returncode == 0
    made = cchc_bot(
        tmp_path,
        "plan", "new", "--year", "2027", "--from", "kien-hung-2026-test", "--out", "d.yaml",
        **DECEMBER_2026,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "Bản nháp kế hoạch năm 2027: d.yaml" in made.stdout
    assert "rồi nạp: cchc-bot plan load d.yaml" in made.stdout
    text = (tmp_path / "d.yaml").read_text(encoding="utf-8")
    assert "period_start: 2027" in text and "# kiểm tra:" in text
    loaded = cchc_bot(tmp_path, "plan", "load", "d.yaml", **DECEMBER_2026)
    assert loaded.returncode == 0, loaded.stderr
    assert "plan kien-hung-test-2027 created" in loaded.stdout
    # From the five-year plan, for 2026: its recurring duties, its one-off tasks listed aside.
    five = cchc_bot(
        tmp_path, "plan", "new", "--year", "2026", "--from", "phu-la-2021-2025", "--out", "p.yaml",
        **DECEMBER_2026,
    )  # fmt: skip
    assert five.returncode == 0 and "Không chép 1 việc một lần" in five.stdout
    unknown = cchc_bot(tmp_path, "plan", "new", "--year", "2027", "--from", "nope")
    assert unknown.returncode == 2 and "không có kế hoạch 'nope'" in unknown.stderr


def test_item5_plan_close_closes_an_ended_plans_leftovers(tmp_path: Path) -> None:
    assert (
        cchc_bot(tmp_path, "plan", "load", "--new", str(SHIPPED_PLAN), **JULY_2025).returncode == 0
    )
    running = cchc_bot(tmp_path, "plan", "close", "phu-la-2021-2025", **JULY_2025)
    assert running.returncode == 2
    assert "chỉ đóng được việc còn tồn của kế hoạch đã kết thúc" in running.stderr
    # Tracking began in July 2025 (the running bot's start does the same).
    assert cchc_bot(tmp_path, "plan", "use", "phu-la-2021-2025", **JULY_2025).returncode == 0
    closed = cchc_bot(tmp_path, "plan", "close", "phu-la-2021-2025", **DECEMBER_2026)
    assert closed.returncode == 0, closed.stderr
    assert "việc còn tồn (lý do: kế hoạch kết thúc)" in closed.stdout
    again = cchc_bot(tmp_path, "plan", "close", "phu-la-2021-2025", **DECEMBER_2026)
    assert "không còn việc nào đang mở" in again.stdout
