"""(e) Start-up: the cold start to the first answered update, and the memory then, before and after.

The issue that split bot/ into domain/, services/ and bot/ asks that "the start-up memory and
the cold start to the first answered update are measured before and after, in the same run,
and do not get worse". "After" is this working tree; "before" is a git ref (default 54c607a, the
commit before the split; `--before REF` or CCHC_BENCH_BEFORE), checked out for the run with
`git worktree add --detach` into a temporary folder and removed at the end.

Each start is a fresh `python -m bot run` with this venv's interpreter, the tree under test as its
working folder and first on PYTHONPATH (so its own bot/ is imported, checked once per tree before
measuring), a token and TELEGRAM_API_BASE_URL pointing at the Bot API emulator running in this
process, CCHC_DB_PATH in a temporary folder and CCHC_NOW fixed; of this shell's environment only
PATH, HOME, LANG, LC_ALL and TMPDIR (a tree's .env is read as `make run` reads it, these settings
over it): otherwise as `make run` starts it. A `/start` update is queued when the process is
spawned; the cold start is the wall time from the spawn until the emulator has received the reply;
then the process's VmRSS and VmHWM are read (Linux /proc). The first start finds no database (it is
created and the shipped plan and catalogue are loaded, as on a ward's first day); the second finds
it (warm database, cold process). The bare echo bot (bench/echo_bot.py) is measured the same way as
the baseline. One unmeasured round first (it also compiles the fresh checkout's .pyc files), then N
rounds, before and after alternating in order (before, after, after, before, ...) so the machine's
noise hits both alike; medians printed with their range, and after / before as the median of the
rounds' ratios (each round's two starts ran next to each other). The CPU time of the process until
it answered is printed too: on a busy shared machine it varies far less than the wall time. Printed,
never asserted.

`python -m bench.startup [--quick] [--before REF] [--runs N]`, or part of `python -m bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT, Row, machine, print_table
from telegram_emulator import BotApiEmulator, ChatUser

DEFAULT_BEFORE = "54c607a"  # the last commit before bot/ was split into domain/, services/, bot/
NOW = "2026-12-07T09:00:00+07:00"  # the same clock for both trees
KEEP = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")  # what a person's shell has that matters
PACKAGES = ("bot", "domain", "services", "storage")  # the project's own top-level packages
USER = ChatUser(id=700_001, first_name="Người", last_name="dân")
TIMEOUT = 120.0  # seconds for one start to answer
# What the check run prints: where each of the project's modules came from.
IMPORT_CHECK = f"""
import importlib, json, sys
for name in ("bot.cli", "bot.app"):  # what `python -m bot run` imports
    importlib.import_module(name)
print(json.dumps({{n: getattr(m, "__file__", None) for n, m in sys.modules.items()
                  if n.split(".")[0] in {PACKAGES!r}}}))
"""


@dataclass(frozen=True)
class Subject:
    """One program under test: the echo bot, or cchc-bot from one source tree."""

    name: str
    tree: Path
    command: tuple[str, ...]


@dataclass
class Start:
    ms: float  # spawn -> the reply to the first /start received
    cpu_ms: float  # the process's CPU time then: less sensitive to a busy machine
    rss_mb: float  # VmRSS then
    hwm_mb: float  # VmHWM then


@dataclass
class Starts:
    fresh: list[Start] = field(default_factory=list)  # no database yet
    warm: list[Start] = field(default_factory=list)  # the database of the start before


# ------------------------------------------------------------------------------ the tree before
def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
    )


def describe_after() -> str:
    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no").stdout.strip()
    except FileNotFoundError:
        return "the working tree"
    if head.returncode:
        return "the working tree"
    return f"the working tree ({head.stdout.strip()}{', with changes' if dirty else ''})"


@contextmanager
def checkout(ref: str) -> Iterator[tuple[Path | None, str]]:
    """The tree at `ref` in a temporary git worktree, or None and the reason it is not."""
    try:
        inside = git("rev-parse", "--git-dir")
    except FileNotFoundError:
        yield None, "git is not installed"
        return
    if inside.returncode:
        yield None, f"{ROOT} is not a git checkout (a tarball?)"
        return
    found = git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if found.returncode:
        yield None, f"no commit {ref!r} in this clone (shallow?)"
        return
    sha = found.stdout.strip()
    folder = Path(tempfile.mkdtemp(prefix="cchc-bench-before-"))
    tree = folder / "tree"
    added = git("worktree", "add", "--detach", "--quiet", str(tree), sha)
    try:
        if added.returncode:
            yield None, f"git worktree add failed: {added.stderr.strip()}"
        else:
            yield tree, f"{ref} ({sha[:9]})"
    finally:
        if not added.returncode:
            git("worktree", "remove", "--force", str(tree))
        shutil.rmtree(folder, ignore_errors=True)
        git("worktree", "prune")


def check_imports(subject: Subject) -> str:
    """Fail unless the tree's python imports its own modules; return where `bot` came from."""
    env = environment(subject, ROOT / "unused.sqlite3", "http://127.0.0.1:9", "1:check")
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_CHECK],
        env=env, cwd=subject.tree, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"{subject.name}: the import check failed:\n{done.stderr[-4000:]}")
    files: dict[str, str | None] = json.loads(done.stdout.splitlines()[-1])
    strays = {
        name: file
        for name, file in files.items()
        if file and not Path(file).resolve().is_relative_to(subject.tree.resolve())
    }
    if strays:
        raise RuntimeError(f"{subject.name} imports modules from another tree: {strays}")
    return str(files["bot"])


# ------------------------------------------------------------------------------ one start
def environment(subject: Subject, db: Path, base_url: str, token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in KEEP}
    env.update(
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=base_url.removesuffix("/bot"),
        CCHC_DB_PATH=str(db),
        CCHC_NOW=NOW,
        PYTHONPATH=str(subject.tree),
    )
    return env


def memory_mb(pid: int) -> tuple[float, float]:
    """VmRSS and VmHWM of a live process (Linux), NaN elsewhere."""
    found = {"VmRSS:": float("nan"), "VmHWM:": float("nan")}
    with suppress(OSError), open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            key, *rest = line.split()
            if key in found:
                found[key] = int(rest[0]) / 1024
    return found["VmRSS:"], found["VmHWM:"]


def cpu_ms(pid: int) -> float:
    """User + system CPU time of a live process, all its threads (Linux), NaN elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:]


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), timeout=15)
        except TimeoutError:
            process.kill()
            await process.wait()


async def start_once(subject: Subject, db: Path, log: Path) -> Start:
    """Spawn, with a /start waiting; time the reply; read the CPU time and memory; stop."""
    async with BotApiEmulator() as emulator:
        env = environment(subject, db, emulator.base_url, emulator.token)
        _, cursor = emulator.events()
        emulator.push(emulator.message_update(USER, "/start"))
        with log.open("ab") as out:  # a file: a pipe nobody reads could stall the child
            started = time.perf_counter()
            process = await asyncio.create_subprocess_exec(
                sys.executable, *subject.command, env=env, cwd=subject.tree, stdout=out,
                stderr=out,
            )  # fmt: skip
        try:
            answered = asyncio.create_task(
                emulator.wait_for(USER.id, 1, since=cursor, timeout=TIMEOUT)
            )
            exited = asyncio.create_task(process.wait())
            await asyncio.wait({answered, exited}, return_when=asyncio.FIRST_COMPLETED)
            elapsed = time.perf_counter() - started
            rss, hwm = memory_mb(process.pid)
            cpu = cpu_ms(process.pid)
            exited.cancel()
            if not answered.done() or answered.exception():
                answered.cancel()
                raise RuntimeError(f"{subject.name} never answered /start:\n{tail(log)}")
        finally:
            await stop(process)
    return Start(elapsed * 1000, cpu, rss, hwm)


async def round_of(subjects: list[Subject], folder: Path, index: int, results: dict) -> None:
    for subject in subjects:
        db = folder / f"{subject.name}-{index}" / "var" / "cchc.sqlite3"
        log = folder / f"{subject.name}.log"
        fresh = await start_once(subject, db, log)
        warm = await start_once(subject, db, log)
        results[subject.name].fresh.append(fresh)
        results[subject.name].warm.append(warm)


async def measure(subjects: list[Subject], runs: int) -> dict[str, Starts]:
    echo, *trees = subjects
    with tempfile.TemporaryDirectory(prefix="cchc-bench-startup-") as name:
        folder = Path(name)
        await round_of(subjects, folder, 0, {s.name: Starts() for s in subjects})  # not counted
        results = {s.name: Starts() for s in subjects}
        for index in range(1, runs + 1):
            order = trees if index % 2 else trees[::-1]  # before, after, after, before, ...
            await round_of([echo, *order], folder, index, results)
    return results


# ------------------------------------------------------------------------------ the table
def median(starts: list[Start], what: str) -> float:
    return statistics.median(getattr(s, what) for s in starts)


def spread(starts: list[Start], what: str, fmt: str) -> str:
    values = [getattr(s, what) for s in starts]
    return f"{median(starts, what):{fmt}} ({min(values):{fmt}}-{max(values):{fmt}})"


def paired_ratio(before: list[Start], after: list[Start], what: str) -> float:
    """The median of each round's after / before: the two started next to each other."""
    pairs = zip(before, after, strict=True)
    return statistics.median(getattr(a, what) / getattr(b, what) for b, a in pairs)


def verdict(before: list[Start], after: list[Start], what: str) -> str:
    """Not worse: after / before at most 1.00 as printed; worse only past before's range."""
    if round(paired_ratio(before, after, what), 2) <= 1:
        return "yes"
    if min(getattr(s, what) for s in after) <= max(getattr(s, what) for s in before):
        return "within noise"  # the two ranges overlap
    return "no"


def compare(label: str, goal: str, kind: str, what: str, fmt: str, results: dict) -> Row:
    before = getattr(results["before"], kind)
    after = getattr(results["after"], kind)
    echo = median(getattr(results["echo"], kind), what)
    value = (
        f"{spread(before, what, fmt)} / {spread(after, what, fmt)}:"
        f" **{paired_ratio(before, after, what):.2f}**"
        f" (x echo: {median(before, what) / echo:.1f} / {median(after, what) / echo:.1f})"
    )
    return Row("e", label, value, goal, verdict(before, after, what))


def rows_for(results: dict[str, Starts], runs: int, trees: str) -> list[Row]:
    echo = results["echo"]
    rows = [
        Row("e", f"{trees}; median (min-max) of {runs} starts", ""),
        Row(
            "e",
            "echo bot: cold start to the first answer ms, CPU ms / RSS, VmHWM MB then",
            f"{spread(echo.fresh, 'ms', '.0f')}, {spread(echo.fresh, 'cpu_ms', '.0f')} /"
            f" {median(echo.fresh, 'rss_mb'):.1f}, {median(echo.fresh, 'hwm_mb'):.1f}",
        ),
    ]
    if "before" not in results:
        after = results["after"]
        return [
            *rows,
            Row("e", "cold start to the first answer, new / existing database: ms",
                f"{spread(after.fresh, 'ms', '.0f')} / {spread(after.warm, 'ms', '.0f')}"),
            Row("e", "CPU ms to the first answer, new / existing database",
                f"{spread(after.fresh, 'cpu_ms', '.0f')} / {spread(after.warm, 'cpu_ms', '.0f')}"),
            Row("e", "RSS / VmHWM at the first answer, new database: MB",
                f"{spread(after.fresh, 'rss_mb', '.1f')} / {median(after.fresh, 'hwm_mb'):.1f}"),
        ]  # fmt: skip
    goal = "after <= before"
    return [
        *rows,
        compare("cold start, new database (plan loaded): before / after ms", goal, "fresh", "ms",
                ".0f", results),
        compare("  its CPU time: before / after ms", goal, "fresh", "cpu_ms", ".0f", results),
        compare("cold start, existing database: before / after ms", goal, "warm", "ms", ".0f",
                results),
        compare("  its CPU time: before / after ms", goal, "warm", "cpu_ms", ".0f", results),
        compare("RSS at the first answer, new database: before / after MB", goal, "fresh",
                "rss_mb", ".1f", results),
        compare("VmHWM at the first answer, new database: before / after MB", goal, "fresh",
                "hwm_mb", ".1f", results),
    ]  # fmt: skip


async def run(quick: bool = False, before: str | None = None, runs: int | None = None) -> list[Row]:
    ref = before or os.environ.get("CCHC_BENCH_BEFORE") or DEFAULT_BEFORE
    runs = runs or (2 if quick else 5)
    echo = Subject("echo", ROOT, ("-m", "bench.echo_bot"))
    after = Subject("after", ROOT, ("-m", "bot", "run"))
    with checkout(ref) as (tree, about):
        subjects = [echo, after]
        if tree is not None:
            subjects.insert(1, Subject("before", tree, ("-m", "bot", "run")))
        for subject in subjects[1:]:
            print(f"startup: {subject.name} imports {check_imports(subject)}", flush=True)
        results = await measure(subjects, runs)
    trees = f"after: {describe_after()}; before: " + (about if tree else "not available")
    rows = rows_for(results, runs, trees)
    if tree is None:
        rows.append(Row("e", "before / after", f"not available: {about}"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2 starts each instead of 5")
    parser.add_argument("--before", help=f"git ref (default CCHC_BENCH_BEFORE or {DEFAULT_BEFORE})")
    parser.add_argument("--runs", type=int, help="starts of each (default 5, 2 with --quick)")
    args = parser.parse_args()
    rows = asyncio.run(run(args.quick, args.before, args.runs))
    print(f"machine: {machine()}")
    print_table(rows)


if __name__ == "__main__":
    main()
