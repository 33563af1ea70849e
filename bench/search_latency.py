"""Procedure search latency: p50 / p99 over the shipped catalogue and a generated one of 5,000
procedures, for the kinds of questions citizens type. Printed, never asserted.

`python -m bench.search_latency [--quick]`, or part of `python -m bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Row, machine, percentile, print_table
from bot.procedures_file import SHIPPED_CATALOGUE, read_catalogue
from bot.search import ProcedureSearch, load_catalogue
from storage.procedures import Catalogue
from storage.store import Store

QUERIES = (
    "dang ky khai sinh",
    "Đăng ký kết hôn",
    "cho hỏi làm giấy khai sinh cho con cần mang gì",
    "cho hoi lam giay khai sinh cho con can mang nhung gi a",
    "giấy độc thân",
    "khai sin",
    "khais inh",
    "ddawng kys ket hon",
    "công chứng giấy tờ",
    "chung thuc hop dong mua ban nha dat",
    "nhập hộ khẩu",
    "thuê trọ có phải đăng ký không",
    "xin giay phep xay dung",
    "giá xăng hôm nay",
    "chôn",
)
# Words to make generated procedures differ from one another (and grow the vocabulary).
FILLER = tuple(
    " ".join(
        (
            "tổ dân phố khu vực nhà ở đất đai doanh nghiệp hợp tác xã nông nghiệp thủy lợi",
            "giao thông môi trường rác thải nước sạch điện chiếu sáng văn hóa thể thao du lịch",
            "giáo dục y tế lao động việc làm người có công bảo hiểm thuế phí an ninh quốc phòng",
            "dân quân tôn giáo tín ngưỡng thi đua khen thưởng nội vụ hòa giải thanh tra",
        )
    ).split(" ")
)


def generated(base: Catalogue, size: int, seed: int = 7) -> Catalogue:
    """`size` procedures made from the shipped ones with varied names and keywords."""
    rng = random.Random(seed)
    procedures = []
    for i in range(size):
        p = base.procedures[i % len(base.procedures)]
        extra = " ".join(rng.sample(FILLER, 4))
        procedures.append(
            replace(
                p,
                code=f"g{i}_{p.code}"[:30],
                name=f"{p.name} ({extra} {i})",
                keywords=(*p.keywords[:5], extra),
            )
        )
    return replace(base, procedures=tuple(procedures), content_hash=f"generated-{size}-{seed}")


async def measure(catalogue: Catalogue, rounds: int, folder: Path, label: str) -> list[Row]:
    store = await Store.open(folder / f"{label}.sqlite3")
    try:
        await load_catalogue(store, catalogue, datetime.now(UTC))
        search = ProcedureSearch()
        start = time.perf_counter()
        await search.search(store, QUERIES[0])  # builds the cached vocabulary
        cold = (time.perf_counter() - start) * 1000
        times: list[float] = []
        for _ in range(rounds):
            for query in QUERIES:
                start = time.perf_counter()
                await search.search(store, query)
                times.append((time.perf_counter() - start) * 1000)
    finally:
        await store.close()
    n = len(catalogue.procedures)
    return [
        Row("search", f"{label} ({n} procedures): first search, ms", f"{cold:.1f}"),
        Row(
            "search",
            f"{label} ({n} procedures): p50 / p99 ms",
            f"{percentile(times, 50):.2f} / {percentile(times, 99):.2f}",
        ),
    ]


async def run(quick: bool = False) -> list[Row]:
    base = read_catalogue(SHIPPED_CATALOGUE)
    rounds = 3 if quick else 20
    with tempfile.TemporaryDirectory() as folder:
        rows = await measure(base, rounds, Path(folder), "shipped")
        big = generated(base, 1000 if quick else 5000)
        rows += await measure(big, max(1, rounds // 4), Path(folder), "generated")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rows = asyncio.run(run(args.quick))
    print(f"machine: {machine()}")
    print_table(rows)


if __name__ == "__main__":
    main()
