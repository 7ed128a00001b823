"""The safe workbook opener refuses what could harm or mislead, before and after parsing."""

import zipfile

import openpyxl
import pytest

from jukidesk.exchange.safe_xlsx import WorkbookRefused, is_formula, open_workbook
from jukidesk.exchange.xlsx_text import write_text


def _workbook(path, rows=3):
    wb = openpyxl.Workbook()
    for r in range(1, rows + 1):
        wb.active.cell(r, 1, r)
    wb.save(path)
    return path


def test_a_normal_workbook_opens(tmp_path):
    wb = open_workbook(_workbook(tmp_path / "ok.xlsx"))
    assert wb.active["A3"].value == 3


@pytest.mark.parametrize("suffix, words", [(".xlsm", "マクロ"), (".xls", "古い形式"), (".csv", ".xlsx")])
def test_other_formats_are_refused_by_name(tmp_path, suffix, words):
    path = _workbook(tmp_path / "ok.xlsx").rename(tmp_path / f"x{suffix}")
    with pytest.raises(WorkbookRefused, match=words):
        open_workbook(path)


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(WorkbookRefused, match="ファイルではありません"):
        open_workbook(tmp_path / "folder.xlsx")


def test_too_many_rows_are_refused(tmp_path):
    path = _workbook(tmp_path / "big.xlsx", rows=50)
    with pytest.raises(WorkbookRefused, match="上限"):
        open_workbook(path, max_rows=40)


def test_xml_entity_expansion_is_refused(tmp_path):
    """defusedxml is active: a 'billion laughs' document type never expands."""
    path = _workbook(tmp_path / "laughs.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    body = parts["xl/workbook.xml"]
    if body.startswith(b"<?xml"):
        body = body.split(b"?>", 1)[1]
    parts["xl/workbook.xml"] = bomb + body
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(WorkbookRefused, match="読み込めません"):
        open_workbook(path)


def test_too_many_members_are_refused(tmp_path):
    path = _workbook(tmp_path / "many.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        for i in range(1001):
            archive.writestr(f"xl/media/x{i}.bin", b"")
    with pytest.raises(WorkbookRefused, match="構成要素が多すぎ"):
        open_workbook(path)


def test_user_text_stays_text_through_a_save(tmp_path):
    wb = openpyxl.Workbook()
    for ref, text in (("A1", "=SUM(B1:B9)"), ("A2", "+81"), ("A3", "@here"), ("A4", "普通の文")):
        write_text(wb.active[ref], text)
    wb.save(tmp_path / "t.xlsx")
    ws = open_workbook(tmp_path / "t.xlsx").active
    assert [ws[f"A{r}"].value for r in range(1, 5)] == ["=SUM(B1:B9)", "+81", "@here", "普通の文"]
    assert not any(is_formula(ws[f"A{r}"]) for r in range(1, 5))
    assert ws["A1"].quotePrefix and not ws["A4"].quotePrefix


def test_an_oversized_sheet_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    """A book whose XML holds more cells than any real return is refused from the archive's
    own XML: openpyxl is never asked to build it (issue 22: 2 minutes and 2.2 GB before)."""
    import zipfile

    import openpyxl

    from jukidesk.exchange import safe_xlsx

    path = tmp_path / "big.xlsx"
    wb = openpyxl.Workbook()
    for row in range(1, 3001):
        wb.active.append([row] * 40)  # 120,000 cells, each row well within the row limit
    wb.save(path)
    assert zipfile.is_zipfile(path)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed")))
    with pytest.raises(safe_xlsx.WorkbookRefused, match="上限"):
        safe_xlsx.open_workbook(path)
