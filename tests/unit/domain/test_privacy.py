"""The personal-data rules (domain.privacy), the input rules the audit named (L2, L10, L11), and
the GPS position taken out of kept photos (M6)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PIL import Image

from domain.access import Actor, may_answer_question
from domain.buttons import AnswerQuestion, RunCommand
from domain.messages import OutgoingMessage
from domain.model import Deadline, Role
from domain.privacy import button_url, deep_link, months_before, start_button
from domain.procedures import Question
from domain.reminders import for_chat
from domain.text import clean_line
from services.evidence import kept_suffix
from services.photos import strip_metadata
from tests.auxil.constants import MONDAY, VN

GPS_IFD = 0x8825


def test_M6_retention_counts_calendar_months() -> None:
    assert months_before(datetime(2027, 3, 31, 3, tzinfo=VN), 24) == datetime(
        2025, 3, 31, 3, tzinfo=VN
    )
    assert months_before(datetime(2027, 3, 31, tzinfo=VN), 1).date() == date(2027, 2, 28)
    assert months_before(datetime(2027, 1, 15, tzinfo=VN), 13).date() == date(2025, 12, 15)


def test_H4_deep_links_and_queued_link_buttons() -> None:
    assert deep_link("cchc_bot", "xl_PA-2611-0042") == "https://t.me/cchc_bot?start=xl_PA-2611-0042"
    assert button_url(start_button("qa_12"), "cchc_bot") == "https://t.me/cchc_bot?start=qa_12"
    assert button_url("https://x.example", "b") == "https://x.example"
    assert button_url("xl:o:PA-2611-0042", "b") is None


def test_H4_a_complaint_reminder_in_a_group_links_to_the_private_chat() -> None:
    deadline = Deadline(
        key="complaint:PA-2506-0001",
        kind="complaint",
        dept_code="TP",
        title="PA-2506-0001",
        due=MONDAY.date(),
        command="/xuly PA-2506-0001",
    )
    message = OutgoingMessage("⏰", buttons=((("Xử lý", RunCommand(deadline.command).pack()),),))
    assert for_chat(message, deadline, 2001) == message  # an official's private chat
    grouped = for_chat(message, deadline, -100123)
    assert grouped.buttons == ((("Xử lý", "start:xl_PA-2506-0001"),),)


def test_M1_a_question_is_its_departments_and_the_leaders() -> None:
    question = Question(1, 1001, "?", "TP", MONDAY, None, None, None)
    assert may_answer_question(Actor(2001, "a", Role.OFFICIAL, "TP"), question)
    assert not may_answer_question(Actor(2006, "b", Role.OFFICIAL, "MTTQ"), question)
    assert may_answer_question(Actor(3001, "c", Role.LEADER, "VP"), question)
    assert not may_answer_question(Actor(1001, "d", Role.CITIZEN, None), question)


def test_L2_an_id_too_long_for_the_database_is_a_malformed_button() -> None:
    assert AnswerQuestion.parse("qa:a:99999999999999999999") is None
    assert AnswerQuestion.parse("qa:a:12") == AnswerQuestion(12)


def test_L10_invisible_characters_are_stripped_but_emoji_kept() -> None:
    family = "👨\u200d👩\u200d👧"
    assert clean_line("Nguyễn\u202e Văn\u200b A\x00", 100) == "Nguyễn Văn A"
    assert clean_line(f"gia đình {family}", 100) == f"gia đình {family}"
    assert clean_line("a\u200db", 100) == "ab"


def test_L11_kept_evidence_has_a_known_suffix() -> None:
    assert kept_suffix("báo cáo.PDF") == ".pdf"
    assert kept_suffix("x.sh") == ".bin" and kept_suffix("\u202egnp.exe") == ".bin"
    assert kept_suffix(None) == ".jpg"


def test_M6_a_kept_photo_loses_its_gps_position(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: kept
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (21.0, 1.0, 2.0), 3: "E", 4: (105.0, 46.0, 1.0)})
    Image.new("RGB", (32, 16), "red").save(path, exif=exif.tobytes())
    with Image.open(path) as before:
        assert before.getexif().get_ifd(GPS_IFD)

    assert strip_metadata(path)
    with Image.open(path) as after:
        kept = after.getexif()
        assert not kept.get_ifd(GPS_IFD) and 0x010F not in kept
        assert kept.get(0x0112) == 6 and after.size == (32, 16)
    clean = tmp_path / "clean.png"
    Image.new("RGB", (4, 4)).save(clean)
    data = clean.read_bytes()
    assert strip_metadata(clean) and clean.read_bytes() == data  # nothing to take out
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    assert not strip_metadata(tmp_path / "x.pdf")
