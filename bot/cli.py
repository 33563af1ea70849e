"""The `cchc-bot` command (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from bot import departments_cli
from bot.admin_cli import require_database
from bot.plan_end_cli import add_commands as add_plan_end_commands
from bot.settings import Settings, SettingsError, load_settings
from bot.units import cli as units_cli
from domain.datafiles.yaml_lines import DataFileError
from services.release import share_arenas
from storage.db import StorageError

Command = Callable[[Settings, argparse.Namespace], int]


def _parser() -> argparse.ArgumentParser:
    """The sub-commands; each leaf parser names the function that runs it (`run`)."""
    parser = argparse.ArgumentParser(
        prog="cchc-bot",
        description="Telegram bot for a ward's administrative-reform (CCHC) plan. With no"
        " sub-command: polls Telegram if TELEGRAM_BOT_TOKEN is set, otherwise opens the console.",
    )
    parser.set_defaults(run=_default)
    parser.add_argument(
        "--unit",
        help="with CCHC_UNITS_FILE: the unit (its code) whose data the command works on",
    )
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser(
        "run",
        help="poll Telegram (or TELEGRAM_API_BASE_URL), or take its webhooks when"
        " CCHC_WEBHOOK_URL is set; needs a token",
    )
    run.set_defaults(run=_run)
    console = sub.add_parser("console", help="chat with the bot in the terminal, no token needed")
    console.set_defaults(run=_console)
    plan = sub.add_parser("plan", help="manage plans")
    plan_sub = plan.add_subparsers(dest="plan_command", required=True)
    load = plan_sub.add_parser("load", help="load a plan data file (YAML)")
    load.add_argument("file", type=Path)
    load.add_argument(
        "--new",
        action="store_true",
        help="create the database if there is none yet (otherwise a missing one is refused)",
    )
    load.set_defaults(run=_plan_load)
    plan_list = plan_sub.add_parser(
        "list", help="list the loaded plans: slug, kind, period, current or archived, counts"
    )
    plan_list.set_defaults(run=_plan_list)
    plan_use = plan_sub.add_parser(
        "use", help="make a plan the current one for its years (over others of its kind)"
    )
    plan_use.add_argument("slug")
    plan_use.set_defaults(run=_plan_use)
    plan_archive = plan_sub.add_parser(
        "archive", help="a plan is no longer current (it stays reportable)"
    )
    plan_archive.add_argument("slug")
    plan_archive.set_defaults(run=_plan_archive)
    plan_import = plan_sub.add_parser(
        "import", help="draft a plan file from the plan's document (.docx, .txt, .md, .pdf)"
    )
    plan_import.add_argument("file", type=Path)
    plan_import.add_argument("--out", type=Path, help="the draft (default: FILE.draft.yaml)")
    plan_import.set_defaults(run=_plan_import)
    departments_cli.add_parser(sub)
    add_plan_end_commands(plan_sub)  # plan close, plan new (bot/plan_end_cli.py)
    units_cli.add_parser(sub)
    procedures = sub.add_parser("procedures", help="the procedure catalogue citizens search")
    procedures_sub = procedures.add_subparsers(dest="procedures_command", required=True)
    procedures_load = procedures_sub.add_parser(
        "load", help="load a procedure catalogue (YAML like data/procedures.yaml, or CSV)"
    )
    procedures_load.add_argument("file", type=Path)
    procedures_load.add_argument(
        "--replace",
        action="store_true",
        help="remove the loaded procedures the file leaves out (by default they are kept)",
    )
    procedures_load.add_argument(
        "--dry-run", action="store_true", help="only say what would be added, changed, removed"
    )
    procedures_load.set_defaults(run=_procedures_load)
    procedures_export = procedures_sub.add_parser(
        "export",
        help="write the loaded catalogue, with the questions staff mapped (/cauhoi), as YAML",
    )
    procedures_export.add_argument(
        "file", type=Path, nargs="?", default=Path("procedures-export.yaml")
    )
    procedures_export.set_defaults(run=_procedures_export)
    digest = sub.add_parser("digest", help="the weekly CCHC digest")
    digest_sub = digest.add_subparsers(dest="digest_command", required=True)
    digest_send = digest_sub.add_parser(
        "send", help="queue a week's digest for every subscriber now, and send it"
    )
    digest_send.add_argument(
        "--week", help="ISO week such as 2026-W48 (default: the last full week)"
    )
    digest_send.set_defaults(run=_digest_send)
    report = sub.add_parser("report", help="write the periodic CCHC report (Word and Excel)")
    report_period = report.add_mutually_exclusive_group(required=True)
    report_period.add_argument("--quarter", help="a quarter such as 2025-Q3")
    report_period.add_argument("--half", help="the six-month report, such as 2025-H1")
    report_period.add_argument("--year", help="a year such as 2025")
    report.add_argument("--out", type=Path, default=Path("."), help="folder for the two files")
    report.add_argument("--plan", help="the plan's slug, when several plans cover the period")
    report.set_defaults(run=_report)
    backup = sub.add_parser(
        "backup",
        help="one archive of the database and the evidence files, now (safe while the bot runs)",
    )
    backup.add_argument(
        "path",
        nargs="?",
        help="a folder (a dated name is made in it; default: backups beside the database), or a"
        " new file ending in .tar.gz, or .sqlite3 for the database only; never overwritten",
    )
    backup.set_defaults(run=_backup)
    restore = sub.add_parser(
        "restore",
        help="replace the database with a backup; refused while the bot runs; a safety copy of"
        " the data it replaces goes to the backups folder first",
    )
    restore.add_argument("path", type=Path)
    restore.set_defaults(run=_restore)
    return parser


def run_polling(settings: Settings) -> None:
    from bot.app import build_application

    app = build_application(settings)
    app.run_polling(allowed_updates=None, drop_pending_updates=False)
    if app.bot_data.stopped_by:  # Telegram's 409: another poller or a webhook took the token
        raise SystemExit(3)


def run_webhook(settings: Settings) -> None:
    from bot.server.webhook import ListenError, WebhookRefused, serve_webhook

    try:
        asyncio.run(serve_webhook(settings))
    except ListenError as error:
        raise SettingsError("CCHC_WEBHOOK_LISTEN", str(error)) from None
    except WebhookRefused as error:
        raise SettingsError("CCHC_WEBHOOK_URL", f"Telegram refused it: {error}") from None


def run_bot(settings: Settings) -> None:
    """`cchc-bot run`: webhooks when CCHC_WEBHOOK_URL is set, else long polling.

    A wrong setting exits 2 (a service manager should not restart it: the file needs fixing);
    the Bot API out of reach at start exits 1 (restarting later is the cure).
    """
    from telegram.error import InvalidToken, TelegramError

    from bot.logs import configure_logging

    if settings.units_file is not None:
        return run_units(settings)
    settings.require_token()
    # Every file the bot makes (database, logs, backups, evidence) is the service user's alone
    # (audit M6); the systemd unit sets UMask=0077 too.
    os.umask(0o077)
    configure_logging(settings)  # the token and the webhook secret never reach a log line
    server = settings.api_base_url.removesuffix("/bot")
    try:
        if settings.webhook_url:
            run_webhook(settings)
        else:
            run_polling(settings)
    except InvalidToken:  # PTB's own message quotes the token
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN",
            f"was refused by {server}: check the token from @BotFather, and"
            " TELEGRAM_API_BASE_URL if it is set",
        ) from None
    except TelegramError as error:  # at start: the network, or Telegram answering 5xx
        print(f"cchc-bot: cannot reach the Bot API at {server}: {error}", file=sys.stderr)
        raise SystemExit(1) from None


def run_units(settings: Settings) -> None:
    """`cchc-bot run` with CCHC_UNITS_FILE: every unit's bot in this process (bot/units)."""
    from telegram.error import TelegramError

    from bot.units.config import declared_units
    from bot.units.deployment import UnitTokenRefused, serve_units

    units = declared_units(settings)
    if not units:
        raise SettingsError(
            "CCHC_UNITS_FILE", f"{settings.units_file} declares no unit yet: cchc-bot units add"
        )
    os.umask(0o077)
    server = settings.api_base_url.removesuffix("/bot")
    try:
        if settings.webhook_url:
            from bot.server.webhook import ListenError, WebhookRefused

            try:
                deployment = asyncio.run(serve_units(settings, units))
            except ListenError as error:
                raise SettingsError("CCHC_WEBHOOK_LISTEN", str(error)) from None
            except WebhookRefused as error:
                raise SettingsError("CCHC_WEBHOOK_URL", f"Telegram refused it: {error}") from None
        else:
            deployment = asyncio.run(serve_units(settings, units))
    except UnitTokenRefused as refused:
        raise SettingsError(
            "CCHC_UNITS_FILE",
            f"the token of unit {refused.code} was refused by {server}: check it with"
            " @BotFather (cchc-bot units list shows which bot it is)",
        ) from None
    except TelegramError as error:
        print(f"cchc-bot: cannot reach the Bot API at {server}: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    if deployment.stopped_by:  # Telegram's 409 for one unit's token
        print(f"cchc-bot: {deployment.stopped_by}", file=sys.stderr)
        raise SystemExit(3)


# The commands: each returns the exit code. ------------------------------------------------------
def _default(settings: Settings, args: argparse.Namespace) -> int:
    if settings.token or (settings.units_file is not None and not settings.unit):
        return _run(settings, args)
    print(
        "TELEGRAM_BOT_TOKEN is not set: get one from @BotFather in Telegram (/newbot)"
        " and put it in .env. Opening the terminal chat (cchc-bot console) instead.",
        file=sys.stderr,
    )
    return _console(settings, args)


def _run(settings: Settings, args: argparse.Namespace) -> int:
    run_bot(settings)
    return 0


def _console(settings: Settings, args: argparse.Namespace) -> int:
    from bot.console import run_console

    logging.basicConfig(level=logging.WARNING)
    run_console(settings)
    return 0


def _plan_load(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import default_clock
    from domain.datafiles.plan import read_plan
    from storage.store import Store

    path: Path = args.file
    spec = read_plan(path)  # refuse a malformed file before the database is touched
    if not args.new:
        require_database(settings, "--new")

    async def load() -> str:
        store = await Store.open(settings.database, settings.unit)
        try:
            result = await store.plans.load(spec, default_clock(settings).now())
        finally:
            await store.close()
        return (
            f"{path}: plan {result.slug} {result.outcome}"
            f" ({result.targets} targets, {result.tasks} tasks and duties)"
        )

    print(asyncio.run(load()))
    return 0


def _plan_list(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import default_clock
    from services.plans import list_plans
    from storage.store import Store

    async def listing() -> str:
        store = await Store.open(settings.database, settings.unit)
        try:
            rows = await list_plans(store, default_clock(settings).now().date())
        finally:
            await store.close()
        lines = []
        for row in rows:
            p = row.plan
            state = "archived" if p.archived else "current" if row.current else "-"
            pinned = ", pinned" if p.pinned_at else ""
            parent = f"  under {p.parent}" if p.parent else ""
            lines.append(
                f"{'*' if row.current else ' '} {p.slug}  {p.kind}  {p.period_start}-{p.period_end}"
                f"  {state}{pinned}  {row.targets} targets, {row.tasks} tasks  {p.code}{parent}"
            )
        return "\n".join(lines) or "no plan loaded"

    print(asyncio.run(listing()))
    return 0


def _plan_change(settings: Settings, slug: str, archive: bool) -> int:
    from bot.app import default_clock
    from services.plans import PlanChange, archive_plan, use_plan
    from storage.store import Store

    async def change() -> PlanChange:
        store = await Store.open(settings.database, settings.unit)
        try:
            act = archive_plan if archive else use_plan
            return await act(store, slug, None, default_clock(settings).now())
        finally:
            await store.close()

    outcome = asyncio.run(change())
    if outcome is PlanChange.UNKNOWN:
        print(f"cchc-bot: there is no plan {slug!r} (cchc-bot plan list)", file=sys.stderr)
        return 2
    if outcome is PlanChange.UNCHANGED:
        print(f"plan {slug} was already archived")
    elif archive:
        print(f"plan {slug} archived: no longer current, still reportable")
    else:
        print(f"plan {slug} is now the current plan for its years")
    return 0


def _plan_use(settings: Settings, args: argparse.Namespace) -> int:
    return _plan_change(settings, args.slug, archive=False)


def _plan_archive(settings: Settings, args: argparse.Namespace) -> int:
    return _plan_change(settings, args.slug, archive=True)


def _procedures_load(settings: Settings, args: argparse.Namespace) -> int:
    from bot.admin_cli import procedures_load
    from bot.app import default_clock

    now = default_clock(settings).now()
    print(procedures_load(settings, args.file, args.replace, args.dry_run, now))
    return 0


def _procedures_export(settings: Settings, args: argparse.Namespace) -> int:
    from services.questions import export_catalogue
    from storage.store import Store

    path: Path = args.file

    async def export() -> tuple[str, int, int] | None:
        store = await Store.open(settings.database, settings.unit)
        try:
            return await export_catalogue(store)
        finally:
            await store.close()

    found = asyncio.run(export())
    if found is None:
        print("cchc-bot: no procedure catalogue is loaded", file=sys.stderr)
        return 2
    text, procedures, mappings = found
    path.write_text(text, encoding="utf-8")
    print(f"{path}: {procedures} procedures, {mappings} questions mapped by staff")
    return 0


def _digest_send(settings: Settings, args: argparse.Namespace) -> int:
    from bot.reminders.digest_cli import digest_send
    from services.digest import WeekError

    try:
        print(asyncio.run(digest_send(settings, args.week)))
    except WeekError as error:
        print(f"cchc-bot: --week: {error}", file=sys.stderr)
        return 2
    return 0


def _report(settings: Settings, args: argparse.Namespace) -> int:
    from bot.report_cli import ReportError, report_files, requested

    try:
        requested(
            args.quarter or args.half, args.year
        )  # refuse a bad period before opening anything
        require_database(settings)
        paths = asyncio.run(
            report_files(settings, args.quarter or args.half, args.year, args.out, args.plan)
        )
    except ReportError as error:
        print(f"cchc-bot: report: {error}", file=sys.stderr)
        return 2
    print("\n".join(str(p) for p in paths))
    return 0


def _plan_import(settings: Settings, args: argparse.Namespace) -> int:
    """Draft a plan file from a document; print the summary (Vietnamese) and the draft's path."""
    from services.plan_import import PlanImportError, describe, import_plan

    del settings  # reads and writes files only: no database
    path: Path = args.file
    out: Path = args.out or path.with_name(f"{path.stem}.draft.yaml")
    try:
        result = import_plan(path, out)
    except PlanImportError as error:
        print(f"cchc-bot: {error}", file=sys.stderr)
        return 2
    print(describe(result.summary))
    print(f"Bản nháp: {result.draft_path}")
    if result.refused:
        print(f"Bản nháp chưa nạp được, cần sửa: {result.refused}")
    else:
        print(f"Xem lại các dòng '# kiểm tra:', rồi nạp: cchc-bot plan load {result.draft_path}")
    return 0


def _backup(settings: Settings, args: argparse.Namespace) -> int:
    from bot.admin_cli import backup
    from bot.app import default_clock

    print(backup(settings, args.path, default_clock(settings).now()))
    return 0


def _restore(settings: Settings, args: argparse.Namespace) -> int:
    from bot.admin_cli import restore
    from bot.app import default_clock

    print("\n".join(restore(settings, args.path, default_clock(settings).now())))
    return 0


# Commands that create the database when it is missing: the bot's first start, and a restore
# (onto a new machine); the others refuse a path that does not exist (audit A5).
# (`report` and `plan load` check it themselves, after their arguments.)
CREATE_DATABASE = {
    "_default",
    "_run",
    "_console",
    "_restore",
    "_plan_import",
    "_plan_load",
    "_report",
    "units_add",
    "units_list",
}
# Commands about the whole deployment: never one unit's data.
DEPLOYMENT_WIDE = {"_default", "_run", "_plan_import", "units_add", "units_list"}


def _for_unit(settings: Settings, args: argparse.Namespace, run: Command) -> Settings:
    """With CCHC_UNITS_FILE, a command on data works on one unit's: `--unit CODE` (or the only
    unit there is)."""
    from bot.units.config import declared_units, settings_for_unit

    if args.unit:
        if run.__name__ in DEPLOYMENT_WIDE:
            raise SettingsError(
                "--unit",
                "lệnh này dùng cho mọi đơn vị, bỏ --unit đi / this command is about every unit:"
                " leave --unit out",
            )
        return settings_for_unit(settings, args.unit)
    if settings.units_file is None or run.__name__ in DEPLOYMENT_WIDE:
        return settings
    units = declared_units(settings)
    if len(units) == 1:
        return settings_for_unit(settings, units[0].code)
    known = ", ".join(unit.code for unit in units) or "cchc-bot units add"
    raise SettingsError(
        "--unit",
        f"xin nêu đơn vị, ví dụ cchc-bot --unit MÃ ... ({known}) / say which unit, e.g."
        f" cchc-bot --unit CODE ... ({known})",
    )


def main(argv: list[str] | None = None) -> int:
    share_arenas()  # before any thread: charts and reports reuse the main arena's free memory
    args = _parser().parse_args(argv)
    run: Command = args.run
    try:
        settings = _for_unit(load_settings(), args, run)
        if run.__name__ not in CREATE_DATABASE:
            require_database(settings)
        return run(settings, args)
    except (SettingsError, StorageError, DataFileError) as error:
        print(f"cchc-bot: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a path the officer gave: one line, never a traceback (A4)
        name = f" {error.filename}" if error.filename else ""
        print(f"cchc-bot: {error.strerror or error}{name}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
