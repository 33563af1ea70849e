"""Figures read as officials write them: the dev table of bench/figure_eval, case by case.

(The held-out table is only scored, by `python -m bench figure_quality`.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.figure_quality import THIS_YEAR, outcome
from domain.figure_reading import Doubt, NoCases, Unsure, read_number, read_value, split_period
from domain.figures import FigureError, ParsedValue

DEV = yaml.safe_load(
    (Path(__file__).resolve().parents[3] / "bench" / "figure_eval" / "dev.yaml").read_text("utf-8")
)


@pytest.mark.parametrize("case", DEV, ids=[c["text"] or "(empty)" for c in DEV])
def test_each_way_officials_write_a_figure_is_read_as_meant(case: dict[str, Any]) -> None:
    right, stored_wrong, seen = outcome(case)
    assert right, f"{case['text']!r} was read as {seen}"
    assert not stored_wrong


def test_the_field_test_figures_are_no_longer_stored_wrong() -> None:
    """O1-O3: '50 / 60' was 50%, '60 trên 120' 60%, '1.200/2.000' 60% of 1,2/2."""
    assert read_value("50 / 60", "percent") == ParsedValue(83.33, 50, 60)
    assert read_value("60 trên 120", "percent") == ParsedValue(50, 60, 120)
    assert read_value("1.200/2.000", "percent") == ParsedValue(60, 1200, 2000)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.200", 1200),
        ("1.200.000", 1_200_000),
        ("98,5", 98.5),
        ("1.200,5", 1200.5),
        ("98.5", 98.5),
    ],
)
def test_numbers_are_read_the_vietnamese_way(typed: str, value: float) -> None:
    assert read_number(typed).value == value


def test_a_comma_that_could_be_english_thousands_is_asked_back_with_both_readings() -> None:
    reading = read_value("1,200/2,000", "percent")
    assert isinstance(reading, Unsure) and reading.doubt is Doubt.SEPARATOR
    assert ParsedValue(60, 1200, 2000) in reading.options


def test_a_count_stated_with_a_percentage_that_disagrees_is_asked_back() -> None:
    reading = read_value("118/120 = 90%", "percent")
    assert isinstance(reading, Unsure) and reading.doubt is Doubt.DISAGREES


def test_no_dossiers_is_not_an_error() -> None:
    assert read_value("0/0", "percent") == NoCases()
    assert read_value("Không phát sinh hồ sơ", "percent") == NoCases()
    assert read_value("5/0", "percent") is FigureError.ZERO_TOTAL


def test_the_period_is_read_as_the_bot_itself_writes_it() -> None:
    for typed, label in [
        ("quý II/2025", "2025-Q2"),
        ("quy 2", "2025-Q2"),
        ("Quý IV năm 2025", "2025-Q4"),
        ("6 tháng đầu năm 2025", "2025-H1"),
        ("năm 2025", "2025"),
        ("tháng 06/2025", "2025-06"),
    ]:
        mention, rest = split_period(f"{typed} 118/120", THIS_YEAR)
        assert mention is not None and mention.period.label == label, typed
        assert read_value(rest, "percent") == ParsedValue(98.33, 118, 120), typed
    mention, _ = split_period("quy 2 118/120", THIS_YEAR)
    assert mention is not None and not mention.year_given
