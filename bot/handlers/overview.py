"""/tongquan (where the plan stands), /xuatbaocao (the periodic report), /lienket (groups)."""

from __future__ import annotations

import asyncio
import html
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardButton, Update
from telegram.constants import ChatType
from telegram.error import Forbidden
from telegram.ext import Application, CallbackQueryHandler

from bot.commands import add_command
from bot.context import BotContext
from bot.handlers.private_chat import in_group, private_chat_button
from bot.keyboards import grid
from domain.access import LEADERS, STAFF
from domain.buttons import ButtonData
from domain.figure_reading import find_period
from domain.i18n import N_, Translator
from domain.model import Plan
from domain.occurrences import quarter_of
from domain.plans import FIVE_YEAR
from domain.text import clip, fold
from services import plans as plan_service
from services.groups import link_group, unlink_group
from services.overview import plan_overview
from services.presenters.overview import chart_title, overview_chart, overview_text
from services.presenters.plan_span import plan_span
from services.reports.data import PHASE, report_period
from services.reports.export import export

QUARTER_WORDS = {"quy", "q", "quarter"}
YEAR_WORDS = {"nam", "year"}
HALF_WORDS = {"6thang", "6t", "h1", "half"}  # the six-month report ("6 thang" too)
PHASE_WORDS = {"giai", "doan", "giaidoan", "tong", "ket", "tongket", "phase"}
KINDS = ("quarter", "half", "year", "phase")
UNLINK_WORDS = {"huy", "bo", "go", "off"}
ECHOED = 100  # characters of what was typed quoted back in a refusal (audit L3)


@dataclass(frozen=True)
class ExportReport(ButtonData, prefix="xb"):
    """/xuatbaocao's choice of report: `xb:quarter:2025-Q2`, `xb:year:2025`."""

    kind: str
    period: str


@dataclass(frozen=True)
class ExportPlanReport(ButtonData, prefix="xp"):
    """/xuatbaocao's choice of plan when several cover the period: `xp:7:year:2026`."""

    plan_id: int
    kind: str
    period: str


async def overview(update: Update, context: BotContext) -> None:
    """On-time completion by department, the overdue list, targets at risk, and one chart."""
    if not (message := update.effective_message):
        return
    if not (plan := await context.current_plan()):
        return
    t = context.t
    data = await plan_overview(context.store, plan, context.now())
    await message.reply_html(overview_text(t, data)[:4000])
    png = await asyncio.to_thread(overview_chart, t, data)
    await message.reply_photo(png, caption=chart_title(t, data))


# /xuatbaocao ---------------------------------------------------------------------------------
def default_periods(today: date) -> list[tuple[str, str]]:
    quarter = quarter_of(today)
    previous = f"{today.year}-Q{quarter - 1}" if quarter > 1 else f"{today.year - 1}-Q4"
    return [
        ("quarter", f"{today.year}-Q{quarter}"),
        ("quarter", previous),
        ("half", f"{today.year}-H1" if today.month >= 6 else f"{today.year - 1}-H1"),
        ("year", str(today.year)),
        ("year", str(today.year - 1)),
    ]


def ended_phase(plans: list[Plan], year: int) -> str | None:
    """The period of the five-year plan that ended last ("2021-2025"), for its phase review."""
    ended = [p for p in plans if p.kind == FIVE_YEAR and p.period_end < year]
    if not ended:
        return None
    last = max(ended, key=lambda p: (p.period_end, p.id))
    return f"{last.period_start}-{last.period_end}"


def choice_label(t: Translator, kind: str, label: str) -> str:
    if kind == "phase":
        return t._("Phase review {period}").format(period=label)
    if kind == "quarter":
        year, quarter = label.split("-Q")
        return t._("Quarter {quarter}/{year}").format(quarter=quarter, year=year)
    if kind == "half":
        return t._("Six months {year}").format(year=label[:4])
    return t._("Year {year}").format(year=label)


async def export_command(update: Update, context: BotContext) -> None:
    """`/xuatbaocao [quý|năm] [period]`: the Word report and the Excel tables."""
    if not (message := update.effective_message):
        return
    t = context.t
    if not (working := await context.current_plan()):
        return
    today = context.now().date()
    kind, label = _typed_period(" ".join(context.args or []), today)
    every = await context.store.plans.all()
    ended = ended_phase(every, today.year)
    if kind == "phase" and label is None:
        if ended is None:
            await message.reply_text(t._("No five-year plan has ended yet: no phase to review."))
            return
        label = ended
    if kind is None or label is None:
        covered = {year for p in every for year in _years(p)}
        # After the last plan's period, its last year's reports (not an empty list).
        reference = min(today, date(max(covered), 12, 31)) if covered else today
        periods = default_periods(reference) + ([("phase", ended)] if ended else [])
        buttons = [
            InlineKeyboardButton(choice_label(t, k, p), callback_data=ExportReport(k, p).pack())
            for k, p in periods
            if int(p[:4]) in covered
        ]
        await message.reply_html(
            t._(
                "Which report? Choose below, or type <code>/xuatbaocao quy 2025-Q3</code>,"
                " <code>/xuatbaocao 6thang 2025</code> or <code>/xuatbaocao nam 2025</code>."
            ),
            reply_markup=grid(buttons, 2),
        )
        return
    await report_for_period(update, context, working, kind, label)


def _typed_period(text: str, today: date) -> tuple[str | None, str | None]:
    """(kind, label) of what was typed: the periods as the bot writes them and officials type
    them ('quý II/2025', 'quy 2', '6 tháng đầu năm 2025', 'năm 2025', '2025-Q3'), or a kind
    alone ('quy', '6 thang', 'nam': the current one); (None, None) when nothing was typed. A
    month is no report: its label is kept, to be refused by name. A five-year span
    ('2021-2025', 'tong ket giai doan') is the phase review."""
    words = fold(text).replace("6 thang", "6thang").split()
    if spans := [w for w in words if PHASE.match(w)]:
        return "phase", spans[0]
    if any(word in PHASE_WORDS for word in words):
        return "phase", None
    if mention := find_period(text, today.year):
        named = mention.period.label
        # A month ("2025-06") is no report: read as a quarter, it is refused by name.
        return ("half" if "-H" in named else "year" if named.isdigit() else "quarter"), named
    kind: str | None = None
    label: str | None = None
    for word in words:
        if word in QUARTER_WORDS:
            kind = "quarter"
        elif word in YEAR_WORDS:
            kind = "year"
        elif word in HALF_WORDS:
            kind = "half"
        else:
            label = word.upper()
    if label is not None and kind is None:
        kind = "quarter" if "Q" in label else "half" if "H" in label else "year"
    if kind == "half" and label is not None and label.isdigit():
        label = f"{label}-H1"  # "6 tháng 2025" is the first six months
    if kind is not None and label is None:
        label = {
            "quarter": f"{today.year}-Q{quarter_of(today)}",
            "half": f"{today.year}-H1",
            "year": str(today.year),
        }[kind]
    return kind, label


def _years(plan: Plan) -> range:
    return range(plan.period_start, plan.period_end + 1)


async def report_for_period(
    update: Update, context: BotContext, working: Plan, kind: str, label: str
) -> None:
    """The report of the plan that covers the period (services.plans): 2025 stays reportable
    after the 2026 plan is loaded; several plans of one kind for the year: ask which, by
    buttons; none: the working plan, whose period names why it is refused."""
    if kind == "phase":  # the five-year plan of exactly that period
        span = [p for p in await context.store.plans.all() if p.kind == FIVE_YEAR]
        found = next((p for p in span if f"{p.period_start}-{p.period_end}" == label), None)
        if found is None and (message := update.effective_message):
            await message.reply_text(
                context.t._("No five-year plan {period} is loaded.").format(
                    period=clip(label, ECHOED)
                )
            )
            return
        await send_report(update, context, found or working, kind, label)
        return
    year = plan_service.label_year(label)
    choices = await plan_service.choices_for(context.store, year) if year else []
    if len(choices) > 1 and (message := update.effective_message):
        t = context.t
        buttons = [
            InlineKeyboardButton(
                f"{p.code} ({p.period_start}-{p.period_end})",
                callback_data=ExportPlanReport(p.id, kind, label).pack(),
            )
            for p in choices
        ]
        await message.reply_text(
            t._("Several plans cover {period}. Which plan is the report for?").format(period=label),
            reply_markup=grid(buttons, 1),
        )
        return
    await send_report(update, context, choices[0] if choices else working, kind, label)


async def send_report(
    update: Update, context: BotContext, plan: Plan, kind: str, label: str
) -> None:
    if not (message := update.effective_message):
        return
    t = context.t
    period = report_period(kind, label)
    if period is None:
        await message.reply_html(
            t._(
                "{text} is not a quarter (2025-Q3), six months (2025-H1), a year (2025)"
                " or a phase (2021-2025)."
            ).format(text=html.escape(clip(label, ECHOED)))  # a 5,000-character word too (L3)
        )
        return
    if not plan.period_start <= period.start.year <= plan.period_end:
        await message.reply_text(
            t._("{text} is outside the plan's time ({span}).").format(
                text=clip(label, ECHOED), span=plan_span(t, plan)
            )
        )
        return
    if period.start > context.now().date():
        await message.reply_text(t._("The period {text} has not begun yet.").format(text=label))
        return
    ward = await context.ward_name()
    files = await export(context.store, t, plan, kind, period, context.now(), ward)
    if in_group(update) and (user := update.effective_user):
        # The report names officials and quotes their notes: to the leader's private chat,
        # and the group is told so (audit H4).
        try:
            for name, content in files:
                await context.bot.send_document(user.id, content, filename=name)
            await context.bot.send_message(user.id, t._("Here is the report and its tables."))
        except Forbidden:
            await message.reply_text(
                t._("Open a private chat with me first, then ask for the report again."),
                reply_markup=private_chat_button(context),
            )
            return
        await message.reply_text(t._("The report was sent to you in the private chat."))
        return
    for name, content in files:
        await message.reply_document(content, filename=name)
    await message.reply_text(t._("Here is the report and its tables."))


async def export_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if not query or not query.data or not (actor := await context.actor()):
        return
    if not actor.role.sees_all_departments:  # re-checked on every press
        await query.answer(
            context.t._("Only leaders and administrators can do this."), show_alert=True
        )
        return
    await query.answer()
    chosen = ExportPlanReport.parse(query.data)
    if chosen is not None and chosen.kind in KINDS:
        if (plan := await context.store.plans.get(chosen.plan_id)) is not None:
            await send_report(update, context, plan, chosen.kind, chosen.period)
        return
    working = await plan_service.working_plan(context.store, context.now().date())
    pressed = ExportReport.parse(query.data)
    if working is not None and pressed is not None and pressed.kind in KINDS:
        await report_for_period(update, context, working, pressed.kind, pressed.period)


# /lienket ------------------------------------------------------------------------------------
async def link_command(update: Update, context: BotContext) -> None:
    """In a group: link it to the sender's department (leaders may name one); `/lienket huy`."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    chat = update.effective_chat
    args = context.args or []
    if chat is None or chat.type == ChatType.PRIVATE:
        own = actor.dept_code
        linked = await context.store.groups.chats_of(own) if own else []
        await message.reply_html(
            t._(
                "Add me to your department's Telegram group and type /lienket there: what your"
                " department is told will then also go to that group. Groups linked now: {count}."
            ).format(count=len(linked))
        )
        return
    if args and fold(args[0]) in UNLINK_WORDS:
        before = await context.store.groups.dept_of(chat.id)
        if before and not actor.role.sees_all_departments and before != actor.dept_code:
            await message.reply_text(
                t._("This group belongs to another department; only its members can unlink it.")
            )
            return
        removed = await unlink_group(context.store, chat.id, actor, context.now())
        await message.reply_text(
            t._("This group is no longer linked to {dept}.").format(dept=removed)
            if removed
            else t._("This group was not linked to any department.")
        )
        return
    dept_code = actor.dept_code
    if args and actor.role.sees_all_departments:
        dept_code = args[0].upper()
    if not dept_code:
        await message.reply_html(
            t._("Name the department to link, for example <code>/lienket TP</code>.")
        )
        return
    dept = await context.store.departments.get(dept_code)
    if dept is None:
        await message.reply_text(
            t._("There is no department {code}.").format(code=clip(dept_code, ECHOED))
        )
        return
    await link_group(context.store, chat.id, chat.title or "", dept.code, actor, context.now())
    await message.reply_text(
        t._(
            "This group is now linked to {dept}: it will receive what the department is told."
        ).format(dept=dept.name)
    )


def register(app: Application) -> None:
    add_command(
        app,
        "tongquan",
        N_("Where the plan stands: departments, overdue work, targets at risk"),
        LEADERS,
        overview,
        button=N_("📈 Overview"),
    )
    add_command(
        app,
        "xuatbaocao",
        N_("Export the periodic CCHC report (Word and Excel)"),
        LEADERS,
        export_command,
        button=N_("📄 Report"),
    )
    add_command(
        app, "lienket", N_("Link this Telegram group to your department"), STAFF, link_command
    )
    app.add_handler(CallbackQueryHandler(export_button, pattern=ExportReport.pattern()))
    app.add_handler(CallbackQueryHandler(export_button, pattern=ExportPlanReport.pattern()))
