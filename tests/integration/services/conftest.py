"""Every use case here runs on SQLite and on PostgreSQL (`backend`, tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _on_each_backend(backend: str) -> str:
    return backend
