"""`cchc-bot digest send [--week 2026-W48]`: queue a week's digest now, and send it unless the
running bot (which holds the sender lock) is already sending the outbox."""

from __future__ import annotations

from telegram import Bot

from bot.reminders.outbox_sender import OutboxSender, let_go, sender_lock, take
from bot.settings import Settings
from domain.i18n import translator
from services.digest import queue_digest, week_for_moment
from storage.store import Store


async def digest_send(settings: Settings, week: str | None) -> str:
    from bot.app import default_clock, ensure_plan

    clock = default_clock(settings)
    now = clock.now()
    label = week.strip().upper() if week else week_for_moment(now)
    store = await Store.open(settings.database, settings.unit)
    try:
        await ensure_plan(store, clock)
        result = await queue_digest(
            store,
            label,
            now,
            settings.schedule,
            translator(None, settings.timezone),
            settings.admin_ids,
            settings.ward_name,
        )
        if result.skipped:
            return (
                f"digest {label}: not sent: the plan's period has ended and the week has no news"
                " and no movement"
            )
        lines = [
            f"digest {label}: {result.recipients} subscribers, {result.queued} newly queued"
            + ("" if result.composed else " (the week's text was composed before)")
        ]
        lock = sender_lock(store, settings.db_path)  # the bot's, on PostgreSQL too
        if not await take(lock):
            lines.append("the running bot is sending the outbox: it sends them")
        elif not settings.token:
            await let_go(lock)
            lines.append("TELEGRAM_BOT_TOKEN is not set: the bot sends them when it runs")
        else:
            bot = Bot(
                settings.require_token(),
                base_url=settings.api_base_url,
                base_file_url=settings.file_base_url,
            )
            await bot.initialize()
            policy = settings.schedule
            sender = OutboxSender(
                bot,
                store,
                clock,
                rate=policy.outbox_rate,
                per_chat_interval=policy.outbox_chat_interval,
                lock=lock,
                owns_bot=True,
            )
            try:
                stats = await sender.drain_once()
            finally:
                await sender.stop()
            lines.append(
                f"sent {stats.sent}, retrying later {stats.retried}, parked {stats.parked},"
                f" blocked {stats.skipped}, unconfirmed {stats.uncertain}"
            )
        waiting = await store.outbox.count_prefix_by_status(f"digest:{label}:")
        if waiting.get("pending"):
            lines.append(
                f"{waiting['pending']} still waiting (quiet hours, or retries): the bot sends them"
            )
        return "\n".join(lines)
    finally:
        await store.close()
