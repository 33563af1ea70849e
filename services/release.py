"""Giving back the memory a chart or a report file used once it is made.

A matplotlib figure and a python-docx or openpyxl document are graphs of objects with
reference cycles: they are freed only when the cyclic collector next runs a full pass, which in
a bot that mostly allocates little may be many charts later, so each chart or report left its
garbage (about 2 MB a chart) on top of the last one's. Collected at once, and the C heap's free
pages handed back to the system (glibc's malloc_trim), the next chart or report reuses that
memory instead of growing the process (bench d: peak memory).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None on a C library without it (musl, macOS)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


M_ARENA_MAX = -8  # mallopt's parameter number (glibc malloc.h)
ARENAS = 1  # one arena: the threads here are few and short (a chart, a report, a backup)


def share_arenas() -> None:
    """Let worker threads (a chart or a report file made off the event loop) allocate from
    at most ARENAS malloc arenas. Each new thread would otherwise get an arena of its own and
    grow the process by what it used there, although the main arena has that much free (after
    the search index is built, for one); shared, their temporaries reuse that memory. Called at
    start, before any thread exists; nothing on a C library without mallopt."""
    name = ctypes.util.find_library("c")
    if name is None:
        return
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    mallopt(M_ARENA_MAX, ARENAS)


def release() -> None:
    """Collect the garbage now and return the free C heap to the system."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def released(make: Callable[P, R]) -> Callable[P, R]:
    """`make` (a chart, a report file), then `release()` once its temporaries are garbage."""

    @functools.wraps(make)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return make(*args, **kwargs)
        finally:
            release()

    return wrapper
