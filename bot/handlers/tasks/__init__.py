"""The departments' tasks: /nhiemvu (listing), /baocao (report_flow, correction_flow), /giao and
the 📅 buttons (deadlines), /lichsu (history)."""

from __future__ import annotations

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.commands import add_command, guarded, menu_entry
from bot.flows import AnyHandler, add_flow, stopping
from bot.handlers.tasks import (
    correction_flow,
    deadlines,
    evidence,
    history,
    listing,
    report_flow,
    saving,
)
from bot.handlers.tasks.callbacks import (
    AddFiles,
    CancelMove,
    CancelReport,
    ChooseStatus,
    ConfirmMove,
    ConfirmReport,
    DeadlineChoices,
    EvidenceDone,
    FilterTasks,
    FixReport,
    MoveDeadline,
    OpenCard,
    OpenEvidence,
    ReportOccurrence,
    TaskHistory,
)
from bot.handlers.tasks.draft import CONFIRM, EVIDENCE, FIX_NOTE, FIX_STATUS, NOTE, STATUS
from domain.access import LEADERS, STAFF
from domain.i18n import N_


def register(app: Application) -> None:
    report_entry = menu_entry(
        app, "baocao", N_("Report on a task of your department"), STAFF, report_flow.report_command
    ).callback
    start_report: AnyHandler = CallbackQueryHandler(
        report_flow.report_button, ReportOccurrence.pattern()
    )
    start_fix: AnyHandler = CallbackQueryHandler(
        correction_flow.correction_button, FixReport.pattern()
    )
    text = filters.TEXT & ~filters.COMMAND
    files = filters.PHOTO | filters.Document.ALL
    # A photo or document captioned "/baocao 2.3a xong ...": that report, the file its evidence.
    captioned: AnyHandler = MessageHandler(
        files & filters.CaptionRegex(r"^/baocao(@\w+)?(\s|$)"),
        stopping(guarded(STAFF, report_flow.caption_report)),
    )
    add_files: AnyHandler = CallbackQueryHandler(saving.add_files_button, AddFiles.pattern())
    conversation = ConversationHandler(
        entry_points=[
            CommandHandler("baocao", stopping(report_entry)),
            captioned,
            start_report,
            start_fix,
            add_files,
        ],
        states={
            STATUS: [
                CallbackQueryHandler(report_flow.status_chosen, ChooseStatus.pattern()),
                MessageHandler(text, report_flow.status_chosen),
            ],
            NOTE: [MessageHandler(text | files, report_flow.note_given)],
            EVIDENCE: [
                MessageHandler(files | text, saving.evidence_given),
                CallbackQueryHandler(saving.evidence_done, EvidenceDone.pattern()),
            ],
            CONFIRM: [CallbackQueryHandler(saving.confirmed, ConfirmReport.pattern())],
            FIX_STATUS: [
                CallbackQueryHandler(correction_flow.fix_status_chosen, ChooseStatus.pattern()),
                MessageHandler(text, correction_flow.fix_status_chosen),
            ],
            FIX_NOTE: [MessageHandler(text | files, correction_flow.fix_note_given)],
        },
        fallbacks=[
            CommandHandler("huy", saving.cancel),
            CallbackQueryHandler(saving.cancel, CancelReport.pattern()),
            captioned,
            start_report,
            start_fix,
            add_files,
        ],
        allow_reentry=True,
        name="report",
    )
    add_flow(app, conversation)
    add_command(
        app,
        "nhiemvu",
        N_("Your department's tasks and what is due"),
        STAFF,
        listing.tasks_command,
        button=N_("📋 Tasks"),
    )
    register_deadlines(app)
    add_command(
        app, "lichsu", N_("A task's reports and deadline changes"), LEADERS, history.history_command
    )
    # The buttons of /nhiemvu and of a task's card; each checks the presser's role again.
    app.add_handler(CallbackQueryHandler(listing.filter_button, FilterTasks.pattern()))
    app.add_handler(CallbackQueryHandler(listing.card_button, OpenCard.pattern()))
    app.add_handler(CallbackQueryHandler(history.history_button, TaskHistory.pattern()))
    app.add_handler(CallbackQueryHandler(evidence.evidence_button, OpenEvidence.pattern()))
    app.add_handler(CallbackQueryHandler(deadlines.choices_button, DeadlineChoices.pattern()))


def register_deadlines(app: Application) -> None:
    """/giao and the 📅 buttons: a reason, then a confirmation, then the move."""
    entry = menu_entry(
        app, "giao", N_("Set or move a task's deadline"), LEADERS, deadlines.assign_command
    ).callback
    move: AnyHandler = CallbackQueryHandler(deadlines.move_button, MoveDeadline.pattern())
    confirm: AnyHandler = CallbackQueryHandler(deadlines.confirm_button, ConfirmMove.pattern())
    keep: AnyHandler = CallbackQueryHandler(deadlines.cancel, CancelMove.pattern())
    conversation = ConversationHandler(
        entry_points=[CommandHandler("giao", stopping(entry)), move, confirm, keep],
        states={
            deadlines.REASON: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, deadlines.reason_typed)
            ],
            deadlines.CONFIRM: [confirm, keep],
        },
        fallbacks=[
            CommandHandler("huy", deadlines.cancel),
            move,
            confirm,
            keep,
            MessageHandler(filters.COMMAND, deadlines.other_command),
        ],
        allow_reentry=True,
        name="deadline",
    )
    add_flow(app, conversation)
