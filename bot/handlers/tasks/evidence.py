"""Evidence files: what a message carries, the ward's own copy, and (L3) sending a file back
from /lichsu or a task's card with its original name."""

from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardButton, Message, Update

from bot.context import BotContext
from bot.files import TelegramFiles
from bot.handlers.tasks.callbacks import OpenEvidence
from bot.handlers.tasks.lookup import find_task, occurrence_for, plan_and_tasks
from domain.model import EvidenceFile, TaskReport
from domain.text import clean_line
from services import plans as plan_service
from services.evidence import download_evidence
from services.plans import label_year
from services.presenters.tasks import period_text
from storage.filestore import FileStoreError

log = logging.getLogger(__name__)


def evidence_of(message: Message) -> EvidenceFile | None:
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        day = message.date.strftime("%Y%m%d") if message.date else "photo"
        return EvidenceFile(
            "photo",
            largest.file_id,
            largest.file_unique_id,
            f"anh-{day}-{message.message_id}.jpg",  # a photo has no name of its own
            "image/jpeg",
            largest.file_size,
        )
    if document := message.document:
        return EvidenceFile(
            "document",
            document.file_id,
            document.file_unique_id,
            clean_line(document.file_name or "", 200),
            document.mime_type or "",
            document.file_size,
        )
    return None


async def keep_files(
    context: BotContext, task_code: str, period: str, items: list[EvidenceFile]
) -> list[EvidenceFile]:
    """The ward's own copy of each file (services.evidence), filed under the task and period."""
    found = await plan_and_tasks(context)
    task = find_task(found[1], task_code) if found else None
    occ = await occurrence_for(context, found[0], task, period) if found and task else None
    if not items or task is None or occ is None:
        return items
    fetcher = TelegramFiles(context.bot)
    return await download_evidence(fetcher, context.files, task, occ.period, items)


def file_buttons(reports: list[TaskReport], limit: int = 12) -> list[list[InlineKeyboardButton]]:
    """A 📎 button per evidence file of these reports (newest reports first), one a row."""
    rows = []
    for report in reports:
        for item in report.evidence:
            if item.id is None:
                continue
            name = item.file_name or item.kind
            label = f"📎 {report.task_code} · {name if len(name) <= 28 else name[:27] + '…'}"
            rows.append([InlineKeyboardButton(label, callback_data=OpenEvidence(item.id).pack())])
    return rows[:limit]


async def evidence_button(update: Update, context: BotContext) -> None:
    """ev:<id>: send the file back, under its original name (staff of a department taking part
    in the task, and leaders; checked on every press)."""
    query = update.callback_query
    if not query or not (actor := await context.actor()):
        return
    t = context.t
    pressed = OpenEvidence.parse(query.data)
    found = await context.store.reports.evidence(pressed.evidence_id) if pressed else None
    # The plan of the report's period: evidence of 2025 opens after a 2026 plan is loaded.
    year = label_year(found[1].period) if found else None
    plan = await plan_service.plan_for_or_working(context.store, year, context.now().date())
    task = await context.store.plans.task(plan.id, found[1].task_code) if plan and found else None
    allowed = actor.role.sees_all_departments or bool(
        task and actor.dept_code and task.involves(actor.dept_code)
    )
    if found is None or not actor.role.is_staff or not allowed:
        await query.answer(t._("This file cannot be opened here."), show_alert=True)
        return
    await query.answer()
    item, report = found
    if not (message := update.effective_message):
        return
    caption = t._("📎 {name} · task {code} ({period}) · {who}, {when}").format(
        name=html.escape(item.file_name or item.kind),
        code=html.escape(report.task_code),
        period=period_text(t, report.period),
        who=html.escape(report.reporter_name),
        when=t.datetime(report.created_at),
    )
    content: object = item.file_id  # Telegram's copy, when the ward's is missing
    try:
        content = await context.files.aread_location(item.local_path) or item.file_id
    except FileStoreError as error:  # the bucket unreachable: Telegram's copy still opens
        log.warning("could not read the ward's copy of evidence %s: %s", item.id, error)
    if item.kind == "photo":
        await message.reply_photo(content, caption=caption, parse_mode="HTML")  # type: ignore[arg-type]
    else:
        await message.reply_document(
            content,  # type: ignore[arg-type]
            filename=item.file_name or None,
            caption=caption,
            parse_mode="HTML",
        )
