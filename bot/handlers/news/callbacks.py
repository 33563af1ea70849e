"""The buttons of the /dangtin flow (news:skip, news:post, news:cancel)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.buttons import ButtonData


@dataclass(frozen=True)
class SkipStep(ButtonData, prefix="news:skip"):
    """Leave out the link or the photo."""


@dataclass(frozen=True)
class PostNews(ButtonData, prefix="news:post"):
    """Post the previewed news."""


@dataclass(frozen=True)
class CancelPost(ButtonData, prefix="news:cancel"):
    """Drop the draft."""


@dataclass(frozen=True)
class AnyNewsButton(ButtonData, prefix="news"):
    """Any button of this flow: one pressed at the wrong step is answered, not obeyed."""

    rest: str
