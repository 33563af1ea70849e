"""The units file (CCHC_UNITS_FILE): the wards and communes one deployment serves, a bot each.

```yaml
units:
  - code: kien-hung            # a-z, 0-9 and -, as in its folder and its webhook path
    name: phường Kiến Hưng     # what its bot calls the ward (greeting, reports, digest)
    token: "123456:AA..."      # its bot's token from @BotFather
    plan: plans/kien-hung.yaml # loaded on its bot's first start
    admins: [111111111]        # Telegram user ids of its administrators
    catalogue: procedures/kien-hung.yaml  # optional: procedures over the shared catalogue
```

Paths are read from the file's own folder. A refused file names the file, line and field, and
never shows a token.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field, Strict

from domain.datafiles.schema import ClosedSchema, DataFile, OptionalText, Text, matches
from domain.datafiles.yaml_lines import DataFileError, load_yaml

CODE_PATTERN = r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?"
TOKEN_PATTERN = r"\d{1,20}:[A-Za-z0-9_-]{5,}"
CODE_PROBLEM = "must be 1 to 40 of a-z, 0-9 and - (not at the ends), such as kien-hung"
TOKEN_PROBLEM = "does not look like a bot token from @BotFather (digits:letters)"


def _id_list(value: object) -> object:
    return [] if value is None else value


class UnitEntry(ClosedSchema):
    code: Annotated[Text, matches(CODE_PATTERN, CODE_PROBLEM)]
    name: Text
    token: Annotated[Text, matches(TOKEN_PATTERN, TOKEN_PROBLEM)]
    plan: Text
    admins: Annotated[
        tuple[Annotated[int, Strict(), Field(ge=1)], ...], BeforeValidator(_id_list)
    ] = Field(description="must be a list of Telegram user ids (whole numbers)")
    catalogue: OptionalText = ""


class UnitsFile(ClosedSchema):
    units: tuple[UnitEntry, ...]


def masked(token: str) -> str:
    """A token as it may be shown: the bot's id (public: it is in the bot's links) and no more."""
    bot_id, _, rest = token.partition(":")
    return f"{bot_id}:…{'*' * 4}" if rest else "****"


@dataclass(frozen=True)
class Unit:
    """One ward or commune of the deployment, as its bot needs it."""

    code: str
    name: str
    token: str = field(repr=False)
    plan: Path
    admins: frozenset[int]
    catalogue: Path | None = None

    @property
    def shown_token(self) -> str:
        return masked(self.token)


def read_units(path: Path) -> tuple[Unit, ...]:
    """Parse a units file; a malformed one is refused with its line (never with a token)."""
    source = DataFile(path, load_yaml(path))
    if source.data is None:  # an empty file: no unit yet
        return ()
    parsed = source.validate(UnitsFile)
    base = path.parent
    units: list[Unit] = []
    for i, entry in enumerate(parsed.units):
        for before in units:
            if before.code == entry.code:
                raise source.refuse(("units", i, "code"), f"{entry.code} appears twice")
            if before.token == entry.token:
                raise source.refuse(
                    ("units", i, "token"), f"is the token of unit {before.code} too"
                )
        units.append(
            Unit(
                code=entry.code,
                name=entry.name,
                token=entry.token,
                plan=base / entry.plan,
                admins=frozenset(entry.admins),
                catalogue=base / entry.catalogue if entry.catalogue else None,
            )
        )
    return tuple(units)


def unit_entry_yaml(unit: Unit, base: Path) -> str:
    """The lines `units add` appends under `units:` (paths relative to the file when they can)."""

    def shown(path: Path) -> str:
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            return str(path.resolve())

    lines = [
        f"  - code: {unit.code}",
        f"    name: {_quoted(unit.name)}",
        f"    token: {_quoted(unit.token)}",
        f"    plan: {_quoted(shown(unit.plan))}",
        f"    admins: [{', '.join(str(a) for a in sorted(unit.admins))}]",
    ]
    if unit.catalogue is not None:
        lines.append(f"    catalogue: {_quoted(shown(unit.catalogue))}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def check_code(code: str) -> bool:
    return re.fullmatch(CODE_PATTERN, code) is not None


def check_token(token: str) -> bool:
    return re.fullmatch(TOKEN_PATTERN, token) is not None


__all__ = [
    "DataFileError",
    "Unit",
    "check_code",
    "check_token",
    "masked",
    "read_units",
    "unit_entry_yaml",
]
