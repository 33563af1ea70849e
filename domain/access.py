"""Who may do what: the sender as the bot sees them, and every access rule in one place.

Handlers check a command's roles before calling it (bot.commands); the finer rules here decide
what a person may see or change inside it, so a button pressed later is checked the same way.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.model import Role, Target, Task

if TYPE_CHECKING:
    from domain.complaints import Complaint
    from domain.procedures import Question

EVERYONE = frozenset(Role)
STAFF = frozenset({Role.OFFICIAL, Role.LEADER, Role.ADMIN})
LEADERS = frozenset({Role.LEADER, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class Actor:
    """Who sent the update, as the bot sees them."""

    user_id: int
    name: str
    role: Role
    dept_code: str | None

    @property
    def is_staff(self) -> bool:
        return self.role.is_staff


def reporting_dept(actor: Actor, task: Task) -> str | None:
    """The department a report by this person counts for, or None if they may not report.

    An official reports for their own department when it leads or supports the task. A leader
    or administrator reports for their department if it takes part, otherwise for the lead.
    """
    if actor.dept_code and task.involves(actor.dept_code):
        return actor.dept_code
    if actor.role.sees_all_departments:
        return task.lead_dept
    return None


def may_enter_figure(actor: Actor, target: Target) -> bool:
    return actor.role.sees_all_departments or actor.dept_code == target.lead_dept


def may_post_news(actor: Actor, news_depts: Collection[str]) -> bool:
    """Administrators, and the staff of the departments that own the CCHC news duty."""
    if actor.role is Role.ADMIN:
        return True
    return actor.is_staff and actor.dept_code in news_depts


def can_handle(actor: Actor, complaint: Complaint) -> bool:
    """Leaders and admins handle every complaint; an official those of their department."""
    if not actor.is_staff:
        return False
    return actor.role.sees_all_departments or actor.dept_code in complaint.departments


def can_view(actor: Actor, complaint: Complaint) -> bool:
    return complaint.citizen_id == actor.user_id or can_handle(actor, complaint)


def may_answer_question(actor: Actor, question: Question) -> bool:
    """A citizen's question: the staff of the department it was passed to, and the leaders and
    administrators (audit M1: any official read and answered any question by forging qa:a)."""
    if not actor.is_staff:
        return False
    return actor.role.sees_all_departments or actor.dept_code == question.dept_code


def may_write_ward_answer(actor: Actor) -> bool:
    """The ward's own answer to a question about the ward (its hours, address, phone): the staff
    who may say what a question meant (/cauhoi) may write it."""
    return actor.is_staff


def may_remove_ward_answer(actor: Actor) -> bool:
    """Listing and deleting the ward's answers: the leaders and administrators."""
    return actor.role.sees_all_departments
