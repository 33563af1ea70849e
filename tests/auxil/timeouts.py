"""PTB's read timeout (5 s) made short, so a test can be slower than it in a second."""

from __future__ import annotations

import pytest
from telegram.ext import Application, ApplicationBuilder


def shorten_read_timeout(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Every Application built from now on (the `bot` fixture's too) gives up after `seconds`.

    In the `bot` fixture the outbox sender sends through the Application's bot, so it too.
    """
    build = ApplicationBuilder.build

    def build_quickly(self: ApplicationBuilder) -> Application:  # type: ignore[type-arg]
        self.read_timeout(seconds)
        return build(self)

    monkeypatch.setattr(ApplicationBuilder, "build", build_quickly)
