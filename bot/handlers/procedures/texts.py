"""Words shared by the procedure screens."""

from __future__ import annotations

from domain.i18n import N_, Translator
from domain.text import clip

__all__ = ["UNVERIFIED_NAMES", "clip", "stale"]

UNVERIFIED_NAMES = {
    "documents": N_("documents"),
    "processing_time": N_("time limit"),
    "fee": N_("fee"),
    "online": N_("online submission"),
    "where": N_("where to submit"),
    "legal_basis": N_("legal basis"),
    "name": N_("name"),
}


def stale(t: Translator) -> str:
    return t._("This button is no longer valid. Type your question again.")
