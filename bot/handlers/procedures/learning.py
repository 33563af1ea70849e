"""/cauhoi: the questions the bot could not answer (personal data taken out, wordings alike
grouped, the most asked first), and with one tap what each meant: a procedure of the catalogue,
or not the ward's, or the ward's own answer written for it (ward_answer_flow). The search answers
the wording so from then on (services.questions, services.ward_answers).

qm:o:<id> opens one wording (the id of its latest row), qm:t:<id>:<code> maps it ("-": not the
ward's), qm:F:<id> and qm:f:<id>:<field index> browse the catalogue to find the procedure.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.flows import say
from bot.handlers.procedures.texts import clip
from bot.handlers.procedures.ward_answer_flow import WriteAnswer
from bot.handlers.procedures.ward_answers import ChooseAnswer
from domain.buttons import ButtonData
from domain.procedure_names import short_names
from domain.questions import strip_personal
from services.questions import QuestionOutcome, map_question

GROUPS_SHOWN = 10
CANDIDATES = 4
LABEL = 40
NOT_OURS = "-"


@dataclass(frozen=True)
class OpenWording(ButtonData, prefix="qm:o"):
    question_id: int


@dataclass(frozen=True)
class MapWording(ButtonData, prefix="qm:t"):
    """The wording of `question_id` means procedure `code` (NOT_OURS: not the ward's)."""

    question_id: int
    code: str


@dataclass(frozen=True)
class WordingFields(ButtonData, prefix="qm:F"):
    question_id: int


@dataclass(frozen=True)
class WordingField(ButtonData, prefix="qm:f"):
    question_id: int
    index: int


def _button(label: str, data: ButtonData) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(label, callback_data=data.pack())]


async def unanswered(update: Update, context: BotContext) -> None:
    """`/cauhoi`: the wordings the bot could not answer, the most asked first."""
    if not (message := update.effective_message):
        return
    t = context.t
    groups = await context.store.unanswered.groups(GROUPS_SHOWN)
    if not groups:
        await message.reply_text(t._("Every question citizens asked has been answered or mapped."))
        return
    lines = [t._("<b>Questions the bot could not answer</b> (personal data removed):")]
    rows = []
    for n, group in enumerate(groups, 1):
        # Stored stripped; stripped again so a wording kept before a finer rule shows none either.
        wording = strip_personal(group.wording)
        lines.append(
            t.ngettext(
                "{n}. “{wording}”: {count} time, last on {date}",
                "{n}. “{wording}”: {count} times, last on {date}",
                group.count,
            ).format(
                n=n,
                wording=html.escape(clip(wording, 120)),
                count=group.count,
                date=t.date(group.last_asked),
            )
        )
        label = t._("🔗 {n}. {wording}").format(n=n, wording=clip(wording, LABEL))
        rows.append(_button(label, OpenWording(group.latest_id)))
    lines.append(
        t._(
            "Press one to say which procedure it meant, or to write the ward's answer: the bot"
            " answers it so from now."
        )
    )
    await message.reply_html("\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))


async def open_wording(update: Update, context: BotContext) -> None:
    """qm:o:<id>: the procedures the search found closest, the fields, and "not the ward's"."""
    query = update.callback_query
    if not query or not (button := OpenWording.parse(query.data)):
        return
    found = await context.store.unanswered.get(button.question_id)
    if found is None:
        await query.answer(context.t._("This button is no longer valid."))
        return
    t = context.t
    outcome = await context.services.search.ask(context.store, found[0])
    closest = await context.store.procedures.many(list(outcome.codes[:CANDIDATES]))
    names = short_names((p.code, p.name) for p in closest)
    rows = [_button(f"➡️ {names[p.code]}", MapWording(button.question_id, p.code)) for p in closest]
    rows.append(_button(t._("📂 Choose by field"), WordingFields(button.question_id)))
    rows.append(_button(t._("✍️ Write the ward's answer"), WriteAnswer(button.question_id)))
    if await context.store.ward_answers.all():
        rows.append(
            _button(t._("📎 Use an answer already written"), ChooseAnswer(button.question_id))
        )
    rows.append(
        _button(t._("🚫 Not handled by the ward"), MapWording(button.question_id, NOT_OURS))
    )
    await say(
        update,
        t._("“{wording}”\nWhich procedure did it mean?").format(
            wording=html.escape(strip_personal(found[0]))
        )
        + "\n"
        + t._(
            "A question about the ward itself (office hours, address, phone): write the ward's"
            " answer."
        ),
        InlineKeyboardMarkup(rows),
    )


async def wording_fields(update: Update, context: BotContext) -> None:
    """qm:F:<id>: the catalogue's fields, to find the procedure meant."""
    query = update.callback_query
    if not query or not (button := WordingFields.parse(query.data)):
        return
    fields = await context.store.procedures.fields()
    rows = [
        _button(f"{name} ({count})", WordingField(button.question_id, i))
        for i, (name, count) in enumerate(fields)
    ]
    await say(update, context.t._("Choose a field."), InlineKeyboardMarkup(rows))


async def wording_field(update: Update, context: BotContext) -> None:
    """qm:f:<id>:<index>: one field's procedures, each a mapping button."""
    query = update.callback_query
    if not query or not (button := WordingField.parse(query.data)):
        return
    fields = await context.store.procedures.fields()
    if not 0 <= button.index < len(fields):
        await query.answer(context.t._("This button is no longer valid."))
        return
    procedures = await context.store.procedures.in_field(fields[button.index][0])
    names = short_names((p.code, p.name) for p in procedures)
    rows = [_button(names[p.code], MapWording(button.question_id, p.code)) for p in procedures]
    await say(update, context.t._("Which procedure did it mean?"), InlineKeyboardMarkup(rows))


async def map_wording(update: Update, context: BotContext) -> None:
    """qm:t:<id>:<code>: record it (audited); the search uses it from now on."""
    query = update.callback_query
    actor = await context.actor()
    if not query or actor is None or not (button := MapWording.parse(query.data)):
        return
    t = context.t
    code = None if button.code == NOT_OURS else button.code
    outcome = await map_question(context.store, actor, button.question_id, code, context.now())
    found = await context.store.unanswered.get(button.question_id)
    if outcome is not QuestionOutcome.DONE or found is None:
        await query.answer(t._("This button is no longer valid."))
        return
    wording = html.escape(strip_personal(found[0]))
    procedure = await context.store.procedures.get(code) if code else None
    if procedure is not None:
        text = t._("Saved: from now on “{wording}” is answered with {procedure}.").format(
            wording=wording, procedure=html.escape(procedure.name)
        )
    else:
        text = t._("Saved: from now on “{wording}” is answered as not handled by the ward.").format(
            wording=wording
        )
    if query.message:
        await query.edit_message_reply_markup(None)
    await say(update, text)
