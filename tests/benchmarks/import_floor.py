"""The import benchmark: filled checklist workbooks into the large database, against openpyxl
only reading the same files.

* ``prepare_workbooks`` exports the completed self-inspection checklists of the last year for
  the first N institutions with jukidesk's own exporter (``core.checklists.load_sheet`` and
  ``exchange.checklist_xlsx.build_workbook``), so the files are filled exactly as an
  institution would send them back. They are kept in ``data/`` and reused.
* ``import_once`` copies the large database, deletes those checklists from the copy (their
  answers go with them), and times what ``jukidesk checklist import`` does: open the file,
  check every workbook (``plan_import``), write them (``apply_import``) and commit — one
  transaction. It then checks that every checklist came back complete.
* ``read_only_floor`` times ``openpyxl.load_workbook`` in the same mode jukidesk uses
  (``exchange.safe_xlsx``: not read-only, formulas kept) reading every cell of every sheet.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path

KIND = "self"


def prepare_workbooks(large: Path, fy: int, count: int, data_dir: Path) -> tuple[list[Path], list[int]]:
    folder = data_dir / f"workbooks-{large.stem}-fy{fy}-n{count}"
    marker = folder / "ready.json"
    if marker.exists():
        info = json.loads(marker.read_text(encoding="utf-8"))
        return [folder / name for name in info["files"]], info["institution_ids"]
    from sqlalchemy import select

    from jukidesk.core.checklists import load_sheet
    from jukidesk.core.settings import load_settings
    from jukidesk.exchange.checklist_xlsx import build_workbook, ensure_workbook_key, workbook_name
    from jukidesk.storage.database import open_database
    from jukidesk.storage.models import Checklist, Institution

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = open_database(large, create=False)
    names, ids = [], []
    started = time.perf_counter()
    try:
        with db.session() as session:
            key = ensure_workbook_key(session)  # before the session reads: see its docstring
            settings = load_settings(session)
            rows = session.execute(
                select(Institution.id, Institution.short_name, Institution.name)
                .join(Checklist, Checklist.institution_id == Institution.id)
                .where(Checklist.fy == fy, Checklist.kind == KIND, Checklist.status == "complete")
                .order_by(Institution.id)
                .limit(count)
            ).all()
            if len(rows) < count:
                raise SystemExit(f"only {len(rows)} completed checklists in {fy}; need {count}")
            for institution_id, short_name, name in rows:
                sheet = load_sheet(session, fy, KIND, institution_id)
                target = folder / workbook_name(fy, KIND, short_name or name)
                build_workbook(sheet, settings, key=key).save(target)
                names.append(target.name)
                ids.append(institution_id)
    finally:
        db.close()
    marker.write_text(json.dumps({"files": names, "institution_ids": ids}, ensure_ascii=False), encoding="utf-8")
    print(f"# exported {count} workbooks in {time.perf_counter() - started:.0f} s", flush=True)
    return [folder / name for name in names], ids


def _copy_database(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=65536)
    finally:
        dst.close()
        src.close()


def import_once(large: Path, fy: int, files: list[Path], institution_ids: list[int], workdir: Path) -> float:
    from jukidesk.exchange.checklist_xlsx import apply_import, plan_import
    from jukidesk.storage.database import open_database

    copy = workdir / "import-target.sqlite"
    _copy_database(large, copy)
    con = sqlite3.connect(copy, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys=ON")
        marks = ",".join("?" * len(institution_ids))
        con.execute("BEGIN")
        con.execute(
            f"DELETE FROM checklist WHERE fy = ? AND kind = ? AND institution_id IN ({marks})",
            (fy, KIND, *institution_ids),
        )
        con.execute("COMMIT")
    finally:
        con.close()

    started = time.perf_counter()
    db = open_database(copy, create=False)
    try:
        with db.transaction() as session:
            plan = plan_import(session, files, fy=fy, kind=KIND)
            if not plan.ok:
                raise AssertionError("\n".join(str(p) for p in plan.errors[:10]))
            apply_import(session, plan)
    finally:
        db.close()
    elapsed = time.perf_counter() - started

    con = sqlite3.connect(copy)
    try:
        complete = con.execute(
            f"SELECT count(*) FROM checklist WHERE fy = ? AND kind = ? AND status = 'complete' "
            f"AND institution_id IN ({marks})",
            (fy, KIND, *institution_ids),
        ).fetchone()[0]
    finally:
        con.close()
    if complete != len(institution_ids):
        raise AssertionError(f"import left {len(institution_ids) - complete} checklists incomplete")
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    shutil.rmtree(workdir / "backups", ignore_errors=True)
    return elapsed


def read_only_floor(files: list[Path]) -> float:
    import openpyxl

    started = time.perf_counter()
    cells = 0
    for path in files:
        workbook = openpyxl.load_workbook(path, read_only=False, data_only=False, keep_vba=False, keep_links=False)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
        workbook.close()
    elapsed = time.perf_counter() - started
    if not cells:
        raise AssertionError("the floor read no cells")
    return elapsed
