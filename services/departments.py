"""Department mapping (issue 11 item 4): the ward's old departments moved to its new structure.

`preview_mapping` is the dry run: what each old department holds (members, open complaints and
questions, unused invites, linked groups) and which complaint fields would be routed anew.
`apply_mapping` does it in one transaction with one audit entry; from then on the complaint
rules are followed through the moves (`routing_rules`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.complaints import ComplaintRules
from domain.department_map import MappingError, Move, follow, moved_rules, problems
from domain.model import Department
from storage.department_moves import Holdings
from storage.store import Store

__all__ = [
    "MappingError",
    "MappingPreview",
    "MovePreview",
    "apply_mapping",
    "preview_mapping",
    "routing_rules",
]


@dataclass(frozen=True)
class MovePreview:
    old: Department
    new: Department
    holdings: Holdings
    fields: tuple[str, ...]  # complaint fields (their names) routed to `new` from now on
    handles_complaints: bool  # `old` receives every complaint and question today


@dataclass(frozen=True)
class MappingPreview:
    moves: tuple[MovePreview, ...]
    refused: tuple[str, ...]  # why it cannot be done (Vietnamese); () when it can


async def routing_rules(store: Store, rules: ComplaintRules) -> ComplaintRules:
    """The complaint rules as they route today: every department followed through the moves."""
    return moved_rules(rules, await store.department_moves.all())


async def preview_mapping(store: Store, rules: ComplaintRules, moves: list[Move]) -> MappingPreview:
    """The dry run: nothing is written."""
    departments = {d.code: d for d in await store.departments.all()}
    moved = await store.department_moves.all()
    refused = problems(moves, set(departments), moved)
    if refused:
        return MappingPreview((), tuple(refused))
    previews = []
    for move in moves:
        previews.append(
            MovePreview(
                departments[move.old],
                departments[move.new],
                await store.department_moves.holdings(move.old),
                tuple(f.name for f in rules.fields if follow(moved, f.dept) == move.old),
                follow(moved, rules.handler) == move.old,
            )
        )
    return MappingPreview(tuple(previews), ())


async def apply_mapping(
    store: Store, rules: ComplaintRules, moves: list[Move], actor_id: int | None, now: datetime
) -> MappingPreview:
    """Move every pair in one transaction, audited; refused as a whole when any pair is wrong.
    Returns what was moved (the preview taken just before)."""
    done = await preview_mapping(store, rules, moves)
    if done.refused:
        return done
    async with store.transaction() as tx:
        for move in moves:
            held = await store.department_moves.move(tx, move.old, move.new, now, actor_id)
            for complaint_id in held:
                await store.complaints.add_event(
                    tx,
                    complaint_id,
                    now,
                    actor_id,
                    "reassigned",
                    f"Chuyển đơn vị theo cơ cấu mới: {move.old} -> {move.new}",
                    move.new,
                )
        await store.audit.record(
            tx,
            now,
            actor_id,
            "departments.map",
            ",".join(f"{m.old}->{m.new}" for m in moves),
            moves={
                p.old.code: {
                    "to": p.new.code,
                    "members": p.holdings.members,
                    "open_complaints": p.holdings.open_complaints,
                    "supported_complaints": p.holdings.supported_complaints,
                    "open_questions": p.holdings.open_questions,
                    "invites": p.holdings.invites,
                    "groups": p.holdings.groups,
                    "fields": list(p.fields),
                }
                for p in done.moves
            },
        )
    return done
