"""Shared fixtures: real SQLite files in temporary folders, the demo built once per run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The Nagano demo written once; tests get copies so none sees another's changes."""
    from jukidesk.demo.builder import write_demo

    return write_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite")


@pytest.fixture
def demo_path(demo_template, tmp_path) -> Path:
    target = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, target)
    return target


@pytest.fixture
def demo_db(demo_path):
    from jukidesk.storage.database import open_database

    db = open_database(demo_path)
    yield db
    db.close()


@pytest.fixture
def empty_db(tmp_path):
    from jukidesk.storage.database import open_database

    db = open_database(tmp_path / "empty.sqlite")
    yield db
    db.close()


@pytest.fixture
def artifacts() -> Path:
    """Folder for screenshots and rendered pages a person looks at (kept after the run)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def sql_dump(path: Path) -> str:
    """Every row of the file, for 'nothing changed' assertions."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


POPPLER_TOOLS = {"pdftotext", "pdftoppm", "pdffonts", "pdfinfo"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """A test that reads a PDF back with poppler-utils is skipped with the package to install
    when the tools are missing (instead of failing with FileNotFoundError)."""
    outcome = yield
    error = outcome.excinfo[1] if outcome.excinfo else None
    if isinstance(error, FileNotFoundError) and error.filename in POPPLER_TOOLS:
        outcome.force_exception(
            pytest.skip.Exception(f"{error.filename} がありません: poppler-utils を入れてください（apt-get install poppler-utils）")
        )
