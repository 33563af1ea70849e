"""Vietnamese search over the procedure catalogue (see engine.py)."""

from bot.search.engine import Hit, OutcomeKind, ProcedureSearch, Query, SearchOutcome, SearchResult
from bot.search.index import index_row, load_catalogue
from bot.search.out_of_scope import OutOfScopeEntry

__all__ = [
    "Hit",
    "OutOfScopeEntry",
    "OutcomeKind",
    "ProcedureSearch",
    "Query",
    "SearchOutcome",
    "SearchResult",
    "index_row",
    "load_catalogue",
]
