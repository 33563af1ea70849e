"""`python -m bench [--quick]`: every benchmark, one table."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os

from bench.common import Row, machine, print_table

# Each module has `async def run(quick: bool) -> list[Row]`; one missing is reported, not fatal.
BENCHES = (
    "bench.throughput",
    "bench.search_latency",
    "bench.search_quality",
    "bench.digest_rate",
    "bench.memory",
    "bench.startup",
    "bench.figure_quality",
    "bench.plan_import_quality",
    "bench.workers",
)


async def main(quick: bool, only: list[str] | None) -> None:
    rows: list[Row] = []
    for name in BENCHES:
        if only and name.split(".")[-1] not in only:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            rows.append(Row(name, "not available", str(error)))
            continue
        rows += await module.run(quick)
    print(f"machine: {machine()}")
    print_table(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer messages, for a smoke run")
    parser.add_argument(
        "--before", help="startup: the git ref measured as 'before' (default CCHC_BENCH_BEFORE)"
    )
    parser.add_argument(
        "only",
        nargs="*",
        help="throughput, search_latency, search_quality, digest_rate, memory, startup,"
        " figure_quality, plan_import_quality, workers",
    )
    args = parser.parse_args()
    if args.before:
        os.environ["CCHC_BENCH_BEFORE"] = args.before
    asyncio.run(main(args.quick, args.only))
