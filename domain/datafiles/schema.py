"""What the data files' schemas share: the field types, and a refused value named by file, line
and field.

Each file type declares pydantic models (plan.py, procedures.py, complaint_rules.py). A
`DataFile` validates its YAML (or a CSV row) against them and maps the first error's `loc` back
through the LineDicts of yaml_lines to the line at fault; the checks a schema cannot express
(references between entries, the plan's period) use the same `refuse(loc, problem)`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Strict, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from domain.datafiles.yaml_lines import DataFileError, LineDict

Loc = Sequence[str | int]
M = TypeVar("M", bound=BaseModel)


class Schema(BaseModel):
    """One mapping of a data file. Keys it does not declare are ignored unless it forbids them.

    A field's description, when it has one, is the problem reported for any error of the field.
    """

    model_config = ConfigDict(frozen=True)


class ClosedSchema(Schema):
    """A mapping whose unknown keys are refused: a typo would otherwise drop a field silently."""

    model_config = ConfigDict(extra="forbid")


# Field types ----------------------------------------------------------------------------------
def _plain(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("must be text")
    return " ".join(str(value).split())


def _text(value: object) -> str:
    if value is None:
        raise ValueError("is missing")
    text = _plain(value)
    if not text:
        raise ValueError("is empty")
    return text


def _optional_text(value: object) -> str:
    return "" if value is None else _plain(value)


def _codes(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError("must be a list")
    if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value):
        raise ValueError("must be a list of codes")
    return tuple(str(v) for v in value)


def _lines(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError("must be a list")
    try:
        return tuple(text for text in map(_plain, value) if text)
    except ValueError:
        raise ValueError("must be a list of texts") from None


def matches(pattern: str, problem: str) -> AfterValidator:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(problem)
        return value

    return AfterValidator(check)


def within(low: float, high: float, problem: str) -> AfterValidator:
    def check(value: float) -> float:
        if not low <= value <= high:
            raise ValueError(problem)
        return value

    return AfterValidator(check)


def web_address(value: str) -> str:
    if value and not value.startswith(("https://", "http://")):
        raise ValueError("must be a web address starting with https://")
    return value


Text = Annotated[str, BeforeValidator(_text)]  # collapsed whitespace, not empty
OptionalText = Annotated[str, BeforeValidator(_optional_text)]  # "" when absent
Codes = Annotated[tuple[str, ...], BeforeValidator(_codes)]  # [2.3a, 1.1b]: as texts
Lines = Annotated[tuple[str, ...], BeforeValidator(_lines)]  # texts, blank ones left out
Whole = Annotated[int, Strict()]  # 5, not "5", 5.0 or true
Number = Annotated[float, Strict()]  # 5 or 5.5
Flag = Annotated[bool, Strict()]  # true or false
Day = Annotated[date, Strict()]  # written YYYY-MM-DD, unquoted

# Today's words for pydantic's error types (a validator's own words come first).
_PROBLEMS = {
    "missing": "is missing",
    "model_type": "must be a mapping of fields",
    "dict_type": "must be a mapping of fields",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
    "too_short": "is empty",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "date_type": "must be a date written YYYY-MM-DD",
    "string_type": "must be text",
}


# Errors ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DataFile:
    """A parsed data file (or one CSV row, `where` naming it) and where each value came from."""

    path: Path
    data: Any
    where: str = "file"

    def validate(self, schema: type[M]) -> M:
        try:
            return schema.model_validate(self.data)
        except ValidationError as error:
            raise self._refused(schema, error) from None

    def refuse(self, loc: Loc, problem: str) -> DataFileError:
        return DataFileError(self.path, self.line(loc), self.field(loc), problem)

    def line(self, loc: Loc) -> int | None:
        """The line of the deepest key or list item of `loc` the file has."""
        node = self.data
        line = node.line if isinstance(node, LineDict) else 1
        for part in loc:
            if isinstance(node, LineDict) and isinstance(part, str):
                line, node = node.line_of(part), node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
                line = node.line if isinstance(node, LineDict) else line
            else:
                break
        return line

    def field(self, loc: Loc) -> str:
        """("tasks", 3, "lead") -> "tasks[3].lead"; a key of the file itself is "file.<key>"."""
        name = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)
        if self.where == "file" and len(loc) > 1:
            return name.lstrip(".")
        return self.where + name

    def _refused(self, schema: type[BaseModel], error: ValidationError) -> DataFileError:
        # An unknown key first: "documnets:" also makes "documents" missing.
        errors = sorted(error.errors(), key=lambda e: e["type"] != "extra_forbidden")
        first = errors[0]
        return self.refuse(first["loc"], _problem(schema, first))


def _problem(schema: type[BaseModel], error: ErrorDetails) -> str:
    owner, info = _field_at(schema, error["loc"])
    kind = error["type"]
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if info is not None and info.description:
        return info.description
    if kind == "extra_forbidden":
        known = ", ".join(sorted(owner.model_fields)) if owner else ""
        return f"unknown field (known: {known})"
    if kind == "literal_error":
        choices = _choices(info.annotation) if info else ()
        allowed = ", ".join(choices) or str(error.get("ctx", {}).get("expected"))
        return f"must be one of {allowed} (got {error['input']!r})"
    return _PROBLEMS.get(kind, error["msg"])


def _field_at(schema: type[BaseModel], loc: Loc) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model that holds the field at `loc`, and the field (None for an unknown key)."""
    owner: type[BaseModel] | None = schema
    info: FieldInfo | None = None
    for depth, part in enumerate(loc):
        if isinstance(part, int):
            continue
        if owner is None or part not in owner.model_fields:
            return owner, None
        info = owner.model_fields[part]
        if depth < len(loc) - 1:
            owner = _model_in(info.annotation)
    return owner, info


def _choices(annotation: Any) -> tuple[str, ...]:
    if get_origin(annotation) is Literal:
        return tuple(map(str, get_args(annotation)))
    return next(filter(None, map(_choices, get_args(annotation))), ())


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None
