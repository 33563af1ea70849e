"""What loading a catalogue file would do to the loaded one: added, changed, removed (audit A2).

A file that holds only some procedures (a few rows exported from Excel) updates those and keeps
the others; only `--replace` removes the procedures the file leaves out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from domain.procedures import Catalogue, Procedure


@dataclass(frozen=True)
class CatalogueChange:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]  # left out of the file: removed with `replace`, else kept
    kept: tuple[str, ...]  # left out of the file and kept (without `replace`)
    catalogue: Catalogue  # what will be stored

    @property
    def nothing(self) -> bool:
        return not (self.added or self.changed or self.removed)


def catalogue_change(
    loaded: list[Procedure], loaded_checked: date | None, incoming: Catalogue, replace_all: bool
) -> CatalogueChange:
    """The change `incoming` makes to the `loaded` procedures (empty when none is loaded);
    kept procedures keep their older check date, so the catalogue's date stays the oldest."""
    before = {p.code: p for p in loaded}
    after = {p.code: p for p in incoming.procedures}
    added = tuple(code for code in after if code not in before)
    changed = tuple(code for code in after if code in before and before[code] != after[code])
    missing = tuple(code for code in before if code not in after)
    if replace_all or not missing:
        return CatalogueChange(added, changed, missing, (), incoming)
    # Keep the catalogue's order: the file's version where it has one, new ones at the end.
    merged = tuple(after.get(p.code, p) for p in loaded) + tuple(after[c] for c in added)
    checked = min(incoming.checked, loaded_checked or incoming.checked)
    catalogue = replace(incoming, procedures=merged, checked=checked)
    digest = hashlib.sha256(repr(replace(catalogue, content_hash="")).encode("utf-8")).hexdigest()
    return CatalogueChange(added, changed, (), missing, replace(catalogue, content_hash=digest))
