"""SQLite file vs PostgreSQL server, side by side (issue 19): the summary of every year, 資料2,
the import of filled workbooks, on the benchmark generator's data.

    python tests/benchmarks/server_compare.py --pg "postgresql+psycopg://jukidesk@/postgres?host=/tmp/pg"
    python tests/benchmarks/server_compare.py --quick --pg …      # 200 institutions, 50 books

``--pg`` names a database on a cluster whose user may create databases: a fresh database
``jukidesk_bench_…`` is made there, migrated through Alembic by jukidesk, filled with the
generated file's rows (COPY) and dropped at the end. Prints one line per measurement:
``NAME sqlite=SECONDS postgresql=SECONDS ratio=PG/SQLITE``. The figures computed on both
engines are compared (they must be equal).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from run import DATA, FULL, QUICK, fiscal_years, large_database, log, median  # noqa: E402


def copy_to_server(source: Path, base_url: str) -> str:
    """A new server database with the rows of the SQLite file ``source``; returns its URL."""
    from sqlalchemy import create_engine, text

    from jukidesk.storage import schema
    from jukidesk.storage.database import open_database
    from jukidesk.storage.server import parse_server_url

    base = parse_server_url(base_url)
    name = f"jukidesk_bench_{source.stem.replace('-', '_')}"
    admin = create_engine(base.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    location = base.url.set(database=name)
    open_database(str(location.render_as_string(hide_password=False))).close()  # Alembic: schema at head

    import psycopg

    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    started = time.perf_counter()
    with psycopg.connect(location.set(drivername="postgresql").render_as_string(hide_password=False)) as pg:
        with pg.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")  # no FK checks / triggers while copying
            tables = [t for t in schema.Base.metadata.sorted_tables if t.name != "alembic_version"]
            for table in reversed(tables):
                cursor.execute(f'DELETE FROM "{table.name}"')
            for table in tables:
                columns = [c.name for c in table.columns]
                quoted = ", ".join(f'"{c}"' for c in columns)
                booleans = {i for i, c in enumerate(table.columns) if _is_bool(c)}
                rows = src.execute(f'SELECT {quoted} FROM "{table.name}"')
                count = 0
                with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                    for row in rows:
                        if booleans:
                            row = tuple(bool(v) if i in booleans and v is not None else v for i, v in enumerate(row))
                        copy.write_row(row)
                        count += 1
                if "id" in columns and count:
                    cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), (SELECT max(id) FROM \"{table.name}\"))")
            cursor.execute("SET session_replication_role = origin")
            cursor.execute("ANALYZE")
        pg.commit()
    src.close()
    log(f"copied {source.name} to the server in {time.perf_counter() - started:.1f} s")
    return location.render_as_string(hide_password=False)


def _is_bool(column) -> bool:
    try:
        return column.type.python_type is bool
    except NotImplementedError:
        return False


def drop_server_database(base_url: str, url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from jukidesk.storage.server import parse_server_url

    admin = create_engine(parse_server_url(base_url).url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def timed(work, runs: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - started)
    return median(times), value


def bench_summary(target, years: list[int], runs: int):
    from jukidesk.core.summary import summaries
    from jukidesk.storage.database import open_database

    db = open_database(target, create=False)
    try:
        with db.session() as session:
            summaries(session, years[-1:])  # warm-up
            return timed(lambda: summaries(session, years), runs)
    finally:
        db.close()


def bench_shiryo2(target, fy: int, runs: int):
    from jukidesk.reports.issued import document_json
    from jukidesk.reports.shiryo2 import build_shiryo2
    from jukidesk.storage.database import open_database

    db = open_database(target, create=False)
    try:
        with db.session() as session:
            return timed(lambda: document_json(build_shiryo2(session, fy)), runs)
    finally:
        db.close()


def bench_import(target, fy: int, files: list[Path], institution_ids: list[int]) -> float:
    """Remove the institutions' checklists of ``fy``, then import the books (one transaction)."""
    from sqlalchemy import delete, select

    from jukidesk.exchange.checklist_xlsx import apply_import, plan_import
    from jukidesk.storage.database import open_database
    from jukidesk.storage.models import Checklist

    db = open_database(target, create=False)
    try:
        with db.engine.begin() as connection:  # raw delete: the benchmark's preparation, not history
            connection.execute(
                delete(Checklist.__table__).where(Checklist.fy == fy, Checklist.kind == "self", Checklist.institution_id.in_(institution_ids))
            )
        started = time.perf_counter()
        with db.transaction() as session:
            plan = plan_import(session, files, fy=fy, kind="self")
            if not plan.ok:
                raise AssertionError("\n".join(str(p) for p in plan.errors[:10]))
            apply_import(session, plan)
        elapsed = time.perf_counter() - started
        with db.session() as session:
            complete = session.scalars(
                select(Checklist.id).where(Checklist.fy == fy, Checklist.kind == "self", Checklist.status == "complete",
                                           Checklist.institution_id.in_(institution_ids))
            ).all()
        if len(complete) != len(institution_ids):
            raise AssertionError("import left checklists incomplete")
        return elapsed
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", required=True, help="a database URL on a cluster whose user may create databases")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--books", type=int, help="books to import (default: the size's)")
    parser.add_argument("--keep", action="store_true", help="keep the server database")
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    books = args.books or size.workbooks
    large = large_database(size)
    years = fiscal_years(large)
    from import_floor import _copy_database, prepare_workbooks

    # Before the copy: the books carry the file's workbook key, which the server copy then shares.
    files, institution_ids = prepare_workbooks(large, years[-1], books, DATA)
    url = copy_to_server(large, args.pg)
    lines = []
    try:
        for name, work in (
            ("summary_20_years", lambda t: bench_summary(t, years, 3)),
            ("shiryo2_document", lambda t: bench_shiryo2(t, years[-1], 3)),
        ):
            (file_time, file_value), (server_time, server_value) = work(large), work(url)
            if file_value != server_value:
                raise AssertionError(f"{name}: the figures differ between SQLite and PostgreSQL")
            lines.append((name, file_time, server_time, "same figures"))
        with tempfile.TemporaryDirectory() as workdir:
            copy = Path(workdir) / "import-target.sqlite"
            _copy_database(large, copy)
            file_time = bench_import(copy, years[-1], files, institution_ids)
        server_time = bench_import(url, years[-1], files, institution_ids)
        lines.append((f"import_{len(files)}_books", file_time, server_time, "one transaction"))
    finally:
        if not args.keep:
            drop_server_database(args.pg, url)
    for name, file_time, server_time, note in lines:
        print(f"{name} sqlite={file_time:.3f} postgresql={server_time:.3f} ratio={server_time / file_time:.2f}  # {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
