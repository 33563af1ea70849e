"""Time is a dependency: handlers and the scheduler ask a Clock, tests move it by hand."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, time-zone aware, in the ward's time zone."""
        ...


class SystemClock:
    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz

    def now(self) -> datetime:
        return datetime.now(self.tz)


class ShiftedClock:
    """Starts at a chosen moment and runs at normal speed (CCHC_NOW, for demos)."""

    def __init__(self, start: datetime, tz: tzinfo) -> None:
        self.tz = tz
        self._start = start.astimezone(tz)
        self._origin = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._origin)


class ManualClock:
    """Stands still until told to move: for tests."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(self._now.tzinfo)

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now
