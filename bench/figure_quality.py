"""Figure reading: how often an official's figure is stored right, refused right or asked back.

Scores the dev part (looked at while building domain/figure_reading.py) and the held-out part
(written before, only scored) of bench/figure_eval/. A case is right when the reading is exactly
the expected one: the same value, count and total, the same refusal, a question when the line
could mean two things, and the period named in the same line. "Stored wrong" counts the worst
outcome: a value stored that is not what the official meant. Printed, never asserted.

`python -m bench.figure_quality`, or part of `python -m bench`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.common import Row, print_table
from domain.figure_reading import NoCases, Unsure, read_value, split_period
from domain.figures import FigureError, ParsedValue

EVAL = Path(__file__).resolve().parent / "figure_eval"
THIS_YEAR = 2025


@dataclass
class Score:
    right: int = 0
    stored_wrong: int = 0
    total: int = 0
    misses: list[str] | None = None


def outcome(case: dict[str, Any]) -> tuple[bool, bool, str]:
    """(right, stored a wrong value, what was read)."""
    mention, rest = split_period(case["text"], THIS_YEAR)
    reading = read_value(rest, case["metric"])
    period_ok = (mention.period.label if mention else None) == case.get("period")
    if isinstance(reading, ParsedValue):
        seen = f"value {reading.value} ({reading.numerator}/{reading.denominator})"
        want = case.get("expect") or {}
        right = (
            "value" in want
            and abs(reading.value - want["value"]) < 0.01
            and reading.numerator == want.get("num")
            and reading.denominator == want.get("den")
        )
        return right and period_ok, not right, seen
    if isinstance(reading, NoCases):
        want = case.get("expect") or {}
        return bool(want.get("no_cases")) and period_ok, not want.get("no_cases"), "no cases"
    if isinstance(reading, Unsure):
        return bool(case.get("ask")) and period_ok, False, f"asked ({reading.doubt})"
    assert isinstance(reading, FigureError)
    return case.get("error") == reading.value and period_ok, False, f"refused {reading.value}"


def score(part: str, keep_misses: bool) -> Score:
    cases = yaml.safe_load((EVAL / f"{part}.yaml").read_text(encoding="utf-8"))
    result = Score(total=len(cases), misses=[] if keep_misses else None)
    for case in cases:
        right, wrong, seen = outcome(case)
        result.right += right
        result.stored_wrong += wrong
        if not right and result.misses is not None:
            result.misses.append(f"{case['text']!r}: {seen}")
    return result


async def run(quick: bool) -> list[Row]:
    del quick  # a few dozen cases: always all of them
    rows = []
    for part, keep in (("dev", True), ("heldout", False)):
        s = score(part, keep)
        right = 100 * s.right / s.total
        rows.append(
            Row(
                "(f) figure reading",
                f"{part}: right (stored, refused or asked)",
                f"{right:.1f}% of {s.total}",
                "100%",
                "met" if s.right == s.total else "missed",
            )
        )
        rows.append(
            Row(
                "(f) figure reading",
                f"{part}: a value stored that was not meant",
                str(s.stored_wrong),
                "0",
                "met" if s.stored_wrong == 0 else "missed",
            )
        )
        rows += [Row("(f) figure reading", "dev miss", miss) for miss in s.misses or []]
    return rows


if __name__ == "__main__":
    print_table(asyncio.run(run(False)))
