"""The buttons of /canbo and /moi (admins only: every press checks the role again)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.buttons import ButtonData


@dataclass(frozen=True)
class StaffHome(ButtonData, prefix="st:h"):
    """Back to the departments with their member counts."""


@dataclass(frozen=True)
class StaffDept(ButtonData, prefix="st:d"):
    """The members of one department."""

    dept: str


@dataclass(frozen=True)
class StaffMember(ButtonData, prefix="st:m"):
    """One member's card: move, change role, remove."""

    user_id: int


@dataclass(frozen=True)
class StaffAction(ButtonData, prefix="st:a"):
    """`leader`, `official`, `move` (choose a department), `remove` (asks), `remove_ok`."""

    action: str
    user_id: int


@dataclass(frozen=True)
class StaffMoveTo(ButtonData, prefix="st:t"):
    user_id: int
    dept: str


@dataclass(frozen=True)
class PendingInvites(ButtonData, prefix="st:i"):
    """The invite codes not used yet, each with a button to withdraw it."""


@dataclass(frozen=True)
class RevokeInvite(ButtonData, prefix="st:r"):
    code: str


@dataclass(frozen=True)
class InviteDept(ButtonData, prefix="mi:d"):
    """/moi by buttons: the department chosen, now the role."""

    dept: str


@dataclass(frozen=True)
class InviteRole(ButtonData, prefix="mi:r"):
    dept: str
    role: str
