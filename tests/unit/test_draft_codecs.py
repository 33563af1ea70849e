"""Every draft type kept with `context.drafts.keep` round-trips through its JSON codec
(bot/chat_state.py), and a type without one fails loudly."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from bot.chat_state import DraftCodecs, UnregisteredDraft
from bot.context import UserData
from bot.handlers.complaints.drafts import InfoStep, StaffStep
from bot.handlers.draft_types import DRAFT_TYPES
from bot.handlers.figures.draft import FigureDraft
from bot.handlers.news import post_flow
from bot.handlers.procedures.questions_flow import AnswerDraft
from bot.handlers.procedures.session import SearchSession
from bot.handlers.tasks.deadlines import DeadlineDraft
from bot.handlers.tasks.draft import ReportDraft
from domain.complaints import Draft
from domain.figure_reading import NoCases
from domain.figures import ParsedValue
from domain.model import EvidenceFile
from domain.occurrences import Progress
from domain.survey import SurveyDraft

VN = timezone(timedelta(hours=7))
NOW = datetime(2025, 6, 2, 9, 0, tzinfo=VN)


def test_every_draft_type_kept_by_a_handler_has_a_codec() -> None:
    import pathlib
    import re

    kept = set()
    for path in pathlib.Path("bot").rglob("*.py"):
        kept |= set(re.findall(r"drafts\.(?:draft|drop)\(([A-Z]\w+)", path.read_text("utf-8")))
    assert kept <= {kind.__name__ for kind in DRAFT_TYPES.values()}


def test_drafts_come_back_as_they_were_kept() -> None:
    codecs = DraftCodecs(DRAFT_TYPES)
    evidence = [EvidenceFile("photo", "file-1", "unique-1", "anh.jpg", "image/jpeg", 1234)]
    drafts = [
        Draft("Ngõ 5 ngập nước", "DDXD", ("photo-1", "doc:file-2"), 20.96, 105.76),
        InfoStep("PA-2506-0001", NOW),
        StaffStep("reassign", "PA-2506-0001", "TP"),
        ReportDraft("2.3a", "quý II/2025", "TP", NOW, Progress.DONE, "Đã rà soát", evidence),
        DeadlineDraft("2.3a", "2025-Q2", date(2025, 7, 15), NOW, "chờ sở"),
        AnswerDraft(12),
        SurveyDraft("PA-2506-0001", (5, None, 4)),
        post_flow.NewsDraft("Lịch tiếp dân", "Thứ Năm hằng tuần", "", "photo-9"),
        FigureDraft("3.1", None, NOW, typed="95%", pending=ParsedValue(95.0, 19, 20)),
        FigureDraft("3.1", None, NOW, typed="0/0", pending=NoCases()),
        FigureDraft("3.1", None, NOW, options=(ParsedValue(0.5), ParsedValue(50.0))),
        SearchSession(3, ("1.001", "2.002"), "khai sinh"),
    ]
    for draft in drafts:
        kept = UserData()
        kept.keep(draft)
        text = codecs.encode(kept)
        assert text is not None and json.loads(text)
        back = codecs.decode(text).draft(type(draft))
        assert back == draft, type(draft).__name__


def test_a_draft_of_an_unregistered_type_fails_loudly() -> None:
    @dataclasses.dataclass
    class Stray:
        text: str

    drafts = UserData()
    drafts.keep(Stray("x"))
    with pytest.raises(UnregisteredDraft):
        DraftCodecs(DRAFT_TYPES).encode(drafts)
