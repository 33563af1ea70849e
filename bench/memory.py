"""(d) Peak memory of the bot with a ward's full year in its database, against a bare echo bot.

The database is seeded through the repositories before the bot starts: 10,000 users (citizens,
most of them subscribed to the digest, and the ward's officials and leaders), a generated
catalogue of 5,000 procedures loaded like `cchc-bot procedures load`, and the year 2025 of the
shipped plan: every task occurrence reported by each department taking part (several reports
with notes, some with evidence), indicator figures monthly and quarterly for every measurable
target, complaints and survey answers. Then `python -m bot run` polls the emulator (in this
process) and gets realistic work: a few hundred citizens' questions, and an administrator's
/chitieu with a 📈 chart, /nhiemvu, /tongquan (with its chart) and `/xuatbaocao quy 2025-Q2`
(the Word and Excel files). The peak is VmHWM (Linux). The echo bot gets the same number of
messages. Printed, never asserted.

`python -m bench.memory [--quick]`, or part of `python -m bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import ROOT, Row, bot_env, machine, peak_rss_mb, print_table
from bench.search_latency import generated
from bench.throughput import QUESTIONS
from bot.app import ensure_plan
from bot.clock import ManualClock
from bot.search import load_catalogue
from domain.complaints import NewComplaint, tracking_code
from domain.datafiles.procedures import SHIPPED_CATALOGUE, read_catalogue
from domain.model import EvidenceFile, Plan, Role, Target, Task
from domain.occurrences import (
    Progress,
    default_due,
    month_period,
    periods_since,
    quarter_period,
)
from domain.survey import QUESTION_KEYS
from services.complaints import shipped_rules
from services.digest import week_label
from storage.store import Store
from telegram_emulator import JSON, BotApiEmulator, ChatUser

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 12, 15, 10, 0, tzinfo=VN)  # a Monday late in the plan's last year
YEAR_START = datetime(2025, 1, 1, 8, 0, tzinfo=VN)
USERS = 10_000
PROCEDURES = 5_000
OFFICIALS_PER_DEPT = 8
LEADERS = 3
ADMIN = 100_001
FIRST_STAFF = 200_000
FIRST_CITIZEN = 900_000
SUBSCRIBED = 0.85  # of the citizens
GOAL_MB = 150.0

NOTES = (
    "Đã họp triển khai với các tổ dân phố, phân công cán bộ phụ trách từng khu phố.",
    "Hoàn thành niêm yết công khai thủ tục tại bộ phận một cửa và trên trang thông tin điện tử.",
    "Đang tổng hợp số liệu từ các bộ phận, dự kiến gửi báo cáo trước hạn hai ngày.",
    "Đã kiểm tra hồ sơ tồn đọng; còn 3 hồ sơ chờ bổ sung giấy tờ của người dân.",
    "Tổ chức tuyên truyền trên loa phát thanh phường và nhóm Zalo tổ dân phố.",
    "Phối hợp với công an phường rà soát dữ liệu dân cư, cập nhật 120 trường hợp.",
    "Đã tiếp nhận và xử lý đúng hạn 100% hồ sơ trong kỳ; không có hồ sơ trễ hạn.",
    "Chờ ý kiến chỉ đạo của lãnh đạo UBND phường về phương án bố trí nhân sự.",
)
COMPLAINTS = (
    "Đèn đường ở hẻm 12 bị hỏng hơn một tuần, buổi tối rất tối, đề nghị phường sửa.",
    "Có người lấn chiếm vỉa hè bán hàng trước chợ, người đi bộ phải đi xuống lòng đường.",
    "Rác tập kết ở đầu ngõ 5 không được thu gom đúng giờ, bốc mùi hôi.",
    "Xin hỏi vì sao hồ sơ trợ cấp của mẹ tôi nộp tháng trước vẫn chưa có kết quả.",
    "Cống thoát nước trên đường Phú Lương bị tắc, mưa là ngập.",
    "Hàng xóm xây nhà lấn sang phần đất chung của ngõ, đề nghị phường kiểm tra.",
)
SURVEY_COMMENTS = ("", "", "", "Cán bộ nhiệt tình", "Thời gian chờ còn lâu", "Rất hài lòng")


# ------------------------------------------------------------------------------ the seed
@dataclass
class Seeded:
    users: int = 0
    subscribers: int = 0
    procedures: int = 0
    occurrences: int = 0
    reports: int = 0
    evidence: int = 0
    figures: int = 0
    complaints: int = 0
    survey_responses: int = 0
    db_mb: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.users:,} users ({self.subscribers:,} subscribed), {self.procedures:,}"
            f" procedures, {self.occurrences} occurrences, {self.reports:,} reports"
            f" ({self.evidence} evidence files), {self.figures} figures, {self.complaints}"
            f" complaints, {self.survey_responses:,} survey answers; {self.db_mb:.0f} MB"
        )


def staff_ids(departments: list[str]) -> dict[str, list[int]]:
    return {
        dept: [FIRST_STAFF + 100 * i + n for n in range(OFFICIALS_PER_DEPT)]
        for i, dept in enumerate(departments)
    }


def leader_ids() -> list[int]:
    return [FIRST_STAFF + 10_000 + n for n in range(LEADERS)]


def citizen_ids(departments: list[str]) -> list[int]:
    staff = len(departments) * OFFICIALS_PER_DEPT + LEADERS + 1  # and the administrator
    return [FIRST_CITIZEN + n for n in range(USERS - staff)]


def moment_in(rng: random.Random, first: date, last: date) -> datetime:
    """A working-hours moment between two days (the later one not after NOW)."""
    last = min(last, NOW.date() - timedelta(days=1))
    first = min(first, last)
    day = first + timedelta(days=rng.randint(0, (last - first).days))
    return datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59)), tzinfo=VN)


async def seed_people(store: Store, departments: list[str], seeded: Seeded) -> None:
    rng = random.Random(1)
    staff = staff_ids(departments)
    async with store.transaction() as tx:
        await store.users.remember(tx, ADMIN, "Quản trị Phường", "quantri", YEAR_START)
        for dept, ids in staff.items():
            for n, tg_id in enumerate(ids):
                await store.users.remember(tx, tg_id, f"Cán bộ {dept} {n + 1}", None, YEAR_START)
                await store.users.set_role(tx, tg_id, Role.OFFICIAL, dept, YEAR_START)
        for n, tg_id in enumerate(leader_ids()):
            await store.users.remember(tx, tg_id, f"Lãnh đạo {n + 1}", None, YEAR_START)
            await store.users.set_role(tx, tg_id, Role.LEADER, departments[0], YEAR_START)
        for tg_id in citizen_ids(departments):
            joined = moment_in(rng, date(2025, 1, 1), NOW.date())
            await store.users.remember(tx, tg_id, f"Người dân {tg_id}", None, joined)
            if rng.random() < SUBSCRIBED:
                await store.subscriptions.set(tx, tg_id, True, joined)
                seeded.subscribers += 1
        # The weekly digests of the year went out already: the bot does not start with one.
        week = date(2025, 1, 6)
        while week <= NOW.date():
            label = week_label(week - timedelta(days=7))
            await store.digests.record(
                tx,
                label,
                f"Bản tin {label}",
                seeded.subscribers,
                datetime.combine(week, time(8), VN),
            )
            week += timedelta(days=7)
    seeded.users = USERS


async def seed_reports(
    store: Store, plan: Plan, tasks: list[Task], staff: dict[str, list[int]], seeded: Seeded
) -> None:
    """Every 2025 occurrence: each department taking part reports one to three times."""
    rng = random.Random(2)
    for task in tasks:
        periods = periods_since(
            task, plan.period_start, plan.period_end, date(2025, 1, 1), NOW.date()
        )
        async with store.transaction() as tx:
            for period in periods:
                due = default_due(task, period)
                first_report = moment_in(rng, period.start, max(period.start, due))
                occ = await store.occurrences.ensure(tx, task, period, due, first_report)
                seeded.occurrences += 1
                for dept in (task.lead_dept, *task.support):
                    count = rng.randint(1, 3)
                    finished = due < NOW.date() and rng.random() < 0.9
                    for n in range(count):
                        at = moment_in(rng, period.start, due) if n else first_report
                        done = finished and n == count - 1
                        status = Progress.DONE if done else Progress.IN_PROGRESS
                        reporter = rng.choice(staff[dept])
                        evidence = [
                            EvidenceFile(
                                "photo" if k == 0 else "document",
                                f"AgACAgUAAxkBAAI-seed-{seeded.reports}-{k}",
                                f"AQADseed{seeded.reports}{k}",
                                "" if k == 0 else f"bien-ban-{task.code}.pdf",
                                "image/jpeg" if k == 0 else "application/pdf",
                                rng.randint(40_000, 900_000),
                            )
                            for k in range(rng.choice((0, 0, 0, 1, 2)))
                        ]
                        note = " ".join(rng.sample(NOTES, rng.randint(1, 3)))
                        report_id = await store.reports.add(
                            tx, occ.id, dept, reporter, f"Cán bộ {dept}", status.value, note, at,
                            evidence,
                        )  # fmt: skip
                        if dept == task.lead_dept:
                            await store.occurrences.set_progress(
                                tx, occ.id, status, at if done else None, at
                            )
                        await store.audit.record(
                            tx, at, reporter, "task.report", f"task:{task.code}",
                            period=period.label, dept=dept, status=status.value, note=note,
                            report=report_id, evidence=len(evidence),
                        )  # fmt: skip
                        seeded.reports += 1
                        seeded.evidence += len(evidence)


def figure_value(rng: random.Random, target: Target) -> tuple[float, float | None, float | None]:
    if target.metric == "rank":
        return float(rng.randint(1, 12)), None, None
    total = float(rng.randint(40, 400))
    done = float(round(total * rng.uniform(0.8, 1.0)))
    return 100 * done / total, done, total


async def seed_figures(
    store: Store, targets: list[Target], staff: dict[str, list[int]], seeded: Seeded
) -> None:
    rng = random.Random(3)
    periods = [month_period(2025, m) for m in range(1, 12)]
    periods += [quarter_period(2025, q) for q in range(1, 4)]
    async with store.transaction() as tx:
        for target in targets:
            if not (target.is_measurable and target.metric):
                continue
            reporter = rng.choice(staff.get(target.lead_dept) or [ADMIN])
            for period in periods:
                value, numerator, denominator = figure_value(rng, target)
                at = moment_in(rng, period.end, period.end + timedelta(days=10))
                await store.figures.add(
                    tx, target_id=target.id, period=period.label, period_start=period.start,
                    period_end=period.end, value=value, numerator=numerator,
                    denominator=denominator, note="", dept_code=target.lead_dept,
                    reporter_id=reporter, reporter_name=f"Cán bộ {target.lead_dept}", now=at,
                )  # fmt: skip
                seeded.figures += 1


async def seed_citizens_work(
    store: Store, citizens: list[int], staff: dict[str, list[int]], seeded: Seeded
) -> None:
    """Complaints through the year (most closed) and the monthly satisfaction survey."""
    rng = random.Random(4)
    rules = shipped_rules()
    numbers: dict[str, int] = {}
    async with store.transaction() as tx:
        for _ in range(300):
            field = rng.choice(rules.fields)
            at = moment_in(rng, date(2025, 1, 1), NOW.date())
            prefix = f"{at:%y%m}"
            numbers[prefix] = numbers.get(prefix, 0) + 1
            code = tracking_code(at.date(), numbers[prefix])
            citizen = rng.choice(citizens)
            complaint_id = await store.complaints.create(
                tx,
                NewComplaint(
                    code=code, citizen_id=citizen, content=rng.choice(COMPLAINTS),
                    topic=field.name, dept_code=field.dept, support_dept=None,
                    due_on=(at + timedelta(days=14)).date(),
                ),
                at,
            )  # fmt: skip
            await store.complaints.add_event(tx, complaint_id, at, citizen, "submitted", "", None)
            await store.audit.record(tx, at, citizen, "complaint.submit", f"complaint:{code}")
            if at.date() < NOW.date() - timedelta(days=20) or rng.random() < 0.3:
                official = rng.choice(staff.get(field.dept) or [ADMIN])
                closed = at + timedelta(days=rng.randint(1, 12))
                answer = "Phường đã kiểm tra và xử lý, cảm ơn ông/bà đã phản ánh."
                await store.complaints.set_state(
                    tx, complaint_id, closed, status="closed", answer=answer
                )
                await store.complaints.add_event(
                    tx, complaint_id, closed, official, "closed", answer, None
                )
            seeded.complaints += 1
        for month in range(1, 13):
            for citizen in rng.sample(citizens, 150):
                at = moment_in(rng, date(2025, month, 1), date(2025, month, 28))
                if at.month != month:
                    continue  # December: only the days before now
                scores = {key: rng.choice((3, 4, 4, 5, 5, 5)) for key in QUESTION_KEYS}
                comment = rng.choice(SURVEY_COMMENTS)
                await store.surveys.record(
                    tx, citizen, f"2025-{month:02d}", scores, comment, "command", at
                )
                seeded.survey_responses += 1


async def seed(db: Path, procedures: int) -> Seeded:
    seeded = Seeded()
    store = await Store.open(db)
    try:
        await ensure_plan(store, ManualClock(YEAR_START))  # tracked since 1 January 2025
        plan = await store.plans.current()
        assert plan is not None
        departments = [d.code for d in await store.departments.all()]
        staff = staff_ids(departments)
        await seed_people(store, departments, seeded)
        catalogue = generated(read_catalogue(SHIPPED_CATALOGUE), procedures)
        seeded.procedures = (await load_catalogue(store, catalogue, YEAR_START)).count
        await seed_reports(store, plan, await store.plans.tasks(plan.id), staff, seeded)
        await seed_figures(store, await store.plans.targets(plan.id), staff, seeded)
        await seed_citizens_work(store, citizen_ids(departments), staff, seeded)
    finally:
        await store.close()
    seeded.db_mb = size_mb(db)
    return seeded


# ------------------------------------------------------------------------------ the work
def size_mb(path: Path) -> float:
    return path.stat().st_size / 2**20


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:]


@asynccontextmanager
async def process(*args: str, env: dict[str, str], log: Path) -> AsyncIterator[int]:
    """A child process with its output in a file (a pipe nobody reads could stall it)."""
    with log.open("wb") as out:
        child = await asyncio.create_subprocess_exec(
            sys.executable, *args, env=env, cwd=log.parent, stdout=out, stderr=out
        )
    try:
        yield child.pid
    finally:
        if child.returncode is None:
            child.terminate()
            try:
                await asyncio.wait_for(child.wait(), timeout=15)
            except TimeoutError:
                child.kill()
                await child.wait()


async def say(emulator: BotApiEmulator, user: ChatUser, text: str, replies: int = 1) -> list[JSON]:
    _, cursor = emulator.events()
    emulator.push(emulator.message_update(user, text))
    return await emulator.wait_for(user.id, replies, since=cursor, timeout=120)


async def press(emulator: BotApiEmulator, user: ChatUser, message: JSON, prefix: str) -> None:
    """Press the first inline button whose data starts with `prefix`; wait for the reply."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    data = next(b["callback_data"] for row in rows for b in row if b.get("callback_data", "")
                .startswith(prefix))  # fmt: skip
    _, cursor = emulator.events()
    emulator.push(emulator.callback_update(user, message, data))
    await emulator.wait_for(user.id, 1, since=cursor, timeout=120)


async def warm_up(emulator: BotApiEmulator, log: Path) -> None:
    user = ChatUser(id=FIRST_CITIZEN, first_name="Khởi", last_name="động")
    for _ in range(60):  # until the child process answers
        try:
            _, cursor = emulator.events()
            emulator.push(emulator.message_update(user, "/start"))
            await emulator.wait_for(user.id, 1, since=cursor, timeout=3)
            return
        except TimeoutError:
            continue
    raise RuntimeError("the bot under test never answered:\n" + tail(log))


@dataclass
class Work:
    questions: int
    staff_rounds: int

    @property
    def messages(self) -> int:
        return self.questions + self.questions // 4 + 6 * self.staff_rounds


async def citizens_ask(emulator: BotApiEmulator, count: int, chats: int = 20) -> None:
    texts = itertools.cycle(QUESTIONS)
    per_chat = count // chats

    async def one(index: int) -> None:
        user = ChatUser(id=FIRST_CITIZEN + 1 + index, first_name="Người", last_name=f"dân {index}")
        for _ in range(per_chat):
            await say(emulator, user, next(texts))

    await asyncio.gather(*(one(i) for i in range(chats)))


async def staff_work(emulator: BotApiEmulator, rounds: int, echo: bool) -> None:
    admin = ChatUser(id=ADMIN, first_name="Quản trị", last_name="Phường")
    official = ChatUser(id=FIRST_STAFF + 100, first_name="Cán bộ", last_name="TP 1")
    for _ in range(rounds):
        if echo:  # the same number of messages, each answered once
            for text in ("/nhiemvu", "/chitieu", "📈", "/tongquan", "/xuatbaocao quy 2025-Q2"):
                await say(emulator, admin, text)
            await say(emulator, official, "/nhiemvu")
            continue
        await say(emulator, official, "/nhiemvu")
        await say(emulator, admin, "/nhiemvu")
        targets = await say(emulator, admin, "/chitieu")
        await press(emulator, admin, targets[-1], "ct:")  # a target's chart (PNG)
        await say(emulator, admin, "/tongquan", 2)  # the text and the bar chart
        await say(emulator, admin, "/xuatbaocao quy 2025-Q2", 3)  # Word, Excel, a line


@dataclass
class Peaks:
    start: float  # answering its first /start
    questions: float  # after the citizens' questions (the search index is built)
    work: float  # after the staff's work too (charts, overview, export): the peak


async def measure(kind: str, work: Work, folder: Path, db: Path) -> Peaks:
    async with BotApiEmulator() as emulator:
        env = bot_env(
            db,
            emulator.base_url,
            emulator.token,
            PYTHONPATH=str(ROOT),
            CCHC_ADMIN_IDS=str(ADMIN),
            CCHC_NOW=NOW.replace(tzinfo=None).isoformat(timespec="minutes"),
        )
        command = ("-m", "bench.echo_bot") if kind == "echo" else ("-m", "bot", "run")
        log = folder / f"{kind}.log"
        async with process(*command, env=env, log=log) as pid:
            await warm_up(emulator, log)
            start = peak_rss_mb(pid)
            await citizens_ask(emulator, work.questions)
            questions = peak_rss_mb(pid)
            # The staff's work while citizens keep asking, as on a weekday morning.
            await asyncio.gather(
                citizens_ask(emulator, work.questions // 4),
                staff_work(emulator, work.staff_rounds, kind == "echo"),
            )
            return Peaks(start, questions, peak_rss_mb(pid))


async def run(quick: bool = False) -> list[Row]:
    work = Work(questions=100, staff_rounds=1) if quick else Work(questions=400, staff_rounds=3)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = folder / "ward.sqlite3"
        seeded = await seed(db, 1000 if quick else PROCEDURES)
        echo = await measure("echo", work, folder, folder / "unused.sqlite3")
        bot = await measure("bot", work, folder, db)
    after = f"after {work.messages} messages"
    return [
        Row("d", "database", seeded.summary()),
        Row("d", f"echo bot: peak MB {after}", f"{echo.work:.0f}"),
        Row(
            "d",
            "cchc-bot: peak MB at start / after the questions / after the staff's work",
            f"{bot.start:.0f} / {bot.questions:.0f} / {bot.work:.0f}",
        ),
        Row(
            "d",
            f"cchc-bot: peak MB {after}",
            f"{bot.work:.0f}",
            f"< {GOAL_MB:.0f} MB",
            "yes" if bot.work < GOAL_MB else "no",
        ),
        Row("d", "cchc-bot / echo peak", f"{bot.work / echo.work:.1f}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 procedures, fewer messages")
    args = parser.parse_args()
    rows = asyncio.run(run(args.quick))
    print(f"machine: {machine()}")
    print_table(rows)


if __name__ == "__main__":
    main()
