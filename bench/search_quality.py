"""(e) Search quality: the evaluation questions of bench/search_eval/, as residents type them.

Each question has the procedure codes any of which is a right first answer, or "none" (nothing
fits) or "out_of_scope:<key>" (not the ward's: say who handles it). Every question is asked of
the search over the shipped catalogue, and its outcome is one of: a confident answer (one card),
a short choice ("Bạn muốn hỏi:"), out of scope with the authority, or nothing found.

- right first: the answer is an expected procedure, or the out-of-scope entry expected, or
  nothing found when "none" is expected;
- confident wrong: a card or an out-of-scope answer that is not right (the citizen is misled);
- choice offered: a short choice (counted apart: neither right nor misleading);
- nothing found when something was expected.

The development part is what the search is tuned on (its misses are listed); the held-out part is
only scored, and so is the strangers' part: questions written by strangers to the code, harder
than the held-out part (the goals are printed for the held-out part, as issue 13 sets them).
Goals printed, never asserted.

`python -m bench.search_quality [--misses] [--part dev|heldout]`, `make eval`, or part of
`python -m bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from bench.common import ROOT, Row, machine, print_table
from bot.search import ProcedureSearch, load_catalogue
from bot.search.engine import OutcomeKind, SearchOutcome
from domain.datafiles.procedures import SHIPPED_CATALOGUE, read_catalogue
from storage.store import Store

EVAL = ROOT / "bench" / "search_eval"
PARTS = ("dev", "heldout", "strangers")
SCORED_ONLY = ("heldout", "strangers")  # never read, never tuned on
GOAL_RIGHT = 95.0  # % right first, held-out
GOAL_WRONG = 2.0  # % confident wrong, at most


@dataclass(frozen=True)
class Question:
    text: str
    expect: tuple[str, ...]
    category: str


def read_part(name: str) -> list[Question]:
    data = yaml.safe_load((EVAL / f"{name}.yaml").read_text(encoding="utf-8"))
    return [
        Question(str(item["q"]), tuple(str(e) for e in item["expect"]), str(item["cat"]))
        for item in data["questions"]
    ]


def said(outcome: SearchOutcome) -> str:
    """What the citizen is told, as one label: a code, `out_of_scope:<key>`, `none`, or
    `choice:<a>/<b>`."""
    if outcome.kind is OutcomeKind.ANSWER:
        return outcome.candidates[0]
    if outcome.kind is OutcomeKind.OUT_OF_SCOPE and outcome.out_of_scope is not None:
        return f"out_of_scope:{outcome.out_of_scope.key}"
    if outcome.kind is OutcomeKind.CHOICE:
        return "choice:" + "/".join(outcome.candidates)
    return "none"


@dataclass
class Score:
    part: str
    total: int = 0
    right: int = 0
    wrong: int = 0  # confident and wrong
    choice: int = 0
    choice_holding: int = 0  # a choice that holds an expected procedure
    nothing: int = 0  # nothing found, something expected
    misses: list[tuple[Question, str]] = field(default_factory=list)
    by_category: Counter[str] = field(default_factory=Counter)
    right_by_category: Counter[str] = field(default_factory=Counter)

    def add(self, question: Question, outcome: SearchOutcome) -> None:
        self.total += 1
        self.by_category[question.category] += 1
        label = said(outcome)
        kind = outcome.kind
        if label in question.expect:
            self.right += 1
            self.right_by_category[question.category] += 1
            return
        self.misses.append((question, label))
        if kind is OutcomeKind.CHOICE:
            self.choice += 1
            self.choice_holding += any(c in question.expect for c in outcome.candidates)
        elif kind is OutcomeKind.NOTHING:
            self.nothing += 1
        else:
            self.wrong += 1

    def pct(self, n: int) -> float:
        return 100.0 * n / self.total if self.total else float("nan")


async def score(parts: tuple[str, ...] = PARTS) -> list[Score]:
    with tempfile.TemporaryDirectory() as folder:
        store = await Store.open(Path(folder) / "eval.sqlite3")
        try:
            await load_catalogue(store, read_catalogue(SHIPPED_CATALOGUE), datetime.now(UTC))
            search = ProcedureSearch()
            scores = []
            for part in parts:
                result = Score(part)
                for question in read_part(part):
                    result.add(question, await search.ask(store, question.text))
                scores.append(result)
        finally:
            await store.close()
    return scores


def shared_questions() -> int:
    """Questions of the parts only scored that are also in the development part (tuned on,
    then): none."""
    dev = {q.text.casefold() for q in read_part("dev")}
    return sum(q.text.casefold() in dev for part in SCORED_ONLY for q in read_part(part))


def rows_of(scores: list[Score]) -> list[Row]:
    rows = []
    if {s.part for s in scores} == set(PARTS):
        shared = shared_questions()
        rows.append(
            Row(
                "e",
                "search quality: held-out and strangers' questions also in the dev part",
                str(shared),
                "0",
                "yes" if shared == 0 else "no",
            )
        )
    for s in scores:
        goal = s.part == "heldout"
        rows.append(
            Row(
                "e",
                f"search quality, {s.part} ({s.total} questions): right first",
                f"{s.pct(s.right):.1f}%",
                f"≥ {GOAL_RIGHT:.0f}%" if goal else "",
                ("yes" if s.pct(s.right) >= GOAL_RIGHT else "no") if goal else "",
            )
        )
        rows.append(
            Row(
                "e",
                f"search quality, {s.part}: confident wrong",
                f"{s.pct(s.wrong):.1f}% ({s.wrong})",
                f"≤ {GOAL_WRONG:.0f}%" if goal else "",
                ("yes" if s.pct(s.wrong) <= GOAL_WRONG else "no") if goal else "",
            )
        )
        rows.append(
            Row(
                "e",
                f"search quality, {s.part}: choice offered (holding the answer) / nothing found",
                f"{s.pct(s.choice):.1f}% ({s.choice_holding} of {s.choice})"
                f" / {s.pct(s.nothing):.1f}%",
            )
        )
    return rows


def print_misses(s: Score) -> None:
    print(f"\n{s.part}: {len(s.misses)} not right first")
    for category in sorted(s.by_category):
        n, ok = s.by_category[category], s.right_by_category[category]
        print(f"  {category:15} {ok:3}/{n:<3}")
    for question, label in s.misses:
        expected = "|".join(question.expect)
        print(f"  [{question.category}] {question.text!r}: {label} (expected {expected})")


async def run(quick: bool = False) -> list[Row]:
    return rows_of(await score())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list the dev part's misses")
    parser.add_argument("--part", choices=PARTS, help="only this part")
    parser.add_argument("--quick", action="store_true", help="(no effect: it is quick)")
    args = parser.parse_args()
    scores = asyncio.run(score((args.part,) if args.part else PARTS))
    print(f"machine: {machine()}")
    print_table(rows_of(scores))
    if args.misses:
        for s in scores:
            if s.part == "dev":  # the held-out part is scored, never read
                print_misses(s)


if __name__ == "__main__":
    main()
