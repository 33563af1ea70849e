"""Procedures for citizens: free-text questions, /thutuc, the card, browsing by field, the deep
link `/start tt_<code>`, and questions passed to the ward's staff when nothing fits.

search finds and lists, card renders, buttons answers the tt:* buttons, questions_flow is the
officials' answer; the search engine is `context.services.search` (bot.search).
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

from bot.commands import add_command, guarded
from bot.flows import add_flow
from bot.handlers.procedures import (
    buttons,
    learning,
    questions_flow,
    search,
    ward_answer_flow,
    ward_answers,
)
from bot.handlers.procedures.callbacks import (
    AllFields,
    AnswerQuestion,
    AnyProcedureButton,
    AskStaff,
    FieldList,
    NextResult,
    NoneOfThese,
    NotWardAnswer,
    ProcedureCard,
    ProcedureDetails,
)
from domain.access import EVERYONE, LEADERS, STAFF
from domain.i18n import N_
from domain.privacy import QUESTION_LINK


def register(app: Application) -> None:
    add_command(
        app,
        "thutuc",
        N_("Look up an administrative procedure"),
        EVERYONE,
        search.thutuc,
        button=N_("📘 Procedures"),
    )
    app.bot_data.deep_links["tt_"] = search.open_deep_link
    # The link a group gets instead of a citizen's question (domain.privacy): /start qa_<id>.
    app.bot_data.deep_links[QUESTION_LINK] = questions_flow.open_deep_link
    add_command(
        app,
        "cauhoi",
        N_("Questions the bot could not answer: say what they meant"),
        STAFF,
        learning.unanswered,
    )
    for learning_family, learning_callback in (
        (learning.OpenWording, learning.open_wording),
        (learning.MapWording, learning.map_wording),
        (learning.WordingFields, learning.wording_fields),
        (learning.WordingField, learning.wording_field),
    ):
        app.add_handler(
            CallbackQueryHandler(
                guarded(STAFF, learning_callback), pattern=learning_family.pattern()
            )
        )
    # The ward's own answers: written from /cauhoi, or kept from an answer sent to one citizen;
    # listed and deleted by the leaders.
    ward_answer_flow.register(app)
    add_command(
        app,
        "cautraloi",
        N_("The ward's own answers to citizens' questions: see or delete them"),
        LEADERS,
        ward_answers.list_answers,
    )
    for answer_family, answer_callback, roles in (
        (ward_answers.SaveQuestionAnswer, ward_answers.save_question_answer, STAFF),
        (ward_answers.ChooseAnswer, ward_answers.choose_answer, STAFF),
        (ward_answers.AttachAnswer, ward_answers.attach_answer, STAFF),
        (ward_answers.AskDelete, ward_answers.ask_delete, LEADERS),
        (ward_answers.ConfirmDelete, ward_answers.confirm_delete, LEADERS),
        (ward_answers.KeepAnswer, ward_answers.keep_answer, LEADERS),
        # A Save or Cancel of the writing flow pressed after it ended.
        (ward_answer_flow.SaveAnswer, buttons.stale_button, STAFF),
        (ward_answer_flow.CancelWrite, buttons.stale_button, STAFF),
    ):
        app.add_handler(
            CallbackQueryHandler(guarded(roles, answer_callback), pattern=answer_family.pattern())
        )
    # The tt:* buttons: one handler a family, then any other tt:* press (answered as stale).
    for family, callback in (
        (ProcedureCard, buttons.card_button),
        (ProcedureDetails, buttons.card_button),
        (NextResult, buttons.next_button),
        (NoneOfThese, buttons.none_button),
        (AllFields, buttons.fields_button),
        (FieldList, buttons.field_button),
        (AskStaff, buttons.ask_staff_button),
        (NotWardAnswer, buttons.not_ward_answer_button),
        (AnyProcedureButton, buttons.stale_button),
    ):
        app.add_handler(CallbackQueryHandler(callback, pattern=family.pattern()))
    answering = ConversationHandler(
        entry_points=[
            CallbackQueryHandler(questions_flow.start_answer, pattern=AnswerQuestion.pattern())
        ],
        states={
            questions_flow.ANSWER: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, questions_flow.got_answer)
            ],
            questions_flow.CARD_SEARCH: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, questions_flow.got_card_search)
            ],
        },
        fallbacks=[
            CommandHandler("huy", questions_flow.cancel_answer),
            *(
                CallbackQueryHandler(callback, pattern=family.pattern())
                for family, callback in (
                    (questions_flow.PickCard, questions_flow.pick_card),
                    (questions_flow.FindCard, questions_flow.find_card),
                    (questions_flow.SendCard, questions_flow.send_card),
                    (questions_flow.CancelAnswer, questions_flow.cancel_answer),
                )
            ),
            MessageHandler(
                ~filters.COMMAND & ~filters.UpdateType.EDITED, questions_flow.answer_wrong_input
            ),
        ],
        name="question_answer",
    )
    add_flow(app, answering)


def register_questions(app: Application) -> None:
    """Registered last before the fallbacks: text no conversation took is a question."""
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED,
            search.free_text,
        )
    )
