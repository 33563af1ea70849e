"""The weekly CCHC digest: the week's news and the plan's movement, sent to every subscriber once.

A digest is named by the ISO week it covers ("2026-W48", Monday 00:00 to the next Monday 00:00
in the ward's time zone). The scheduled job sends, at the digest moment (Monday 08:00 by
default), the digest of the last full week before it. `queue_digest` composes the week once,
keeps its text in `digest_sends`, and queues one outbox row per subscriber under the key
`digest:<week>:<chat>` in the same transaction: running it again (a restart, the CLI) queues
only subscribers who joined since, never a second copy.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from domain.i18n import Translator
from domain.messages import OutgoingMessage
from domain.model import NewsPost
from domain.reminders import outside_quiet_hours
from domain.schedule_policy import SchedulePolicy
from services import plans as plan_service
from storage.store import Store

log = logging.getLogger(__name__)

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
MAX_TEXT = 4000  # below Telegram's 4096, with room for the footer
LIST_LIMIT = 8  # items shown per list; the rest as "and N more"
SKIPPED = ""  # the stored text of a week with nothing to say after the plan ended: never sent


class WeekError(ValueError):
    """Not an ISO week like 2026-W48."""


def parse_week(text: str) -> tuple[int, int]:
    match = WEEK.match(text.strip().upper())
    if not match:
        raise WeekError(f"{text!r} is not a week like 2026-W48")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise WeekError(f"{year} has no week {week}") from None
    return year, week


def week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(label: str, tz: tzinfo) -> tuple[datetime, datetime]:
    """Monday 00:00 of the week and of the next one, in the ward's time zone."""
    year, week = parse_week(label)
    monday = date.fromisocalendar(year, week, 1)
    start = datetime(monday.year, monday.month, monday.day, tzinfo=tz)
    nxt = monday + timedelta(days=7)
    return start, datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz)


def last_digest_moment(now: datetime, policy: SchedulePolicy) -> datetime:
    """The latest digest moment (weekday and time of the policy) at or before `now`."""
    tz = now.tzinfo
    assert tz is not None
    back = (now.weekday() - policy.digest_weekday) % 7
    day = now.date() - timedelta(days=back)
    moment = datetime.combine(day, policy.digest_time, tzinfo=tz)
    return moment if moment <= now else moment - timedelta(days=7)


def week_for_moment(moment: datetime) -> str:
    """The last full week (Monday-Sunday) before a digest moment."""
    return week_label(moment.date() - timedelta(days=moment.weekday() + 1))


# --- the plan's movement ------------------------------------------------------------------


@dataclass
class Movement:
    """What moved in the plan during the week; a piece the data layer cannot give stays empty."""

    tasks_done: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    target_changes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # pieces that could not be read (logged)


async def gather_movement(store: Store, start: datetime, end: datetime, t: Translator) -> Movement:
    """Tasks completed, figures entered and target status changes in [start, end).

    Each piece is read on its own: one that fails (a missing table or module) is left out of
    the digest and logged, and the rest still goes out.
    """
    movement = Movement()
    try:
        movement.tasks_done = [
            f"{d.code} {d.title} ({d.period})"
            for d in await store.movement.completed_between(
                start, end, [p.id for p in await store.plans.all()]
            )
        ]
    except Exception:
        log.exception("the digest goes without the tasks completed")
        movement.missing.append("tasks_done")
    try:
        await _figures(store, start, end, t, movement)
    except Exception:
        log.exception("the digest goes without the figures")
        movement.missing.append("figures")
    return movement


async def _figures(
    store: Store, start: datetime, end: datetime, t: Translator, movement: Movement
) -> None:
    for plan in await store.plans.all():
        await _plan_figures(store, plan.id, start, end, t, movement)


async def _plan_figures(
    store: Store, plan_id: int, start: datetime, end: datetime, t: Translator, movement: Movement
) -> None:
    from domain.figures import Judgement, judge
    from domain.occurrences import Period
    from services.presenters.tasks import judgement_text, value_text

    targets = {target.code: target for target in await store.plans.targets(plan_id)}
    entries = await store.movement.figures_around(start, end, plan_id)
    before: dict[str, Judgement] = {}
    after: dict[str, Judgement] = {}
    for entry in entries:
        target = targets.get(entry.target_code)
        if target is None:
            continue
        period = Period(entry.period_start, entry.period_end, entry.period)
        verdict = judge(target, entry.value, period, end.date())  # year to date: not missed
        if not entry.entered_in_span:
            before[target.code] = verdict
            continue
        after[target.code] = verdict
        movement.figures.append(
            f"{target.code} {target.short}, {entry.period}: "
            + value_text(t, target, entry.value, entry.numerator, entry.denominator)
        )
    for code, verdict in after.items():
        if code in before and before[code] != verdict:
            movement.target_changes.append(
                f"{code} {targets[code].short}: {judgement_text(t, before[code])}"
                f" → {judgement_text(t, verdict)}"
            )


def movement_shown(movement: Movement) -> bool:
    return bool(movement.tasks_done or movement.figures or movement.target_changes)


# --- the text -----------------------------------------------------------------------------


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _items(lines: list[str], t: Translator) -> list[str]:
    shown = ["• " + html.escape(_shorten(line, 160)) for line in lines[:LIST_LIMIT]]
    if len(lines) > LIST_LIMIT:
        shown.append(t._("• and {n} more").format(n=len(lines) - LIST_LIMIT))
    return shown


def compose_digest(
    label: str,
    ward: str,
    news: list[NewsPost],
    movement: Movement,
    t: Translator,
    tz: tzinfo,
    plan_running: bool = True,
) -> str:
    """The digest's HTML text: news first, then the plan's movement, then how to leave. After
    the plan's period (`plan_running` False) the plan's part is left out unless something
    moved: the digest is then only the news."""
    start, end = week_bounds(label, tz)
    _, week = parse_week(label)
    head = [
        t._("📰 <b>CCHC weekly digest of {ward}</b>").format(ward=html.escape(ward)),
        t._("Week {week}, {start} - {end}").format(
            week=week, start=t.date(start.date()), end=t.date((end - timedelta(days=1)).date())
        ),
    ]
    body: list[str] = ["", t._("<b>News</b>")]
    if news:
        for post in news[:LIST_LIMIT]:
            line = "• <b>" + html.escape(_shorten(post.title, 120)) + "</b>"
            if post.body:
                line += ": " + html.escape(_shorten(post.body, 220))
            if post.link:
                line += ' <a href="{}">{}</a>'.format(html.escape(post.link), t._("Read more"))
            body.append(line)
        if len(news) > LIST_LIMIT:
            body.append(t._("• and {n} more").format(n=len(news) - LIST_LIMIT))
    else:
        body.append(t._("No news this week."))
    if plan_running or movement_shown(movement):
        body += ["", t._("<b>The plan this week</b>")]
    moved = False
    if movement.tasks_done:
        moved = True
        body.append(
            t.ngettext(
                "{n} task completed:", "{n} tasks completed:", len(movement.tasks_done)
            ).format(n=len(movement.tasks_done))
        )
        body += _items(movement.tasks_done, t)
    if movement.figures:
        moved = True
        body.append(
            t.ngettext("{n} figure entered:", "{n} figures entered:", len(movement.figures)).format(
                n=len(movement.figures)
            )
        )
        body += _items(movement.figures, t)
    if movement.target_changes:
        moved = True
        body.append(t._("Targets whose status changed:"))
        body += _items(movement.target_changes, t)
    if not moved and not movement.missing and plan_running:
        body.append(t._("No task completed and no figure entered this week."))
    footer = [
        "",
        t._("All news: /tintuc · Progress on the targets: /chitieu · Stop the digest: /huydangky"),
    ]
    text = "\n".join(head + body)
    limit = MAX_TEXT - len("\n".join(footer))
    if len(text) > limit:
        # Cut at a line boundary so no HTML tag is left open.
        text = text[:limit].rsplit("\n", 1)[0] + "\n…"
    return text + "\n" + "\n".join(footer)


# --- queuing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestResult:
    week: str
    queued: int  # rows queued now
    recipients: int  # subscribers at this time
    composed: bool  # False when the week's text was composed before
    skipped: bool = False  # nothing to say (the plan ended, no news, nothing moved): not sent


async def queue_digest(
    store: Store,
    label: str,
    now: datetime,
    policy: SchedulePolicy,
    t: Translator,
    admin_ids: frozenset[int] = frozenset(),
    ward: str = "",
) -> DigestResult:
    """Compose the week's digest (once) and queue it for every subscriber who lacks it; `ward`
    (CCHC_WARD_NAME) names the ward over the working plan's name."""
    tz = now.tzinfo
    assert tz is not None
    parse_week(label)
    existing = await store.digests.get(label)
    text = existing.text if existing else None
    recipients = await store.subscriptions.recipients(admin_ids)
    if text == SKIPPED:
        return DigestResult(label, 0, len(recipients), False, skipped=True)
    if text is None:
        start, end = week_bounds(label, tz)
        ward = await plan_service.ward_name(store, now.date(), ward)
        news = await store.news.between(start, end)
        movement = await gather_movement(store, start, end, t)
        running = bool(await plan_service.current_plans(store, start.date()))
        if not running and not news and not movement.missing and not movement_shown(movement):
            # The plan ended and nothing happened: no empty digest (field test section 6).
            async with store.transaction() as tx:
                await store.digests.record(tx, label, SKIPPED, 0, now)
            return DigestResult(label, 0, len(recipients), True, skipped=True)
        text = compose_digest(label, ward, news, movement, t, tz, running)
    message = OutgoingMessage(text)
    prefix = f"digest:{label}:"
    async with store.transaction() as tx:
        stored = await store.digests.get_in(tx, label)
        if stored == SKIPPED:  # another run found nothing to say
            return DigestResult(label, 0, len(recipients), False, skipped=True)
        if stored is not None:
            message = OutgoingMessage(stored)  # another run composed it first: send that one
        before = await store.outbox.count_prefix(tx, prefix)
        await store.outbox.enqueue_many(
            tx,
            [(f"{prefix}{chat}", chat, "digest", message) for chat in recipients],
            now,
            not_before=outside_quiet_hours(now, policy),
        )
        after = await store.outbox.count_prefix(tx, prefix)
        await store.digests.record(tx, label, message.text, after, now)
    queued = after - before
    return DigestResult(label, queued, len(recipients), existing is None and stored is None)
