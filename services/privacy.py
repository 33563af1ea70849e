"""Personal data (domain.privacy): what the ward holds about a person, their request to delete it,
and the daily removal of what is past its retention period. Each is one transaction with its
audit entry; the audit entry names no person."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from domain.privacy import retention_cutoff, sent_payload_cutoff
from services.complaint_files import forget_complaint_files, sweep_complaint_files
from storage.backup import prune_backups_before
from storage.files import secure_database, secure_folder
from storage.filestore import FileStore, FileStoreError
from storage.privacy import Holding
from storage.store import Store

log = logging.getLogger(__name__)

RETENTION_JOB = "privacy:retention"


async def what_we_hold(store: Store, user_id: int) -> Holding:
    return await store.privacy.holding(user_id)


@dataclass(frozen=True)
class Erased:
    complaints: int  # anonymised now (closed)
    pending: tuple[str, ...]  # still open: anonymised once they are closed
    questions: int
    surveys: int
    subscription: bool
    files: int = 0  # kept copies of their complaints' photos deleted


async def erase_my_data(
    store: Store, user_id: int, is_citizen: bool, now: datetime, files: FileStore | None = None
) -> Erased:
    """A person's own request (/dulieucuatoi): their closed complaints are anonymised (and the
    ward's copies of their photos deleted from `files`), their open ones marked to be anonymised
    when closed (the ward still has to answer them), their questions deleted, their survey
    answers kept without them, their subscription and (for a citizen) their name forgotten."""
    async with store.transaction() as tx:
        done, pending, anonymised = 0, [], []
        for complaint_id, code, status in await store.privacy.complaints_of(tx, user_id):
            if status == "closed":
                await store.privacy.anonymise_complaint(tx, complaint_id, code, user_id, now)
                anonymised.append(code)
                done += 1
            else:
                await store.privacy.request_erasure(tx, complaint_id)
                pending.append(code)
        questions = await store.privacy.delete_questions_of(tx, user_id)
        surveys = await store.privacy.anonymise_surveys_of(tx, user_id)
        subscription = await store.privacy.forget_subscription(tx, user_id) > 0
        await store.privacy.blank_messages_to(tx, user_id)
        if is_citizen:
            await store.privacy.forget_citizen(tx, user_id)
            await store.privacy.forget_in_audit(tx, user_id)
        await store.audit.record(
            tx,
            now,
            None,
            "privacy.erase",
            "",
            complaints=done,
            pending=len(pending),
            questions=questions,
            surveys=surveys,
        )
    # After the commit: a file deleted for a change that did not happen could not come back.
    removed = await forget_complaint_files(files, anonymised) if files else 0
    return Erased(done, tuple(pending), questions, surveys, subscription, removed)


@dataclass(frozen=True)
class Purged:
    complaints: int
    questions: int
    surveys: int
    messages: int
    invites: int
    backups: int = 0
    files: int = 0


async def purge_expired(
    store: Store, now: datetime, months: int, files: FileStore | None = None
) -> Purged:
    """Remove the personal data past its retention period: complaints closed and questions
    answered more than `months` ago (and complaints whose author asked, once closed, with the
    ward's copies of their photos), survey answers as old, the copies of sent messages after 30
    days, invite codes that expired."""
    cutoff = retention_cutoff(now, months)
    async with store.transaction() as tx:
        closed = await store.privacy.closed_before(tx, cutoff)
        for complaint_id, code, citizen_id in closed:
            await store.privacy.anonymise_complaint(tx, complaint_id, code, citizen_id, now)
        questions = await store.privacy.delete_answered_questions(tx, cutoff)
        surveys = await store.privacy.anonymise_surveys_before(tx, cutoff)
        messages = await store.privacy.blank_sent_before(tx, sent_payload_cutoff(now))
        invites = await store.privacy.delete_stale_invites(tx, now)
        result = Purged(len(closed), questions, surveys, messages, invites)
        if any((result.complaints, questions, surveys, messages, invites)):
            await store.audit.record(
                tx,
                now,
                None,
                "privacy.purge",
                "",
                months=months,
                complaints=result.complaints,
                questions=questions,
                surveys=surveys,
                messages=messages,
                invites=invites,
            )
    if files is not None and closed:
        removed = await forget_complaint_files(files, [code for _, code, _ in closed])
        result = Purged(len(closed), questions, surveys, messages, invites, files=removed)
    return result


async def daily_retention(
    store: Store, db_path: Path, files: FileStore, months: int, now: datetime
) -> Purged:
    """The scheduler's daily job: purge the database and the kept copies of what it purged (and
    of any complaint that no longer holds photos), delete the backups older than the retention
    period (they hold what was purged), and keep the files' modes private."""
    purged = await purge_expired(store, now, months, files)
    try:
        swept = await sweep_complaint_files(store, files)
    except FileStoreError as error:
        log.warning("retention: the kept files could not be listed (retried tomorrow): %s", error)
        swept = 0
    removed: list[Path] = []
    if str(db_path) != ":memory:":
        folder = db_path.parent / "backups"
        removed = await asyncio.to_thread(
            prune_backups_before, folder, retention_cutoff(now, months)
        )
        await asyncio.to_thread(secure_database, db_path)
        await asyncio.to_thread(secure_folder, folder)
        await asyncio.to_thread(files.secure)
    if removed or purged.complaints or purged.questions:
        log.info(
            "retention: %s complaints anonymised, %s questions deleted, %s old backups deleted",
            purged.complaints,
            purged.questions,
            len(removed),
        )
    return Purged(
        purged.complaints,
        purged.questions,
        purged.surveys,
        purged.messages,
        purged.invites,
        len(removed),
        purged.files + swept,
    )
