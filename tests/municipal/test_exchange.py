"""Completion lists from xlsx (all or nothing, every problem with file/sheet/cell) and
the xlsx exports of the municipal lists."""

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import func, select

from jukidesk.core.municipal import training
from jukidesk.core.municipal.records import Context, add_record
from jukidesk.exchange.completion_xlsx import CompletionImportError, blank_list, export_completions, import_completions
from jukidesk.exchange.municipal_xlsx import export_year
from jukidesk.storage.models import Institution
from jukidesk.storage.models_municipal import TrainingCompletion
from tests.conftest import sql_dump

from .conftest import DEMO_FY, DEMO_TODAY

ELEARNING = "住基ネットセキュリティ研修（e-ラーニング）"


def _fill(path, rows, start=4):
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    for offset, row in enumerate(rows):
        for col, value in enumerate(row, 1):
            sheet.cell(start + offset, col).value = value
    workbook.save(path)
    return path


def _completions(db):
    with db.session() as session:
        return session.scalar(select(func.count(TrainingCompletion.id)))


def test_a_filled_in_list_is_imported(city_db, tmp_path):
    path = _fill(blank_list(tmp_path / "list.xlsx"), [
        ["M004", "岡本 直樹", ELEARNING, dt.datetime(2026, 11, 18)],
        ["M017", "橋本　麻衣", ELEARNING, "2026/11/19"],  # full-width space in the name is fine
        ["M001", "青木 陽子", ELEARNING, dt.date(2026, 6, 3)],  # already recorded: unchanged
        ["M002", "", ELEARNING, "2026-06-09"],  # recorded on 6/8: the date is corrected
    ])
    before = _completions(city_db)
    with city_db.transaction() as session:
        result = import_completions(session, path, DEMO_FY)
    assert (result.added, result.corrected, result.unchanged, result.rows) == (2, 1, 1, 4)
    assert _completions(city_db) == before + 2
    with city_db.session() as session:
        codes = [n.staff.code for n in training.not_completed(session, DEMO_FY)]
    assert codes == ["M011", "M026", "M030"]


def test_one_bad_row_stores_nothing_and_every_problem_names_its_cell(city_db, city_path, tmp_path):
    path = _fill(blank_list(tmp_path / "bad.xlsx"), [
        ["M004", "岡本 直樹", ELEARNING, "2026-11-18"],  # good, but not stored either
        ["M999", "誰か", ELEARNING, "2026-11-18"],
        ["M026", "吉田 翔", "存在しない研修", "2026-11-18"],
        ["M026", "吉田 太郎", ELEARNING, "2026-11-18"],
        ["M030", "北川 修", ELEARNING, "2026-09-01"],  # not yet in post
        ["M011", "杉本 里奈", ELEARNING, "=TODAY()"],
        ["M017", "橋本 麻衣", ELEARNING, "11月18日"],
        ["M004", "岡本 直樹", ELEARNING, "2026-11-19"],  # the same person and course twice
    ])
    before = sql_dump(city_path)
    with pytest.raises(CompletionImportError) as info:
        with city_db.transaction() as session:
            import_completions(session, path, DEMO_FY)
    assert sql_dump(city_path) == before
    where = {(p.sheet, p.cell) for p in info.value.problems}
    assert where == {
        ("受講完了者リスト", "A5"), ("受講完了者リスト", "C6"), ("受講完了者リスト", "B7"), ("受講完了者リスト", "D8"),
        ("受講完了者リスト", "D9"), ("受講完了者リスト", "D10"), ("受講完了者リスト", "A11"),
    }
    message = str(info.value)
    assert "何も取り込んでいません" in message and "bad.xlsx シート「受講完了者リスト」 セル A5" in message
    assert "在籍していません" in message and "数式" in message and "重複" in message


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("list.xlsm", b"PK", "マクロ付き"),
        ("list.xls", b"\xd0\xcf", "古い形式"),
        ("list.csv", b"a,b", "xlsx"),
        ("list.xlsx", b"not a zip", "読み込めません"),
    ],
)
def test_files_that_are_not_safe_xlsx_are_refused_with_their_name(city_db, city_path, tmp_path, name, content, match):
    path = tmp_path / name
    path.write_bytes(content)
    before = sql_dump(city_path)
    with pytest.raises(CompletionImportError, match=match) as info:
        with city_db.transaction() as session:
            import_completions(session, path, DEMO_FY)
    assert name in str(info.value)
    assert sql_dump(city_path) == before


def test_a_file_without_the_header_or_rows_is_refused(city_db, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "名簿"
    workbook.save(tmp_path / "other.xlsx")
    with pytest.raises(CompletionImportError, match="見出し行"):
        with city_db.transaction() as session:
            import_completions(session, tmp_path / "other.xlsx", DEMO_FY)
    with pytest.raises(CompletionImportError, match="行がありません"):
        with city_db.transaction() as session:
            import_completions(session, blank_list(tmp_path / "empty.xlsx"), DEMO_FY)
    with pytest.raises(CompletionImportError, match="2030年度の研修計画に研修が登録されていません"):
        with city_db.transaction() as session:
            import_completions(session, blank_list(tmp_path / "empty.xlsx"), 2030)


def test_an_exported_list_reads_back_unchanged(city_db, city_path, tmp_path):
    with city_db.session() as session:
        path = export_completions(session, DEMO_FY, tmp_path / "export.xlsx")
    before = sql_dump(city_path)
    with city_db.transaction() as session:
        result = import_completions(session, path, DEMO_FY)
    assert (result.added, result.corrected, result.unchanged) == (0, 0, 53)
    assert result.courses[ELEARNING] == 25
    assert sql_dump(city_path) == before


def test_the_year_export_has_a_sheet_per_list_and_writes_user_text_as_text(city_db, tmp_path):
    with city_db.transaction() as session:
        site = session.scalars(select(Institution).where(Institution.code == "101")).one().id
        add_record(session, training.STAFF, {
            "code": "X1", "name": "=HYPERLINK(\"http://x\")", "institution_id": site, "starts_on": "2026-04-01",
            "note": "+1 ok"}, Context(DEMO_FY, DEMO_TODAY))
    with city_db.session() as session:
        path = export_year(session, Context(DEMO_FY, DEMO_TODAY), tmp_path / "year.xlsx")
    workbook = openpyxl.load_workbook(path)
    names = workbook.sheetnames
    for expected in ("研修計画", "受講完了者", "職員", "未受講者", "緊急時対応訓練", "会議・審議会", "議題", "審議会委員",
                     "例規・手順書", "委託契約", "令和8年11月 日次点検", "令和8年度 月次点検"):
        assert expected in names
    assert names[0] == "セキュリティ組織名簿（令和8年11月20日現在）"
    staff = workbook["職員"]
    cells = {staff.cell(r, 1).value: (staff.cell(r, 2), staff.cell(r, 6)) for r in range(4, staff.max_row + 1)}
    name, note = cells["X1"]
    assert name.data_type == "s" and name.value.startswith("=") and note.quotePrefix
    assert staff.cell(4, 4).is_date
    grid = workbook["令和8年11月 日次点検"]
    assert [grid.cell(r, 6).value for r in range(4, 8)] == ["○", "未", "○", "○"]  # 5 November
