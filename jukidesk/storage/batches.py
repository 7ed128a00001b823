"""Long ``IN (…)`` lists cut into batches: a statement has at most a few hundred bound values
on every engine jukidesk runs on (SQLite's limit was 999 before 3.32), so a lookup of
thousands of keys runs as several queries of ``VALUES_PER_QUERY`` each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

VALUES_PER_QUERY = 500


def in_batches(values: Iterable) -> Iterator[list]:
    """``values`` without repeats, sorted, ``VALUES_PER_QUERY`` at a time (for ``column.in_``)."""
    ordered = sorted(set(values))
    for start in range(0, len(ordered), VALUES_PER_QUERY):
        yield ordered[start : start + VALUES_PER_QUERY]
