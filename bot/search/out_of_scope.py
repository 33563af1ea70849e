"""Matters the ward does not handle, and who does (data/out-of-scope.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.search.normalize import folded_words
from domain.datafiles.yaml_lines import Fields, LineDict, load_yaml

SHIPPED_OUT_OF_SCOPE = Path(__file__).resolve().parents[2] / "data" / "out-of-scope.yaml"


@dataclass(frozen=True)
class OutOfScopeEntry:
    """One matter handled elsewhere: what it is, who handles it, what else to know."""

    key: str  # e.g. "passport"
    topic: str  # Vietnamese, for the citizen: "Hộ chiếu phổ thông (...)"
    authority: str  # Vietnamese: who handles it
    note: str = ""  # Vietnamese: how, or what the ward does do nearby
    unverified: bool = False  # the authority could not be checked at its source
    phrases: tuple[tuple[str, ...], ...] = ()  # folded, as typed (before abbreviations)
    # A paper whose copies the ward certifies: "chứng thực sổ đỏ" is a certified copy, here.
    paper: bool = False


# A matter neither the catalogue nor the list has (`Vocabulary.unlisted`): nothing is found.
UNLISTED = OutOfScopeEntry("", "", "")


def read_out_of_scope(path: Path) -> tuple[OutOfScopeEntry, ...]:
    """Parse the file; a malformed one is refused with its line (DataFileError)."""
    root = Fields(path, load_yaml(path), "file", 1)
    line = root.mapping.line_of("entries")
    found: list[OutOfScopeEntry] = []
    for i, item in enumerate(root.items("entries")):
        entry = Fields(
            path, item, f"entries[{i}]", item.line if isinstance(item, LineDict) else line
        )
        phrases = []
        for text in entry.texts("phrases"):
            phrase = tuple(folded_words(text))
            if not phrase:
                raise entry.fail("phrases", f"{text!r} has no words")
            phrases.append(phrase)
        found.append(
            OutOfScopeEntry(
                key=entry.text("key"),
                topic=entry.text("topic"),
                authority=" ".join(entry.text("authority").split()),
                note=" ".join(entry.text("note", required=False).split()),
                unverified=bool(item.get("unverified", False)),
                phrases=tuple(phrases),
                paper=bool(item.get("paper", False)),
            )
        )
    return tuple(found)


@cache
def shipped_out_of_scope() -> tuple[OutOfScopeEntry, ...]:
    return read_out_of_scope(SHIPPED_OUT_OF_SCOPE)
