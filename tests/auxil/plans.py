"""The test plan of 2026 (tests/data/plans/kien-hung-2026-test.yaml): a TEST document in the shape
of a ward's yearly plan, not the ward's real plan; loaded beside the shipped 2021-2025 plan."""

from __future__ import annotations

from pathlib import Path

TEST_PLAN_2026 = Path(__file__).resolve().parents[1] / "data" / "plans" / "kien-hung-2026-test.yaml"
