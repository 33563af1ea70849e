"""Complaints and suggestions: /phananh (citizen), /theodoi (follow), /xuly (officials).

The citizen's flow is submit_flow; following is follow; the officials open, take and pass on a
complaint from staff_queue and write replies, requests and answers in staff_steps. Each step
tells the others concerned through the outbox (services.complaints). Button payloads are in
callbacks, what the screens say in texts.
"""

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
from bot.flows import add_flow
from bot.handlers.complaints import follow, staff_queue, staff_steps, submit_flow
from bot.handlers.complaints.callbacks import (
    AddComplaintInfo,
    AnyCitizenStep,
    AttachmentsDone,
    CancelComplaint,
    ChooseField,
    OpenComplaint,
    PassOn,
    PassOnMenu,
    RewriteComplaint,
    SendComplaint,
    TakeComplaint,
    ViewComplaint,
)
from bot.handlers.complaints.drafts import cancel, other_command, wrong_input
from bot.keyboards import MenuCommand
from domain.access import EVERYONE, STAFF
from domain.i18n import N_


def register(app: Application) -> None:
    flow = submit_flow
    # Registered by hand: the conversation owns /phananh (and its main-menu button).
    spec = menu_entry(
        app,
        "phananh",
        N_("Send a complaint or suggestion"),
        EVERYONE,
        flow.start_complaint,
        button=N_("📝 Complaint"),
    )
    text = filters.TEXT & ~filters.COMMAND
    anything = ~filters.COMMAND & ~filters.UpdateType.EDITED
    citizen = ConversationHandler(
        entry_points=[
            CommandHandler("phananh", spec.callback),
            CallbackQueryHandler(spec.callback, pattern=MenuCommand.pattern_for("phananh")),
            CallbackQueryHandler(flow.start_info, pattern=AddComplaintInfo.pattern()),
        ],
        states={
            flow.CONTENT: [
                MessageHandler(
                    (text | filters.PHOTO) & ~filters.UpdateType.EDITED, flow.got_content
                )
            ],
            flow.ATTACH: [
                MessageHandler(
                    (filters.PHOTO | filters.LOCATION | text) & ~filters.UpdateType.EDITED,
                    flow.got_attachment,
                ),
                CallbackQueryHandler(flow.ask_field, pattern=AttachmentsDone.pattern()),
            ],
            flow.FIELD: [CallbackQueryHandler(flow.got_field, pattern=ChooseField.pattern())],
            flow.CONFIRM: [
                CallbackQueryHandler(flow.send_complaint, pattern=SendComplaint.pattern()),
                CallbackQueryHandler(flow.rewrite_complaint, pattern=RewriteComplaint.pattern()),
            ],
            flow.INFO: [MessageHandler(text & ~filters.UpdateType.EDITED, flow.got_info)],
        },
        fallbacks=[
            CallbackQueryHandler(cancel, pattern=CancelComplaint.pattern()),
            CommandHandler("huy", cancel),
            MessageHandler(filters.COMMAND, other_command),
            MessageHandler(anything, wrong_input),
            CallbackQueryHandler(wrong_input, pattern=AnyCitizenStep.pattern()),
        ],
        name="complaint",
        allow_reentry=True,
    )
    add_flow(app, citizen)
    officials = ConversationHandler(
        entry_points=[
            CallbackQueryHandler(staff_steps.start_staff_text, pattern=family.pattern())
            for family in staff_steps.STAFF_STEPS
        ],
        states={
            staff_steps.STAFF_TEXT: [
                MessageHandler(text & ~filters.UpdateType.EDITED, staff_steps.got_staff_text)
            ]
        },
        fallbacks=[
            CommandHandler("huy", cancel),
            MessageHandler(filters.COMMAND, other_command),
            MessageHandler(anything, wrong_input),
        ],
        name="complaint_staff",
        allow_reentry=True,
    )
    add_flow(app, officials)
    add_command(app, "theodoi", N_("Follow your complaint by its code"), EVERYONE, follow.follow)
    add_command(
        app, "xuly", N_("Complaints and questions waiting for you"), STAFF, staff_queue.queue
    )
    app.add_handler(
        CallbackQueryHandler(guarded(EVERYONE, follow.view_button), pattern=ViewComplaint.pattern())
    )
    # The officials' buttons that need no text (disjoint patterns: their order does not matter).
    for family, callback in (
        (OpenComplaint, staff_queue.open_button),
        (TakeComplaint, staff_queue.take_button),
        (PassOnMenu, staff_queue.pass_on_menu),
        (PassOn, staff_queue.pass_on),
    ):
        app.add_handler(CallbackQueryHandler(guarded(STAFF, callback), pattern=family.pattern()))
