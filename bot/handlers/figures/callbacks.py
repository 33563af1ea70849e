"""The button families of the figures area (domain.buttons.ButtonData; today's wire format).

sl:t:<target>             /solieu: the target chosen, ask the period
sl:p:<target>:<period>    /solieu: the period chosen, ask the value
ct:<target>               📈 a target's figures as a chart (on /chitieu and after a save)
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.buttons import ButtonData


@dataclass(frozen=True)
class PickTarget(ButtonData, prefix="sl:t"):
    code: str


@dataclass(frozen=True)
class PickPeriod(ButtonData, prefix="sl:p"):
    code: str
    period: str


@dataclass(frozen=True)
class ShowChart(ButtonData, prefix="ct"):
    code: str
