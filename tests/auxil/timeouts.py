"""PTB's read timeout (5 s) made short, so a test can be slower than it in a second."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.request import HTTPXRequest


def shorten_read_timeout(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Every HTTP stack made from now on (the `bot` fixture's, the outbox sender's) gives up
    waiting for an answer after `seconds`."""
    init = HTTPXRequest.__init__

    def init_quickly(self: HTTPXRequest, *args: Any, **kwargs: Any) -> None:
        kwargs["read_timeout"] = seconds
        init(self, *args, **kwargs)

    monkeypatch.setattr(HTTPXRequest, "__init__", init_quickly)
