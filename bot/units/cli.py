"""`cchc-bot units add|list`: declare the units (wards, communes) of a deployment.

`add` checks everything before it writes: the code is new and well formed, the token looks like
one and no other unit has it, the plan file loads, the admins are Telegram ids, the catalogue
file (if any) loads. A refusal says why in Vietnamese, then English, and leaves the file as it
was. The file holds the bots' tokens: `add` makes it readable by its owner only, and no command
prints a token (only the bot's id before the colon).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from bot.settings import Settings
from bot.units.config import store_target_for, unit_webhook_url
from domain.datafiles.units import (
    DataFileError,
    Unit,
    check_code,
    check_token,
    read_units,
    unit_entry_yaml,
)

HEADER = (
    "# Các đơn vị (phường, xã) của triển khai này, mỗi đơn vị một bot: cchc-bot units add / list.\n"
    "# The units of this deployment, one bot each. This file holds the bots' tokens: keep it\n"
    "# readable by the bot's user only.\n"
    "units:\n"
)


class UnitRefused(Exception):
    """`units add` refused its input; the message is Vietnamese, then English."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    units = sub.add_parser("units", help="the units (wards, communes) of a deployment, a bot each")
    units_sub = units.add_subparsers(dest="units_command", required=True)
    add = units_sub.add_parser(
        "add", help="declare a unit in CCHC_UNITS_FILE (everything is checked before it is written)"
    )
    add.add_argument("code", help="a-z, 0-9 and -, such as kien-hung")
    add.add_argument("--name", required=True, help="the ward as its bot names it: phường Kiến Hưng")
    add.add_argument("--plan", required=True, type=Path, help="the unit's plan file (YAML)")
    add.add_argument("--admins", required=True, help="Telegram user ids, comma-separated")
    add.add_argument(
        "--token", help="the bot's token from @BotFather (asked for when left out: not echoed)"
    )
    add.add_argument(
        "--catalogue", type=Path, help="procedures over the shared catalogue for this unit"
    )
    add.set_defaults(run=units_add)
    listing = units_sub.add_parser("list", help="the declared units (tokens are not shown)")
    listing.set_defaults(run=units_list)


def _units_file(settings: Settings) -> Path:
    if settings.units_file is None:
        raise UnitRefused(
            "chưa đặt CCHC_UNITS_FILE: ghi vào .env, ví dụ CCHC_UNITS_FILE=units.yaml, rồi chạy"
            " lại lệnh. / CCHC_UNITS_FILE is not set: put it in .env (e.g."
            " CCHC_UNITS_FILE=units.yaml) and run the command again."
        )
    return settings.units_file


def _existing(path: Path) -> tuple[Unit, ...]:
    if not path.exists():
        return ()
    try:
        return read_units(path)
    except DataFileError as error:
        raise UnitRefused(
            f"tệp đơn vị đang có lỗi, xin sửa trước khi thêm: {error} / the units file has an"
            " error: fix it first"
        ) from None


def _admins(raw: str) -> frozenset[int]:
    parts = raw.replace(";", " ").replace(",", " ").split()  # as typed: commas or spaces
    if not parts or not all(part.isdigit() and int(part) > 0 for part in parts):
        raise UnitRefused(
            f"--admins {raw!r}: cần mã số Telegram của quản trị viên (chỉ chữ số), cách nhau bởi"
            " dấu phẩy, ví dụ 111111111,222222222. / --admins must be Telegram user ids"
            " (digits), comma-separated."
        )
    return frozenset(int(part) for part in parts)


def _token(given: str | None) -> str:
    if given is None:
        if sys.stdin.isatty():
            given = getpass.getpass("Token của bot (từ @BotFather): ")
        else:
            given = sys.stdin.readline()
    token = given.strip()
    if not check_token(token):
        raise UnitRefused(
            "token không đúng dạng token của @BotFather (chữ số:chữ cái); xin chép lại nguyên"
            " token. / the token does not look like a token from @BotFather (digits:letters)."
        )
    return token


def _checked_file(path: Path, what_vi: str, what_en: str, read: Callable[[Path], object]) -> None:
    try:
        read(path)
    except DataFileError as error:
        raise UnitRefused(
            f"{what_vi} {path} chưa dùng được: {error} / the {what_en} {path} cannot be used"
        ) from None


def unit_to_add(args: argparse.Namespace, existing: tuple[Unit, ...]) -> Unit:
    """The unit the arguments describe, every check passed (else UnitRefused)."""
    from domain.datafiles.plan import read_plan
    from domain.datafiles.procedures import read_catalogue

    code = str(args.code).strip()
    if not check_code(code):
        raise UnitRefused(
            f"mã đơn vị {code!r} chưa hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch"
            " ngang, ví dụ kien-hung. / the unit code must be a-z, 0-9 and -, such as kien-hung."
        )
    if any(unit.code == code for unit in existing):
        raise UnitRefused(
            f"đã có đơn vị mã {code} (cchc-bot units list); xin chọn mã khác. / there is a unit"
            f" {code} already."
        )
    name = " ".join(str(args.name).split())
    if not name:
        raise UnitRefused("--name: xin ghi tên phường, xã. / --name is empty.")
    admins = _admins(args.admins)
    _checked_file(args.plan, "tệp kế hoạch", "plan file", read_plan)
    if args.catalogue is not None:
        _checked_file(args.catalogue, "tệp danh mục thủ tục", "catalogue file", read_catalogue)
    token = _token(args.token)
    for unit in existing:
        if unit.token == token:
            raise UnitRefused(
                f"token này đã là của đơn vị {unit.code}: mỗi đơn vị cần một bot riêng (tạo bot"
                f" mới với @BotFather, /newbot). / this token is unit {unit.code}'s already."
            )
    return Unit(code, name, token, args.plan, admins, args.catalogue)


def units_add(settings: Settings, args: argparse.Namespace) -> int:
    try:
        path = _units_file(settings)
        existing = _existing(path)
        unit = unit_to_add(args, existing)
        _append(path, unit, existing)
    except UnitRefused as refusal:
        print(f"cchc-bot: {refusal}", file=sys.stderr)
        return 2
    print(
        f"Đã thêm đơn vị {unit.code} ({unit.name}): bot {unit.shown_token},"
        f" {len(unit.admins)} quản trị viên, kế hoạch {unit.plan}."
    )
    print(f"Dữ liệu của đơn vị: {store_target_for(unit, settings)} (tạo khi bot chạy lần đầu).")
    print("Khởi động lại bot để phục vụ đơn vị mới: cchc-bot run (hoặc systemctl restart).")
    return 0


def _append(path: Path, unit: Unit, existing: tuple[Unit, ...]) -> None:
    """Append the unit's lines; read the file back, and put it back as it was if they did not
    land where they should (a file whose `units:` list is not its last part)."""
    before = path.read_bytes() if path.exists() else None
    text = before.decode("utf-8") if before is not None else HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    text += unit_entry_yaml(unit, path.parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds tokens
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    try:
        after = read_units(path)
        landed = after[:-1] == existing and after[-1].code == unit.code
    except (DataFileError, IndexError):
        landed = False
    if not landed:
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)
        raise UnitRefused(
            f"không ghi thêm được vào {path}: danh sách units: phải ở cuối tệp. Tệp giữ nguyên;"
            " xin thêm đơn vị bằng tay. / could not append to the file (the units: list must be"
            " its last part); the file is unchanged."
        )


def units_list(settings: Settings, args: argparse.Namespace) -> int:
    try:
        path = _units_file(settings)
    except UnitRefused as refusal:
        print(f"cchc-bot: {refusal}", file=sys.stderr)
        return 2
    if not path.exists():
        print(f"Chưa có đơn vị nào ({path} chưa có): cchc-bot units add ...")
        return 0
    units = read_units(path)  # a malformed file: one line with its line number (cli.main)
    if not units:
        print(f"Chưa có đơn vị nào trong {path}: cchc-bot units add ...")
        return 0
    for unit in units:
        data = store_target_for(unit, settings)
        state = "" if data.exists() else " (chưa chạy lần nào)"
        lines = [
            f"{unit.code}  {unit.name}",
            f"  bot {unit.shown_token}, quản trị viên: {', '.join(map(str, sorted(unit.admins)))}",
            f"  kế hoạch: {unit.plan}",
        ]
        if unit.catalogue is not None:
            lines.append(f"  danh mục thủ tục riêng: {unit.catalogue}")
        lines.append(f"  dữ liệu: {data}{state}")
        if (url := unit_webhook_url(settings, unit)) is not None:
            lines.append(f"  webhook: {url}")
        print("\n".join(lines))
    return 0
