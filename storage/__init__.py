"""The data layer: every line of SQL in the project lives under this package."""

from storage.db import Database
from storage.store import Store

__all__ = ["Database", "Store"]
