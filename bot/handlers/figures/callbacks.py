"""The button families of the figures area (domain.buttons.ButtonData; today's wire format).

sl:t:<target>             /solieu: the target chosen, ask the period
sl:p:<target>:<period>    /solieu: the period chosen, ask the value
ct:<target>               📈 a target's figures as a chart (on /chitieu and after a save)
sl:o:<entry>:<n>          /solieu: the n-th reading of a figure the bot was not sure of
sl:s:<entry> sl:e:<entry> sl:x:<entry>   /solieu: save, retype, cancel the figure shown
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


# The check before saving: each button names the draft it was shown for (`entry`), so a button
# of an older entry cannot save a newer one.
@dataclass(frozen=True)
class PickReading(ButtonData, prefix="sl:o"):
    """One of the readings of a figure the bot was not sure of."""

    entry: int
    index: int


@dataclass(frozen=True)
class SaveFigure(ButtonData, prefix="sl:s"):
    entry: int


@dataclass(frozen=True)
class RetypeFigure(ButtonData, prefix="sl:e"):
    entry: int


@dataclass(frozen=True)
class DropFigure(ButtonData, prefix="sl:x"):
    entry: int
