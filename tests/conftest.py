"""Shared fixtures: real SQLite files in temporary folders, the demo built once per run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(autouse=True)
def _error_reports_in_tmp(tmp_path_factory, monkeypatch):
    """Reports of unexpected errors (base.crash_report) go to a test folder, never the
    user's log folder."""
    monkeypatch.setenv("JUKIDESK_LOG_DIR", str(tmp_path_factory.getbasetemp() / "error-reports"))


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


# -- PostgreSQL (issue 19) -------------------------------------------------------------------
# ``JUKIDESK_TEST_DB`` = the URL of a database on a throw-away PostgreSQL cluster whose user may
# create databases (``.ci/run`` starts one on a Unix socket). Then ``demo_db`` and ``empty_db``
# are fresh databases on that server (copies of a demo database written there through
# Alembic once per run), so the storage, core, report and import tests run against it as
# well — except tests that also take ``demo_path`` (they read the SQLite file itself). The
# ``server`` fixture gives tests written for the server a fresh database of their own.
TEST_SERVER_URL = os.environ.get("JUKIDESK_TEST_DB", "")


class TestServer:
    """Fresh databases on the test cluster, dropped after the test."""

    def __init__(self, url: str):
        from jukidesk.storage.server import parse_server_url

        self.base = parse_server_url(url)
        self.created: list[str] = []

    def _admin(self):
        from sqlalchemy import create_engine

        return create_engine(self.base.url, isolation_level="AUTOCOMMIT")

    def location(self, name: str):
        from jukidesk.storage.server import ServerLocation

        return ServerLocation(self.base.url.set(database=name))

    def create(self, *, template: str | None = None, name: str | None = None):
        import uuid

        from sqlalchemy import text

        name = name or f"jt_{uuid.uuid4().hex[:12]}"
        engine = self._admin()
        try:
            with engine.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                connection.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        finally:
            engine.dispose()
        self.created.append(name)
        return self.location(name)

    def drop_all(self) -> None:
        from sqlalchemy import text

        engine = self._admin()
        try:
            with engine.connect() as connection:
                for name in self.created:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            engine.dispose()
        self.created.clear()


@pytest.fixture(scope="session")
def test_server():
    if not TEST_SERVER_URL:
        pytest.skip("JUKIDESK_TEST_DB が設定されていません（PostgreSQL のテスト用クラスタの URL）")
    server = TestServer(TEST_SERVER_URL)
    yield server
    server.drop_all()


@pytest.fixture(scope="session")
def server_demo_template(test_server):
    """The Nagano demo written once to the server through Alembic (a template database)."""
    from jukidesk.demo.builder import write_demo

    location = test_server.create(name=f"jt_demo_{os.getpid()}")
    write_demo(location)
    return location


@pytest.fixture
def server(test_server):
    """A fresh, empty database on the test server (its ``ServerLocation``)."""
    return test_server.create()


@pytest.fixture
def server_demo(test_server, server_demo_template):
    """A fresh copy of the demo database on the test server (its ``ServerLocation``)."""
    return test_server.create(template=server_demo_template.name)


# A test that reads the file itself (its path, SQLite, its backups folder or lock file) stays
# on SQLite; so does one marked ``file_only``.
_FILE_WORDS = ("demo_path", "_db.path", ".path)", "sqlite", "sql_dump", "list_backups", "lock_path", "backups_dir", "PRAGMA", "journal")


def _on_server(request) -> bool:
    if not TEST_SERVER_URL or request.node.get_closest_marker("file_only") is not None:
        return False
    if "demo_path" in request.node._fixtureinfo.argnames:
        return False
    import inspect

    try:
        source = inspect.getsource(request.function)
    except (OSError, TypeError):
        return False
    return not any(word in source for word in _FILE_WORDS)


@pytest.fixture
def demo_db(request, demo_template, tmp_path):
    from jukidesk.storage.database import open_database

    if _on_server(request):
        target = request.getfixturevalue("server_demo")
    else:
        target = request.getfixturevalue("demo_path")
    db = open_database(target)
    yield db
    db.close()


@pytest.fixture
def empty_db(request, tmp_path):
    from jukidesk.storage.database import open_database

    target = request.getfixturevalue("server") if _on_server(request) else tmp_path / "empty.sqlite"
    db = open_database(target)
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
