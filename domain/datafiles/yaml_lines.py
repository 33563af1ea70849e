"""Read YAML keeping line numbers, so that a refused data file names the line at fault."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml


class DataFileError(Exception):
    """A data file is malformed. The message names the file, the line and the field."""

    def __init__(self, path: Path | str, line: int | None, field: str, problem: str) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {field}: {problem}")
        self.path, self.line, self.field, self.problem = str(path), line, field, problem


class LineDict(dict[str, Any]):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser when PyYAML was built with it (its wheels are): the shipped catalogue and plan
# load five times faster at start. The constructors, and so the line numbers, stay Python's.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    pass


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    yield data
    data.update({str(k): v for k, v in loader.construct_mapping(node).items()})


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors become DataFileError with the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, None, "file", "not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(path, None, "file", f"cannot be read ({error})") from None
    try:
        return yaml.load(unicodedata.normalize("NFC", text), Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else None
        raise DataFileError(path, line, "syntax", str(error.problem or error)) from None
    except yaml.YAMLError as error:
        raise DataFileError(path, None, "syntax", str(error)) from None


class Fields:
    """Typed access to one mapping of a data file, failing with the file, line and field.

    Left for bot/search/synonyms.py; the plan, the catalogue and the complaint rules declare
    pydantic schemas instead (schema.py).
    """

    def __init__(self, path: Path, mapping: object, where: str, line: int = 0) -> None:
        if not isinstance(mapping, LineDict):
            raise DataFileError(path, line or None, where, "must be a mapping of fields")
        self.path, self.mapping, self.where = path, mapping, where

    def fail(self, key: str, problem: str) -> DataFileError:
        return DataFileError(self.path, self.mapping.line_of(key), f"{self.where}.{key}", problem)

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.mapping.get(key)
        if value is None:
            if required:
                raise self.fail(key, "is missing")
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(key, "must be text")
        text = " ".join(str(value).split())
        if required and not text:
            raise self.fail(key, "is empty")
        return text

    def integer(self, key: str, *, required: bool = True) -> int | None:
        value = self.mapping.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "must be a whole number")
        return value

    def number(self, key: str, *, required: bool = True) -> float | None:
        value = self.mapping.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, "must be a number")
        return float(value)

    def flag(self, key: str) -> bool:
        value = self.mapping.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def choice(self, key: str, allowed: tuple[str, ...], *, required: bool = True) -> str | None:
        value = self.mapping.get(key)
        if value is None and not required:
            return None
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)} (got {value!r})")
        return str(value)

    def items(self, key: str, *, required: bool = True) -> list[Any]:
        value = self.mapping.get(key)
        if value is None:
            if required:
                raise self.fail(key, "is missing")
            return []
        if not isinstance(value, list):
            raise self.fail(key, "must be a list")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.items(key, required=False)
        if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
            raise self.fail(key, "must be a list of codes")
        return tuple(str(v) for v in values)
