"""Vietnamese search over the procedure catalogue (see engine.py)."""

from bot.search.engine import Hit, ProcedureSearch, Query, SearchResult
from bot.search.index import index_row, load_catalogue

__all__ = ["Hit", "ProcedureSearch", "Query", "SearchResult", "index_row", "load_catalogue"]
