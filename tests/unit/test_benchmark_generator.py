"""The benchmark generator (tests/benchmarks/generate.py) writes a valid, deterministic file.

The benchmarks themselves are not part of the normal run; their data generator is, in a tiny
size, because every benchmark figure depends on it."""

from __future__ import annotations

import sqlite3
import sys
from fractions import Fraction
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def generate():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from generate import generate as function
    finally:
        sys.path.remove(str(BENCHMARKS))
    return function


def rows(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return sorted(line for line in con.iterdump() if line.startswith("INSERT"))
    finally:
        con.close()


SIZE = dict(institutions=12, years=4, items=15, first_fy=2010, quiet=True)


def test_same_seed_same_rows_other_seed_other_rows(generate, tmp_path):
    a = generate(tmp_path / "a.sqlite", seed=3, **SIZE)
    generate(tmp_path / "b.sqlite", seed=3, **SIZE)
    generate(tmp_path / "c.sqlite", seed=4, **SIZE)
    assert rows(tmp_path / "a.sqlite") == rows(tmp_path / "b.sqlite")
    assert rows(tmp_path / "a.sqlite") != rows(tmp_path / "c.sqlite")
    assert a["answer"] == a["checklist"] * SIZE["items"]
    assert a["audit"] > 0


def test_generated_file_opens_and_its_figures_match_a_direct_computation(generate, tmp_path):
    from sqlalchemy import select

    from jukidesk.core.summary import summaries
    from jukidesk.storage.database import head_revision, open_database, stored_revision
    from jukidesk.storage.models import Answer, Audit, Checklist, Institution

    path = tmp_path / "g.sqlite"
    generate(path, seed=5, **SIZE)
    assert stored_revision(path) == head_revision()
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        per_checklist = con.execute(
            "SELECT c.fy, c.kind, group_concat(coalesce(a.score, 0)) FROM checklist c "
            "JOIN answer a ON a.checklist_id = c.id WHERE c.status = 'complete' GROUP BY c.id"
        ).fetchall()
    finally:
        con.close()
    expected: dict[tuple[int, str], list[Fraction]] = {}
    for fy, kind, scores in per_checklist:
        values = [int(s) for s in scores.split(",") if s != "0"]
        expected.setdefault((fy, kind), []).append(Fraction(sum(values), len(values)))

    db = open_database(path, create=False)
    try:
        with db.session() as session:
            # Every row loads through the ORM (dates and times are in SQLAlchemy's format).
            for model in (Institution, Checklist, Answer, Audit):
                assert session.scalars(select(model)).all()
            figures = summaries(session, range(2010, 2014))
    finally:
        db.close()
    assert expected
    for (fy, kind), scores in expected.items():
        assert figures[fy][kind].results == len(scores)
        assert figures[fy][kind].average == sum(scores) / len(scores)
    for fy in range(2010, 2014):
        assert figures[fy]["self"].results > 0
        assert any(figures[fy][kind].results for kind in ("internal", "external", "followup"))
