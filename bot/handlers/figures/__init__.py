"""Indicator figures: /solieu (flow, confirm), and the figures and 📈 charts of /chitieu
(chart)."""

from __future__ import annotations

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.commands import menu_entry
from bot.flows import AnyHandler, add_flow, stopping
from bot.handlers.figures import chart, confirm, flow
from bot.handlers.figures.callbacks import (
    DropFigure,
    PickPeriod,
    PickReading,
    PickTarget,
    RetypeFigure,
    SaveFigure,
    ShowChart,
)
from bot.handlers.figures.draft import CONFIRM, PERIOD, VALUE
from domain.access import STAFF
from domain.i18n import N_


def register(app: Application) -> None:
    entry = menu_entry(
        app,
        "solieu",
        N_("Enter an indicator figure for a target"),
        STAFF,
        flow.figures_command,
        button=N_("🔢 Figures"),
    ).callback
    pick_target: AnyHandler = CallbackQueryHandler(flow.target_button, PickTarget.pattern())
    pick_period: AnyHandler = CallbackQueryHandler(flow.period_button, PickPeriod.pattern())
    # The buttons under a figure shown before saving: they check the entry they were shown for.
    checks: list[AnyHandler] = [
        CallbackQueryHandler(confirm.reading_button, PickReading.pattern()),
        CallbackQueryHandler(confirm.save_button, SaveFigure.pattern()),
        CallbackQueryHandler(confirm.retype_button, RetypeFigure.pattern()),
        CallbackQueryHandler(confirm.drop_button, DropFigure.pattern()),
    ]
    typed: AnyHandler = MessageHandler(filters.TEXT & ~filters.COMMAND, flow.value_typed)
    period_typed: AnyHandler = MessageHandler(filters.TEXT & ~filters.COMMAND, flow.period_typed)
    conversation = ConversationHandler(
        entry_points=[CommandHandler("solieu", stopping(entry)), pick_target, pick_period, *checks],
        states={VALUE: [typed], CONFIRM: [*checks, typed], PERIOD: [period_typed]},
        fallbacks=[CommandHandler("huy", flow.cancel), pick_target, pick_period, *checks],
        allow_reentry=True,
        name="figures",
    )
    add_flow(app, conversation)
    app.add_handler(CallbackQueryHandler(chart.chart_button, ShowChart.pattern()))
    app.bot_data.target_results.append(chart.target_results)
