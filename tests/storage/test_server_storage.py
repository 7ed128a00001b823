"""A jukidesk database on PostgreSQL (issue 19): the same models and Alembic migrations, the
demo reproducing every 資料2 figure, an import of 19 books, a backup and a check there.

Run against the throw-away cluster of ``JUKIDESK_TEST_DB`` (``.ci/run`` starts one); skipped
without it, except the URL rules, which need no server."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from sqlalchemy import select, text

from jukidesk.base.errors import DatabaseError
from jukidesk.cli import main
from jukidesk.storage.adapter import PostgresStorage, SqliteFileStorage, storage_for
from jukidesk.storage.database import open_database
from jukidesk.storage.server import ServerLocation, parse_server_url

# -- the URL ---------------------------------------------------------------------------------


def test_a_server_url_selects_the_postgresql_adapter_and_a_path_the_file():
    server = storage_for("postgresql+psycopg://clerk@dbserver:5433/jukidesk")
    assert isinstance(server, PostgresStorage)
    assert server.display == "サーバー clerk@dbserver:5433 のデータベース jukidesk"
    assert isinstance(storage_for("postgresql://clerk@dbserver/jukidesk").location, ServerLocation)  # driver added
    assert str(storage_for("postgres://clerk@dbserver/j").location).startswith("postgresql+psycopg://")
    assert isinstance(storage_for("C:/data/audit.sqlite"), SqliteFileStorage)
    assert isinstance(storage_for("sqlite-notes/postgresql.sqlite"), SqliteFileStorage)


@pytest.mark.parametrize("url", ["postgresql+psycopg://clerk:secret@dbserver/jukidesk", "postgresql://clerk@dbserver/j?password=secret"])
def test_a_password_in_the_url_is_refused_and_never_shown(url, capsys):
    with pytest.raises(DatabaseError, match="pgpass") as refused:
        parse_server_url(url)
    assert "secret" not in str(refused.value)
    with pytest.raises(SystemExit) as usage:
        main(["check", "--db", url])
    assert usage.value.code == 2
    err = capsys.readouterr().err
    assert "パスワード" in err and "secret" not in err


def test_a_socket_host_shows_as_the_server():
    location = parse_server_url("postgresql+psycopg:///jukidesk?host=/run/postgresql")
    assert location.display == "サーバー /run/postgresql のデータベース jukidesk"
    assert location.libpq_url().startswith("postgresql:///jukidesk?host=")


# -- on the server ---------------------------------------------------------------------------


def _years(session) -> list[int]:
    from jukidesk.storage.models import Checklist

    return sorted(set(session.scalars(select(Checklist.fy))))


def test_the_demo_written_through_alembic_reproduces_every_shiryo2_figure(server_demo_template, demo_template):
    """Every year's 資料2 of the demo, built on PostgreSQL, equals the one built on the
    SQLite file (the seed's FY2013 figures are checked word for word on SQLite by
    tests/reports/test_shiryo2_years.py)."""
    from jukidesk.reports.issued import document_json
    from jukidesk.reports.shiryo2 import build_shiryo2

    with open_database(server_demo_template, create=False) as server, open_database(demo_template, create=False) as file:
        assert server.is_server and not file.is_server
        with server.session() as on_server, file.session() as on_file:
            years = _years(on_file)
            assert _years(on_server) == years and 2013 in years
            for fy in years + [years[-1] + 1]:
                assert document_json(build_shiryo2(on_server, fy)) == document_json(build_shiryo2(on_file, fy)), fy
            from tests.reports.test_shiryo2_years import SEED_PLAN, SEED_PROGRESS, paragraphs

            _overview, _method, progress, plan = build_shiryo2(on_server, 2013).sections
            assert paragraphs(progress) == SEED_PROGRESS and paragraphs(plan) == SEED_PLAN  # the seed, word for word
            from jukidesk.core.summary import summaries

            assert summaries(on_server, years) == summaries(on_file, years)
        with server.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head()


def _head() -> str:
    from jukidesk.storage.revisions import head_revision

    return head_revision()


def test_cli_summary_is_the_same_on_the_server_and_in_the_file(server_demo, demo_template, capsys):
    assert main(["summary", "--db", str(server_demo), "--fy", "2013", "--json"]) == 0
    on_server = capsys.readouterr().out
    assert main(["summary", "--db", str(demo_template), "--fy", "2013", "--json"]) == 0
    assert capsys.readouterr().out == on_server


def test_nineteen_books_imported_then_a_backup_and_a_check(server_demo, tmp_path, capsys):
    from jukidesk.core.year_progress import returned_institutions
    from jukidesk.exchange.distribution import distribute_workbooks, import_returned
    from jukidesk.storage.models import ImportedFile
    from tests.exchange.test_distribution import fill

    with open_database(server_demo, create=False) as db:
        with db.transaction() as session:
            sent = distribute_workbooks(session, 2014, tmp_path / "out")
        assert len(sent) == 19
        folder = tmp_path / "returned"
        folder.mkdir()
        for path in sent:
            fill(shutil.copy(path, folder / path.name))
        with db.transaction() as session:
            outcome = import_returned(session, [folder], fy=2014)
        assert len(outcome.imported) == 19 and not outcome.rejected
        with db.session() as session:
            assert len(session.scalars(select(ImportedFile)).all()) == 19
            assert len(returned_institutions(session, 2014)) == 19

    assert main(["check", "--db", str(server_demo)]) == 0
    out = capsys.readouterr().out
    assert "問題は見つかりませんでした" in out and "PostgreSQL" in out and "最新" in out

    if shutil.which("pg_dump") is None:
        assert main(["backup", "--db", str(server_demo)]) == 1
        assert "サーバー側のバックアップ" in capsys.readouterr().err
        return
    dump = tmp_path / "server.dump"
    assert main(["backup", "--db", str(server_demo), "--out", str(dump)]) == 0
    assert dump.stat().st_size > 0 and str(dump) in capsys.readouterr().out
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True)
    if listing.returncode == 0:  # pg_restore reads it back: the answers and the change log are in it
        assert "TABLE DATA public answer" in listing.stdout and "TABLE DATA public change_log" in listing.stdout


def test_backup_without_pg_dump_says_the_servers_backups_apply(server, monkeypatch, capsys):
    from jukidesk.storage import server as server_module

    monkeypatch.setattr(server_module, "pg_dump_program", lambda: None)
    main(["new", "--db", str(server), "--organisation", "テスト県"])
    capsys.readouterr()
    assert main(["backup", "--db", str(server)]) == 1
    assert "サーバー側のバックアップ" in capsys.readouterr().err


def test_check_finds_a_tampered_attachment_and_an_orphan_row(server_demo, capsys):
    from jukidesk.storage.server import make_server_engine

    with open_database(server_demo, create=False) as db:
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO attachment (owner_type, owner_id, description, file_name, size, sha256, added_at, added_by) "
                    "VALUES ('audit', 1, '', '写真.png', 3, :digest, now(), 'test') RETURNING id"
                ),
                {"digest": "0" * 64},
            )
            attachment_id = connection.execute(text("SELECT max(id) FROM attachment")).scalar()
            connection.execute(text("INSERT INTO attachment_content (attachment_id, data) VALUES (:id, :data)"), {"id": attachment_id, "data": b"abc"})
    engine = make_server_engine(server_demo)
    with engine.begin() as connection:  # as a restore with triggers off could leave it
        connection.execute(text("SET session_replication_role = replica"))
        connection.execute(text("INSERT INTO answer (checklist_id, item_id, not_applicable, remark, status, updated_at) VALUES (999999, 1, false, '', 'answered', now())"))
    engine.dispose()
    assert main(["check", "--db", str(server_demo)]) == 1
    out = capsys.readouterr().out
    assert "写真.png" in out and "一致しません" in out
    assert "answer" in out and "存在しない checklist" in out


def test_the_change_log_and_issued_papers_are_append_only_on_the_server(server_demo):
    from sqlalchemy.exc import DBAPIError

    with open_database(server_demo, create=False) as db:
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM change_log")).scalar() > 0
            connection.rollback()
            for statement in ("UPDATE change_log SET os_user = 'x'", "DELETE FROM change_log"):
                with pytest.raises(DBAPIError, match="append-only"):
                    with connection.begin():
                        connection.execute(text(statement))
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM change_log WHERE os_user = 'x'")).scalar() == 0


def test_an_empty_server_database_is_not_opened_by_a_command_but_by_new(server, capsys):
    assert main(["summary", "--db", str(server), "--fy", "2013"]) == 1
    assert "jukidesk new" in capsys.readouterr().err
    assert main(["new", "--db", str(server), "--organisation", "テスト県"]) == 0
    assert main(["summary", "--db", str(server), "--fy", "2013"]) == 0
    assert main(["new", "--db", str(server), "--organisation", "テスト県"]) == 1
    assert "既に" in capsys.readouterr().err


def test_an_unreachable_server_is_a_japanese_message(capsys):
    url = "postgresql+psycopg://clerk@/jukidesk?host=/nonexistent-socket-dir"
    assert main(["summary", "--db", url, "--fy", "2013"]) == 1
    err = capsys.readouterr().err
    assert "サーバー" in err and "jukidesk" in err and "Traceback" not in err
