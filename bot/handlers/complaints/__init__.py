"""Complaints and suggestions: /phananh (citizen), /theodoi (follow), /xuly (officials).

The citizen's flow is submit_flow (resume: a form left for a while); following is follow;
answering the ward is supplement, reopening reopen; the officials open, take and pass on a
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

from bot.commands import Callback, add_command, guarded, menu_entry
from bot.flows import AFTER_FLOWS, PlainWords, add_flow
from bot.handlers.complaints import (
    follow,
    reopen,
    resume,
    staff_queue,
    staff_steps,
    submit_flow,
    supplement,
)
from bot.handlers.complaints.callbacks import (
    AddComplaintInfo,
    AnyCitizenStep,
    AskAsQuestion,
    AttachmentsDone,
    CancelComplaint,
    CancelReopen,
    CancelStaffStep,
    ChooseField,
    ConfirmClose,
    ConfirmReopen,
    InfoOrQuestion,
    KeepAsContent,
    OpenComplaint,
    PassOn,
    PassOnMenu,
    PassOnMessage,
    ReopenComplaint,
    RewriteComplaint,
    SendComplaint,
    TakeComplaint,
    UseParked,
    ViewComplaint,
)
from bot.handlers.complaints.drafts import cancel, other_command, wrong_input
from bot.handlers.private_chat import private_only
from bot.keyboards import MenuCommand
from domain.access import EVERYONE, STAFF
from domain.buttons import AddQuestionToComplaint, ButtonData, ReportQuestion
from domain.i18n import N_
from domain.intents import Intent
from domain.privacy import COMPLAINT_LINK


def register(app: Application) -> None:
    flow = submit_flow
    # Registered by hand: the conversation owns /phananh (and its main-menu button).
    spec = menu_entry(
        app,
        "phananh",
        N_("Send a complaint or suggestion"),
        EVERYONE,
        # A complaint is written in the private chat (audit L7): in a group, all would read it.
        private_only(flow.start_complaint),
        button=N_("📝 Complaint"),
    )
    text = filters.TEXT & ~filters.COMMAND
    anything = ~filters.COMMAND & ~filters.UpdateType.EDITED
    pictures = filters.PHOTO | filters.Document.IMAGE
    # Text typed into a form left long ago: the citizen says whose it is (resume.py).
    left_and_back = (
        CallbackQueryHandler(flow.keep_as_content, pattern=KeepAsContent.pattern()),
        CallbackQueryHandler(resume.as_new_question, pattern=AskAsQuestion.pattern()),
    )
    citizen = ConversationHandler(
        entry_points=[
            CommandHandler("phananh", spec.callback),
            CallbackQueryHandler(spec.callback, pattern=MenuCommand.pattern_for("phananh")),
            # "toi muon phan anh ..." typed outside any flow
            PlainWords(app, Intent.COMPLAINT, guarded(EVERYONE, flow.start_from_words)),
            # "📝 Report it" under a search that found nothing: with the words searched
            CallbackQueryHandler(
                guarded(EVERYONE, private_only(flow.start_from_search)),
                pattern=ReportQuestion.pattern(),
            ),
        ],
        states={
            flow.CONTENT: [
                MessageHandler((text | pictures) & ~filters.UpdateType.EDITED, flow.got_content),
                CallbackQueryHandler(flow.use_parked, pattern=UseParked.pattern()),
                *left_and_back,
            ],
            flow.ATTACH: [
                MessageHandler(
                    (pictures | filters.Document.ALL | filters.LOCATION | text)
                    & ~filters.UpdateType.EDITED,
                    flow.got_attachment,
                ),
                CallbackQueryHandler(flow.ask_field, pattern=AttachmentsDone.pattern()),
                *left_and_back,
            ],
            flow.FIELD: [CallbackQueryHandler(flow.got_field, pattern=ChooseField.pattern())],
            flow.CONFIRM: [
                CallbackQueryHandler(flow.send_complaint, pattern=SendComplaint.pattern()),
                CallbackQueryHandler(flow.rewrite_complaint, pattern=RewriteComplaint.pattern()),
                MessageHandler(text & ~filters.UpdateType.EDITED, flow.typed_at_review),
            ],
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
            *(
                CallbackQueryHandler(staff_steps.start_staff_text, pattern=family.pattern())
                for family in staff_steps.STAFF_STEPS
            ),
            CallbackQueryHandler(staff_steps.start_pass_on, pattern=PassOn.pattern()),
        ],
        states={
            staff_steps.STAFF_TEXT: [
                MessageHandler(
                    (text | pictures) & ~filters.UpdateType.EDITED, staff_steps.got_staff_text
                )
            ],
            staff_steps.CLOSE_CONFIRM: [
                MessageHandler(
                    (text | pictures) & ~filters.UpdateType.EDITED, staff_steps.got_fix_photo
                ),
                CallbackQueryHandler(staff_steps.confirm_close, pattern=ConfirmClose.pattern()),
            ],
        },
        fallbacks=[
            CallbackQueryHandler(cancel, pattern=CancelStaffStep.pattern()),
            CommandHandler("huy", cancel),
            MessageHandler(filters.COMMAND, other_command),
            MessageHandler(anything, wrong_input),
        ],
        name="complaint_staff",
        allow_reentry=True,
    )
    add_flow(app, officials)
    add_command(
        app,
        "theodoi",
        N_("Follow your complaint by its code"),
        EVERYONE,
        private_only(follow.follow),
        button=N_("🔎 Follow a complaint"),
    )
    # What no flow took may be the answer the ward asked for (else it goes on to group 0).
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.UpdateType.EDITED,
            supplement.unsolicited,
        ),
        group=AFTER_FLOWS,
    )
    citizen_buttons: tuple[tuple[type[ButtonData], Callback], ...] = (
        (AddComplaintInfo, supplement.start_info),
        (ReopenComplaint, reopen.reopen_button),
        (ConfirmReopen, reopen.confirm_reopen),
        (CancelReopen, reopen.cancel_reopen),
        (PassOnMessage, follow.pass_on),
        (InfoOrQuestion, supplement.which_it_is),
        (AddQuestionToComplaint, supplement.add_question),
    )
    for family, callback in citizen_buttons:
        app.add_handler(CallbackQueryHandler(guarded(EVERYONE, callback), pattern=family.pattern()))
    add_command(
        app,
        "xuly",
        N_("Complaints and questions waiting for you"),
        STAFF,
        staff_queue.queue,
        button=N_("📥 Handle complaints"),
    )
    # The link a group gets instead of a complaint (domain.privacy): /start xl_<code>.
    app.bot_data.deep_links[COMPLAINT_LINK] = staff_queue.open_deep_link
    app.add_handler(
        CallbackQueryHandler(guarded(EVERYONE, follow.view_button), pattern=ViewComplaint.pattern())
    )
    # The officials' buttons that need no text (disjoint patterns: their order does not matter).
    for family, callback in (
        (OpenComplaint, staff_queue.open_button),
        (TakeComplaint, staff_queue.take_button),
        (PassOnMenu, staff_queue.pass_on_menu),
        (CancelStaffStep, staff_steps.cancel_button_outside),
    ):
        app.add_handler(CallbackQueryHandler(guarded(STAFF, callback), pattern=family.pattern()))
