"""`cchc-bot plan close` and `cchc-bot plan new`: the end of a plan and next year's draft
(issue 11 items 5 and 6), over the same use cases as the admins' buttons."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.settings import Settings


def add_commands(plan_sub: Any) -> None:
    """The two sub-commands of `cchc-bot plan` (`plan_sub` is its sub-parsers)."""
    close = plan_sub.add_parser(
        "close",
        help="an ended plan: close its leftover open tasks in one step, with a reason",
    )
    close.add_argument("slug")
    close.add_argument("--reason", default="", help="default: kế hoạch kết thúc")
    close.set_defaults(run=plan_close)
    new = plan_sub.add_parser(
        "new", help="draft next year's yearly plan file from a plan's recurring duties"
    )
    new.add_argument("--year", type=int, required=True)
    new.add_argument("--from", dest="source", required=True, help="the plan's slug")
    new.add_argument("--out", type=Path, help="the draft (default: <slug>.draft.yaml)")
    new.set_defaults(run=plan_new)


def plan_close(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import default_clock
    from services.plan_end import END_REASON, CloseOutcome, CloseResult, close_leftovers
    from storage.store import Store

    reason = " ".join(str(args.reason).split()) or END_REASON

    async def close() -> CloseResult:
        store = await Store.open(settings.database, settings.unit)
        try:
            return await close_leftovers(
                store, args.slug, None, default_clock(settings).now(), reason
            )
        finally:
            await store.close()

    result = asyncio.run(close())
    if result.outcome is CloseOutcome.UNKNOWN:
        print(
            f"cchc-bot: không có kế hoạch {args.slug!r} (xem: cchc-bot plan list)"
            f" / there is no plan {args.slug!r}",
            file=sys.stderr,
        )
        return 2
    if result.outcome is CloseOutcome.NOT_ENDED:
        plan = result.plan
        assert plan is not None
        print(
            f"cchc-bot: kế hoạch {args.slug} còn hiệu lực đến hết năm {plan.period_end}: chỉ"
            " đóng được việc còn tồn của kế hoạch đã kết thúc / only an ended plan's leftovers"
            " can be closed",
            file=sys.stderr,
        )
        return 2
    if result.outcome is CloseOutcome.NOTHING:
        print(f"Kế hoạch {args.slug}: không còn việc nào đang mở.")
        return 0
    print(f"Kế hoạch {args.slug}: đã đóng {result.closed} việc còn tồn (lý do: {reason}).")
    return 0


def plan_new(settings: Settings, args: argparse.Namespace) -> int:
    from domain.datafiles.plan import read_plan
    from domain.datafiles.yaml_lines import DataFileError
    from services.plan_next import NextPlan, NextPlanError, draft_next_plan
    from storage.store import Store

    async def draft() -> NextPlan:
        store = await Store.open(settings.database, settings.unit)
        try:
            return await draft_next_plan(store, args.source, args.year)
        finally:
            await store.close()

    try:
        made = asyncio.run(draft())
    except NextPlanError as error:
        print(f"cchc-bot: {error}", file=sys.stderr)
        return 2
    out: Path = args.out or Path(made.file_name)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(made.draft.text, encoding="utf-8")
    print(
        f"Bản nháp kế hoạch năm {made.year}: {out} ({made.draft.carried} nhiệm vụ chép từ"
        f" {made.source_slug}, {len(made.draft.plan.targets)} chỉ tiêu)"
    )
    if made.draft.left_out:
        print(f"Không chép {len(made.draft.left_out)} việc một lần (liệt kê ở đầu tệp).")
    try:
        read_plan(out)
    except DataFileError as error:
        print(f"Bản nháp chưa nạp được, cần sửa: {error}")
        return 0
    print(f"Xem lại các dòng '# kiểm tra:', rồi nạp: cchc-bot plan load {out}")
    return 0
