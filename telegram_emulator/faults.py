"""Injected faults: 429, 500, dropped connections, slow answers and users who blocked the bot."""

from __future__ import annotations

from dataclasses import dataclass

from telegram_emulator.entities import BLOCKED, CONFLICT, QUERY_TOO_OLD, ApiError
from telegram_emulator.state import EmulatorState

FAULT_KINDS = frozenset(
    {"retry_after", "server_error", "drop", "slow", "forbidden", "expired", "conflict"}
)


@dataclass
class _Fault:
    kind: str
    count: int
    retry_after: int
    delay: float
    chat_id: int | None


class FaultsMixin(EmulatorState):
    """Faults queued per method (and maybe chat), and chats that answer 403."""

    def inject_fault(
        self,
        method: str,
        kind: str,
        *,
        count: int = 1,
        retry_after: int = 1,
        delay: float = 0.0,
        chat_id: int | None = None,
    ) -> None:
        """Make the next `count` calls of `method` (optionally for one chat) fail as `kind`.

        Kinds: retry_after (429), server_error (500), drop (connection closed without an
        answer), slow (answer after `delay` seconds; delivered anyway), forbidden (403),
        expired (400 "query is too old": a button press answered too late), conflict (409, as
        Telegram answers getUpdates while another process polls with the same token).
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {sorted(FAULT_KINDS)}")
        if method.lower() not in self._methods:
            raise ValueError(f"unknown method {method!r}")
        fault = _Fault(kind, count, retry_after, delay, chat_id)
        self._faults.setdefault(method.lower(), []).append(fault)

    def block_chat(self, chat_id: int) -> None:
        """From now on every call aimed at this chat answers 403, as if the user blocked us."""
        self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def _take_fault(self, method: str, chat_id: int | None) -> _Fault | None:
        pending = self._faults.get(method)
        if not pending:
            return None
        for fault in pending:
            if fault.chat_id is None or fault.chat_id == chat_id:
                fault.count -= 1
                if fault.count <= 0:
                    pending.remove(fault)
                return fault
        return None

    @staticmethod
    def _fault_error(fault: _Fault) -> ApiError:
        if fault.kind == "retry_after":
            return ApiError(
                429, f"Too Many Requests: retry after {fault.retry_after}", fault.retry_after
            )
        if fault.kind == "forbidden":
            return ApiError(403, BLOCKED)
        if fault.kind == "expired":
            return ApiError(400, QUERY_TOO_OLD)
        if fault.kind == "conflict":
            return ApiError(409, CONFLICT)
        return ApiError(500, "Internal Server Error")
