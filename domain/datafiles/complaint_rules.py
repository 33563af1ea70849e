"""data/complaints.yaml: who handles complaints and suggestions, by when, and their fields."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

from domain.complaints import ComplaintField, ComplaintRules
from domain.datafiles.schema import Codes, DataFile, Schema, Text, Whole, matches, within
from domain.datafiles.yaml_lines import load_yaml
from domain.text import folded_words

RULES_FILE = Path(__file__).resolve().parents[2] / "data" / "complaints.yaml"


class RulesSettings(Schema):
    handler: Text
    due_working_days: Annotated[Whole, within(1, 60, "must be from 1 to 60")]
    daily_limit: Annotated[Whole, within(1, 100, "must be from 1 to 100")]
    daily_questions: Annotated[Whole, within(1, 100, "must be from 1 to 100")]
    max_photos: Annotated[Whole, within(0, 10, "must be from 0 to 10")]
    reopen_days: Annotated[Whole, within(0, 365, "must be from 0 to 365")] = 30
    contact: Text = "Bộ phận một cửa, UBND phường"


class FieldEntry(Schema):
    code: Annotated[Text, matches(r"[a-z0-9]{1,12}", "must be 1 to 12 lowercase letters or digits")]
    name: Text
    dept: Text
    keywords: Codes = ()


class RulesFile(Schema):
    settings: RulesSettings
    fields: tuple[FieldEntry, ...]


def read_rules(path: Path) -> ComplaintRules:
    """Parse data/complaints.yaml; a malformed file is refused with its line."""
    source = DataFile(path, load_yaml(path))
    rules = source.validate(RulesFile)
    for i, entry in enumerate(rules.fields):
        if entry.code in {f.code for f in rules.fields[:i]}:
            raise source.refuse(("fields", i, "code"), "a code appears twice")
    head = rules.settings
    return ComplaintRules(
        handler=head.handler,
        due_working_days=head.due_working_days,
        daily_limit=head.daily_limit,
        daily_questions=head.daily_questions,
        max_photos=head.max_photos,
        reopen_days=head.reopen_days,
        contact=head.contact,
        fields=tuple(
            ComplaintField(
                f.code, f.name, f.dept, tuple(tuple(folded_words(k)) for k in f.keywords)
            )
            for f in rules.fields
        ),
    )


@cache
def shipped_rules() -> ComplaintRules:
    return read_rules(RULES_FILE)
