"""Bad days (issue 22), workbook side: forged and mislabelled returned books, checks the
plan must make before it says yes, and files in a folder that are not importable books.
Each test failed on the tree before the fix.

A forger here does what anyone with Excel and a hash tool can do: unprotect the sheets,
edit the hidden metadata and recompute an unkeyed SHA-256 of it."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest

from jukidesk.cli import main
from jukidesk.storage.backup import list_backups

from . import bad_files
from .support import scalar, sql_dump

MAIN = bad_files.MAIN_SHEET
META = "jukidesk"
# The metadata rows of the books jukidesk wrote before the books were keyed (format 1).
LEGACY_KEYS = (
    "format", "format_version", "template_name", "template_version", "institution_code", "fy", "kind",
    "main_sheet", "header_row", "filled_by_cell", "filled_on_cell", "number_column", "text_column",
    "score_column", "remark_column", "items_sha256",
)


# ---------------------------------------------------------------------------------------
# helpers


def export(db_path: Path, out: Path, code: str, *, fy: int = 2014) -> Path:
    assert main(["checklist", "export", "--db", str(db_path), "--fy", str(fy), "--kind", "self", "--out", str(out), "--institution", code]) == 0
    (path,) = [p for p in out.glob("*.xlsx") if code_of(p) == code]
    return path


def code_of(path: Path) -> str:
    return str(meta_rows(path)["institution_code"][1])


def meta_rows(path: Path) -> dict[str, tuple[int, object]]:
    ws = openpyxl.load_workbook(path)[META]
    return {ws[f"A{r}"].value: (r, ws[f"B{r}"].value) for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value}


def answer_rows(path: Path) -> dict[str, int]:
    ws = openpyxl.load_workbook(path)[MAIN]
    return {ws[f"A{r}"].value: r for r in bad_files._answer_rows(path)}


def fill(path: Path, score=3, *, remarks: dict[str, str] | None = None, by: str = "記入 太郎") -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[MAIN]
    for number, row in answer_rows(path).items():
        ws[f"D{row}"] = score
        if remarks and number in remarks:
            ws[f"E{row}"] = remarks[number]
    ws["B4"] = by
    wb.save(path)


def _unkeyed(pairs: list[tuple[str, str]]) -> str:
    return hashlib.sha256("\n".join(f"{k}={v}" for k, v in pairs).encode("utf-8")).hexdigest()


def as_legacy(path: Path, **changes: str) -> None:
    """Rewrite the hidden sheet as jukidesk wrote it before the books were keyed (format 1,
    an unkeyed SHA-256 of the metadata), with ``changes`` applied to the metadata first."""
    wb = openpyxl.load_workbook(path)
    ws = wb[META]
    values = {ws[f"A{r}"].value: ws[f"B{r}"].value for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value}
    values.update(changes, format_version="1")
    ws.delete_rows(1, ws.max_row)
    pairs = [(key, "" if values[key] is None else str(values[key])) for key in LEGACY_KEYS]
    for row, (key, value) in enumerate(pairs, start=1):
        ws[f"A{row}"], ws[f"B{row}"] = key, value
    ws[f"A{len(pairs) + 1}"], ws[f"B{len(pairs) + 1}"] = "meta_sha256", _unkeyed(pairs)
    wb.save(path)


def forge_in_place(path: Path, **changes: str) -> None:
    """Edit metadata rows of the book as it is and recompute its last row (the checksum) as
    an unkeyed SHA-256 of all the rows above it: the best a forger without the key can do."""
    wb = openpyxl.load_workbook(path)
    ws = wb[META]
    rows = [r for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value]
    for row in rows:
        if ws[f"A{row}"].value in changes:
            ws[f"B{row}"] = changes[ws[f"A{row}"].value]
    pairs = [(ws[f"A{r}"].value, "" if ws[f"B{r}"].value is None else str(ws[f"B{r}"].value)) for r in rows[:-1]]
    ws[f"B{rows[-1]}"] = _unkeyed(pairs)
    wb.save(path)


def set_cell(path: Path, ref: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    wb[MAIN][ref] = value
    wb.save(path)


def status(db_path: Path, code: str) -> dict:
    assert main(["checklist", "status", "--db", str(db_path), "--fy", "2014", "--kind", "self", "--json"]) == 0
    return {row["code"]: row for row in json.loads(_out())}[code]


_captured = None


def _out() -> str:
    return _captured.readouterr().out


@pytest.fixture(autouse=True)
def _keep_capsys(capsys):
    global _captured
    _captured = capsys
    yield
    _captured = None


def refused(db_path: Path, capsys, *paths: Path, extra=()) -> str:
    before = sql_dump(db_path)
    capsys.readouterr()
    assert main(["checklist", "import", "--db", str(db_path), *map(str, paths), *extra]) == 1
    err = capsys.readouterr().err
    assert "何も取り込んでいません" in err and "Traceback" not in err
    assert sql_dump(db_path) == before
    return err


# ---------------------------------------------------------------------------------------
# forged books


def test_a_forged_institution_code_is_refused_and_the_genuine_book_still_imports(demo_path, tmp_path, capsys):
    """佐久's answers relabelled as 上小's (hidden code changed, checksum recomputed) are
    refused: the visible 機関名 still says 佐久. 上小's own book then imports."""
    saku = export(demo_path, tmp_path / "out", "201")
    joshō = export(demo_path, tmp_path / "out", "202")
    fill(saku, 2, remarks={n: "未対応" for n in answer_rows(saku)})
    as_legacy(saku, institution_code="202")
    err = refused(demo_path, capsys, saku)
    assert f"{saku.name} シート「{MAIN}」 セル B3" in err and "機関名" in err and "上小地方事務所地域政策課" in err
    fill(joshō, 3)
    assert main(["checklist", "import", "--db", str(demo_path), str(joshō)]) == 0
    capsys.readouterr()
    assert status(demo_path, "202")["status"] == "complete" and status(demo_path, "202")["score"] == "3.00"
    assert status(demo_path, "201")["status"] == "none"


def test_a_forged_book_without_the_key_fails_its_checksum_even_with_a_matching_cover(demo_path, tmp_path, capsys):
    saku = export(demo_path, tmp_path / "out", "201")
    fill(saku)
    set_cell(saku, "B3", "上小地方事務所地域政策課")  # the cover agrees with the forged code …
    forge_in_place(saku, institution_code="202")  # … and the checksum is recomputed without the key
    err = refused(demo_path, capsys, saku)
    rows = meta_rows(saku)
    last = max(row for row, _ in rows.values())
    assert f"{saku.name} シート「{META}」 セル B{last}" in err and "改変" in err


@pytest.mark.parametrize(
    ("cell", "value", "label"),
    [("B3", "上小地方事務所地域政策課", "機関名"), ("B2", "平成25年度（2013年度）", "年度"), ("E2", "内部監査", "区分")],
)
def test_the_visible_cover_must_agree_with_the_hidden_metadata(demo_path, tmp_path, capsys, cell, value, label):
    saku = export(demo_path, tmp_path / "out", "201")
    fill(saku)
    set_cell(saku, cell, value)
    err = refused(demo_path, capsys, saku)
    assert f"{saku.name} シート「{MAIN}」 セル {cell}" in err and label in err and value in err


def test_a_book_written_before_the_key_is_accepted_when_its_cover_agrees_with_a_note(demo_path, tmp_path, capsys):
    saku = export(demo_path, tmp_path / "out", "201")
    fill(saku)
    as_legacy(saku)
    capsys.readouterr()
    assert main(["checklist", "import", "--db", str(demo_path), str(saku)]) == 0
    err = capsys.readouterr().err
    assert "[警告]" in err and saku.name in err and "旧形式" in err
    assert status(demo_path, "201")["status"] == "complete"


def test_a_book_from_another_data_file_is_refused(demo_path, tmp_path, capsys):
    other = tmp_path / "other" / "other.sqlite"
    other.parent.mkdir()
    shutil.copy(demo_path, other)
    export(other, tmp_path / "other-out", "202")  # the other file makes its own key
    saku = export(demo_path, tmp_path / "out", "201")
    fill(saku)
    err = refused(other, capsys, saku)
    assert saku.name in err and "別のデータファイル" in err


def test_the_key_is_made_once_and_is_no_setting_and_no_history_value(demo_path, tmp_path, capsys):
    from jukidesk.base.errors import ValidationError
    from jukidesk.core.settings import load_settings, save_settings
    from jukidesk.storage.database import open_database

    export(demo_path, tmp_path / "a", "201")
    key = scalar(demo_path, "SELECT value FROM setting WHERE key LIKE '%workbook_key%'")
    assert len(bytes.fromhex(key)) == 32
    export(demo_path, tmp_path / "b", "202")
    assert scalar(demo_path, "SELECT value FROM setting WHERE key LIKE '%workbook_key%'") == key
    assert scalar(demo_path, "SELECT count(*) FROM change_log WHERE coalesce(new, '') LIKE ?", f"%{key}%") == 0
    db = open_database(demo_path)
    try:
        with db.session() as session:
            assert key not in json.dumps(load_settings(session), default=str)
        with pytest.raises(ValidationError):
            with db.transaction() as session:
                save_settings(session, {"checklist_workbook_key": "00"})
    finally:
        db.close()
    for path in [*(tmp_path / "a").glob("*.xlsx"), *(tmp_path / "b").glob("*.xlsx")]:
        assert key not in "".join(str(v) for _, v in meta_rows(path).values())


# ---------------------------------------------------------------------------------------
# the plan finds every problem before it says yes


def test_a_remark_over_the_limit_is_found_by_the_plan_with_file_sheet_and_cell(demo_path, tmp_path, capsys):
    saku = export(demo_path, tmp_path / "out", "201")
    fill(saku, remarks={"1-1": "長" * 2001})
    row = answer_rows(saku)["1-1"]
    err = refused(demo_path, capsys, saku, extra=["--dry-run"])
    assert f"{saku.name} シート「{MAIN}」 セル E{row}" in err and "備考が長すぎます" in err
    err = refused(demo_path, capsys, saku)
    assert f"セル E{row}" in err
    assert list_backups(demo_path) == []  # no generation spent on an import that could not happen


def test_the_year_import_refuses_only_the_book_with_a_long_remark(demo_db, demo_path, tmp_path):
    from jukidesk.exchange.distribution import import_returned

    folder = tmp_path / "returned"
    good = export(demo_path, folder, "202")
    bad = export(demo_path, folder, "201")
    fill(good)
    fill(bad, remarks={"2-1": "長" * 2001})
    with demo_db.transaction() as session:
        outcome = import_returned(session, [folder], fy=2014)
    assert outcome.imported == [good.name]
    [rejected] = outcome.rejected
    assert rejected.name == bad.name and "備考が長すぎます" in rejected.text()


# ---------------------------------------------------------------------------------------
# files in a folder that are not importable books


def test_an_xlsm_in_a_folder_is_reported_and_stops_the_batch(demo_path, tmp_path, capsys):
    folder = tmp_path / "returned"
    good = export(demo_path, folder, "202")
    fill(good)
    saku = export(demo_path, tmp_path / "out", "201")
    fill(saku)
    macro = folder / "2014_自己点検_佐久地方事務所.xlsm"
    shutil.copy(saku, macro)
    err = refused(demo_path, capsys, folder)
    assert f"{macro.name}: " in err and "マクロ" in err


def test_other_files_in_a_folder_are_named_not_silently_skipped(demo_path, tmp_path, capsys):
    folder = tmp_path / "returned"
    good = export(demo_path, folder, "202")
    fill(good)
    (folder / "送付状.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "~$2014_自己点検_上小地方事務所.xlsx").write_bytes(b"lock")  # Excel's lock file: not a book
    capsys.readouterr()
    assert main(["checklist", "import", "--db", str(demo_path), str(folder)]) == 0
    err = capsys.readouterr().err
    assert "送付状.pdf" in err and "対象外" in err and "~$" not in err


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are always Unicode there")
def test_a_bad_book_under_a_non_utf8_name_is_in_the_refused_list(demo_db, demo_path, tmp_path, capsys):
    from jukidesk.actions.checklists import plan_checklist_import

    folder = tmp_path / "returned"
    good = export(demo_path, folder, "202")
    fill(good)
    bad = bad_files.make_non_utf8_name(folder)
    plan = plan_checklist_import(demo_db, [folder])
    assert [f.path for f in plan.files] == [good]
    [refusal] = plan.refused
    assert refusal.path == bad and refusal.name == "非UTF-8_\ufffd\ufffd\ufffd\ufffd.xlsx"
    assert any("読み込めません" in reason for reason in refusal.reasons())
    assert not plan.ok


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are always Unicode there")
def test_the_year_import_lists_a_bad_book_under_a_non_utf8_name(demo_db, demo_path, tmp_path):
    from jukidesk.exchange.distribution import import_returned

    folder = tmp_path / "returned"
    good = export(demo_path, folder, "202")
    fill(good)
    bad_files.make_non_utf8_name(folder)
    with demo_db.transaction() as session:
        outcome = import_returned(session, [folder], fy=2014)
    assert outcome.imported == [good.name]
    assert [r.name for r in outcome.rejected] == ["非UTF-8_\ufffd\ufffd\ufffd\ufffd.xlsx"]
