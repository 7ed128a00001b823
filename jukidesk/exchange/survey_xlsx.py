"""The 調査票 as a printable workbook, and the city's own item list read from Excel.

Export: the report of core.municipal.survey (computed once as plain tables) written as A4
sheets — the year's answers, the 未整備 items beside the 未整備 procedures, the changes from
last year (and the disagreements with the rules register when there are any) — each with
its print area, repeated header row and page numbers (``municipal_xlsx.write_table``).

Import: a list with the columns 章, 番号, 質問 (or 項目) and optionally 関連手順 (titles of
the rules register, one per line or separated by 「、」), found by header through
exchange.tabular. A wrong row refuses the whole file, naming the row and column.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.files import atomic_output
from jukidesk.base.workbook import font, new_workbook
from jukidesk.core.municipal.records import Table
from jukidesk.core.municipal.survey import (
    QuestionDefinition,
    SurveyDefinition,
    SurveyReport,
    latest_template,
)
from jukidesk.exchange.municipal_xlsx import _sheet_name, write_table
from jukidesk.exchange.tabular import read_table
from jukidesk.exchange.xlsx_text import write_text
from jukidesk.storage.models_municipal import RuleDocument

DEFAULT_NAME = "住民基本台帳ネットワークシステム及びそれに接続している既設ネットワークに関する調査票"
ITEM_COLUMNS = {
    "chapter": ("章", "区分", "章名"),
    "number": ("番号", "項目番号", "No"),
    "text": ("質問", "項目", "調査項目", "質問事項"),
    "procedures": ("関連手順", "関連する手順", "関連する例規・手順書", "手順書"),
}
_SEPARATORS = re.compile(r"[\n、,;；]+")


def write_report(report: SurveyReport, path: Path | str, subtitle: str = "") -> Path:
    """The report as an A4 workbook (atomically)."""
    workbook = new_workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    sheets: list[tuple[str, Table]] = [
        ("回答一覧", report.answers),
        ("未整備の項目と手順", report.open_items),
        ("前年度からの変更", report.changes),
    ]
    if report.warnings:
        sheets.append(("登録簿との不一致", Table("調査票と例規・手順書の不一致", ["内容"], [[w] for w in report.warnings], [None] * len(report.warnings), [100])))
    for name, data in sheets:
        ws = workbook.create_sheet(_sheet_name(name, taken))
        write_table(ws, data, f"{report.title}　{subtitle}".strip())
        if not data.rows:
            ws.cell(4, 1).value = "（該当なし）"
        last_row = max(ws.max_row, 4)
        if name == "回答一覧":  # the counts under the table
            last_row += 2
            write_text(ws.cell(last_row, 1), f"集計　{report.summary}")
        ws.print_area = f"A1:{ws.cell(3, len(data.headers)).column_letter}{last_row}"
    path = Path(path)
    with atomic_output(path) as tmp:
        workbook.save(tmp)
    return path


def write_items(definition: SurveyDefinition, path: Path | str) -> Path:
    """The item list with the import's columns (章・番号・質問・関連手順): edit it in Excel and
    import it again."""
    from openpyxl.styles import Alignment

    from jukidesk.exchange.list_sheet import finish_list_sheet

    workbook = new_workbook()
    ws = workbook.active
    ws.title = "調査票の項目"
    write_text(ws.cell(1, 1), definition.name)
    ws.cell(1, 1).font = font(bold=True)
    headers = ["章", "番号", "質問", "関連手順"]
    for col, text in enumerate(headers, 1):
        write_text(ws.cell(2, col), text)
        ws.cell(2, col).font = font(bold=True)
    for r, q in enumerate(definition.questions, 3):
        for col, value in enumerate((q.chapter, q.number, q.text, "\n".join(q.procedures)), 1):
            write_text(ws.cell(r, col), value or None)
            ws.cell(r, col).alignment = Alignment(wrap_text=True, vertical="top")
    finish_list_sheet(workbook, ws, 2, [18, 8, 60, 36], Path(path))
    return Path(path)


def read_items(session: Session, path: Path | str) -> SurveyDefinition:
    """The city's own item list as a definition (not stored): every row checked, the first
    wrong one refused naming the file, row and column."""
    table = read_table(path, ITEM_COLUMNS, required=("chapter", "number", "text"))
    titles = set(session.scalars(select(RuleDocument.title)))
    seen: dict[str, int] = {}
    questions = []
    chapter = ""
    for row in table.rows:
        chapter = row["chapter"] or chapter  # a chapter written once for its first row (merged cells)
        for key, label in (("number", "番号"), ("text", "質問")):
            if not row[key]:
                raise ValidationError(f"{table.where(row, key)}: {label}が空です。")
        if not chapter:
            raise ValidationError(f"{table.where(row, 'chapter')}: 章が空です。")
        number = row["number"]
        if number in seen:
            raise ValidationError(f"{table.where(row, 'number')}: 番号「{number}」は {seen[number]} 行目と重複しています。")
        seen[number] = row.number
        procedures = tuple(p.strip() for p in _SEPARATORS.split(row["procedures"]) if p.strip())
        unknown = [p for p in procedures if p not in titles]
        if unknown:
            raise ValidationError(
                f"{table.where(row, 'procedures')}: 「{'」「'.join(unknown)}」は例規・手順書の一覧にありません"
                "（名称を一覧と同じにするか、先に一覧に登録してください）。"
            )
        questions.append(QuestionDefinition(chapter, number, row["text"], procedures))
    if not questions:
        raise ValidationError(f"{Path(path).name}: 項目の行がありません。")
    current = latest_template(session)
    return SurveyDefinition(current.name if current else DEFAULT_NAME, questions)
