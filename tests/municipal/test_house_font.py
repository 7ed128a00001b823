"""Every workbook jukidesk writes is in its house font: BIZ UDゴシック as the Normal font (the
unit of column widths) and on every styled cell, never openpyxl's Calibri."""

import datetime as dt

from openpyxl import load_workbook

from jukidesk.actions import registry_io, survey
from jukidesk.actions.past_results import export_results
from jukidesk.base.workbook import FONT_NAME
from jukidesk.exchange import checklist_xlsx, completion_xlsx, findings_xlsx, municipal_xlsx

from .conftest import DEMO_FY


def _fonts(path):
    workbook = load_workbook(path)
    normal = next(style for style in workbook._named_styles if style.name == "Normal").font.name
    cells = {cell.font.name for ws in workbook.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None}
    return normal, cells


def test_city_and_prefecture_workbooks_use_the_house_font(city_db, ctx, demo_db, tmp_path):
    written = []
    with city_db.session() as session:
        written.append(municipal_xlsx.export_year(session, ctx, tmp_path / "year.xlsx"))
        written.append(completion_xlsx.export_completions(session, DEMO_FY, tmp_path / "training.xlsx"))
    written.append(survey.export(city_db, DEMO_FY, tmp_path / "survey.xlsx"))
    written.append(survey.export_items(city_db, DEMO_FY, tmp_path / "survey_items.xlsx"))
    registry_io.export_registry(demo_db, tmp_path / "registry.xlsx")
    export_results(demo_db, tmp_path / "results.xlsx")
    with demo_db.session() as session:
        findings_xlsx.write_open_findings(session, 2013, tmp_path / "findings.xlsx", today=dt.date(2014, 3, 1))
    with demo_db.transaction() as session:  # the workbook key is made on the first export
        written += checklist_xlsx.export_checklists(session, 2014, "self", tmp_path / "books", institution_code="101")
    written += [tmp_path / "registry.xlsx", tmp_path / "results.xlsx", tmp_path / "findings.xlsx"]
    for path in written:
        normal, cells = _fonts(path)
        assert normal == FONT_NAME, path.name
        assert cells == {FONT_NAME}, (path.name, cells)
    
