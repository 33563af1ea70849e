"""`cchc-bot departments map OLD NEW [OLD NEW ...] [--file MAP] [--apply]`: the old departments
moved to the ward's new structure (issue 11 item 4). A dry run first: what each old department
holds and which complaint fields go anew; `--apply` does it in one audited transaction."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from services.departments import MappingPreview


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    departments = sub.add_parser("departments", help="the ward's departments")
    departments_sub = departments.add_subparsers(dest="departments_command", required=True)
    mapping = departments_sub.add_parser(
        "map",
        help="move old departments to new ones (members, open complaints, complaint routing);"
        " a dry run unless --apply",
    )
    mapping.add_argument("pairs", nargs="*", help="OLD NEW pairs, e.g. TP VP DCXD KT")
    mapping.add_argument("--file", type=Path, help="a mapping file: one 'OLD: NEW' a line")
    mapping.add_argument("--apply", action="store_true", help="do it (default: only show)")
    mapping.set_defaults(run=run_map)


def describe(preview: MappingPreview) -> list[str]:
    lines = []
    for move in preview.moves:
        held = move.holdings
        lines.append(f"{move.old.code} ({move.old.name}) -> {move.new.code} ({move.new.name}):")
        lines.append(
            f"    {held.members} cán bộ, {held.open_complaints} phản ánh đang xử lý"
            f" (+ {held.supported_complaints} phối hợp),"
            f" {held.open_questions} câu hỏi chưa trả lời, {held.invites} mã mời chưa dùng,"
            f" {held.groups} nhóm Telegram"
        )
        routed = list(move.fields)
        if move.handles_complaints:
            routed.insert(0, "tiếp nhận mọi phản ánh và câu hỏi")
        if routed:
            lines.append("    từ nay chuyển sang " + move.new.code + ": " + "; ".join(routed))
    return lines


def run_map(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import default_clock
    from domain.department_map import MappingError, Move, pairs_from_text, pairs_from_words
    from services.complaints import shipped_rules
    from services.departments import apply_mapping, preview_mapping
    from storage.store import Store

    try:
        moves: list[Move] = pairs_from_words(args.pairs) if args.pairs else []
        if args.file is not None:
            try:
                text = args.file.read_text(encoding="utf-8-sig")
            except OSError as error:
                raise MappingError(f"{args.file}: không đọc được ({error.strerror})") from None
            moves += pairs_from_text(text)
        if not moves:
            raise MappingError("cần các cặp MÃ_CŨ MÃ_MỚI hoặc --file")
    except MappingError as error:
        print(f"cchc-bot: {error}", file=sys.stderr)
        return 2

    async def run() -> tuple[list[str], list[str]]:
        store = await Store.open(settings.database, settings.unit)
        try:
            rules = shipped_rules()
            now = default_clock(settings).now()
            if args.apply:
                done = await apply_mapping(store, rules, moves, None, now)
            else:
                done = await preview_mapping(store, rules, moves)
        finally:
            await store.close()
        return describe(done), list(done.refused)

    lines, refused = asyncio.run(run())
    if refused:
        print("cchc-bot: không chuyển được: " + "; ".join(refused), file=sys.stderr)
        return 2
    print("\n".join(lines))
    if args.apply:
        print("Đã chuyển (một lần, có ghi nhật ký).")
    else:
        print("Chạy thử: chưa thay đổi gì. Thêm --apply để chuyển.")
    return 0
