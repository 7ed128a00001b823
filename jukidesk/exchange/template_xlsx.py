"""A checklist template as a plain Excel sheet, so an organisation can load its own list.

One row per item: 区分 (category), 番号, 項目, 確認の着眼点 (guidance for auditors),
重要 (○ for 重要項目), 対象区分 (blank = every kind; otherwise e.g. 「自己点検、内部監査」).
A cell labelled 名称 above the table names the template. Columns are found by their
header, so their order does not matter. Reading reports every problem with its cell.
Reading also accepts the organisation's own list (.xlsx or .csv) with headers such as
番号, 項目 / 点検項目, 章 / 区分, 着眼点 (``SYNONYMS``; see ``read_template_xlsx``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from openpyxl.styles import Alignment, Border, PatternFill, Side

from jukidesk.base.errors import ValidationError
from jukidesk.base.files import atomic_output
from jukidesk.base.text import without_control_characters
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, kind_from_label
from jukidesk.base.workbook import font, new_workbook
from jukidesk.core.templates import (
    CategoryDefinition,
    ItemDefinition,
    TemplateDefinition,
    definition_of,
    validate_definition,
)
from jukidesk.exchange.list_sheet import a4_fit_to_width
from jukidesk.exchange.problems import Problem
from jukidesk.exchange.safe_xlsx import WorkbookRefused, is_formula, open_workbook
from jukidesk.exchange.xlsx_text import write_text
from jukidesk.storage.models import CHECKLIST_KINDS, ChecklistTemplate

SHEET = "テンプレート"
HEADERS = {
    "category": "区分",
    "number": "番号",
    "text": "項目",
    "guidance": "確認の着眼点",
    "important": "重要",
    "kinds": "対象区分",
}
REQUIRED = ("category", "number", "text")
WIDTHS = {"category": 16, "number": 8, "text": 60, "guidance": 44, "important": 6, "kinds": 22}
TRUE_WORDS = {"○", "◯", "〇", "1", "true", "yes", "はい", "重要", "y"}
FALSE_WORDS = {"", "×", "0", "false", "no", "いいえ", "n", "-", "－"}
_SPLIT = re.compile(r"[、,，\s/・]+")


def write_template_xlsx(template: ChecklistTemplate, path: Path | str) -> None:
    definition = definition_of(template)
    wb = new_workbook()
    ws = wb.active
    ws.title = SHEET
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    write_text(ws["A1"], "名称")
    write_text(ws["B1"], definition.name)
    ws["A1"].font = font(bold=True)
    write_text(ws["A2"], f"第{template.version}版（{template.valid_from_fy}年度から適用）。対象区分が空欄の項目はすべての区分に使います。")
    ws["A2"].font = font(color="606060")
    header_row = 3
    for index, key in enumerate(HEADERS, start=1):
        cell = ws.cell(header_row, index)
        write_text(cell, HEADERS[key])
        cell.font = font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.border = border
        ws.column_dimensions[cell.column_letter].width = WIDTHS[key]
    row = header_row
    for category in definition.categories:
        for item in category.items:
            row += 1
            kinds = "" if set(item.kinds) == set(CHECKLIST_KINDS) else "、".join(CHECKLIST_KIND_LABELS[k] for k in item.kinds)
            values = (category.name, item.number, item.text, item.guidance, "○" if item.important else "", kinds)
            for index, value in enumerate(values, start=1):
                cell = ws.cell(row, index)
                write_text(cell, value)
                cell.border = border
                cell.alignment = Alignment(vertical="top", wrap_text=index in (3, 4))
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    a4_fit_to_width(ws, orientation="landscape")
    ws.oddFooter.center.text = "&P / &N"
    with atomic_output(path) as tmp:
        wb.save(tmp)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# Headers accepted when reading (after ``tabular.header_key``: 全角/半角, spaces and bracketed
# notes do not matter): jukidesk's own sheet and the lists organisations already keep.
SYNONYMS = {
    "category": ("区分", "章", "分類", "大項目", "大分類", "項目区分", "カテゴリ", "カテゴリー"),
    "number": ("番号", "項番", "項目番号", "no", "no.", "№"),
    "text": ("項目", "点検項目", "確認項目", "チェック項目", "点検内容", "内容", "質問"),
    "guidance": ("確認の着眼点", "着眼点", "確認方法", "確認のポイント", "点検の着眼点", "ポイント"),
    "important": ("重要", "重要項目"),
    "kinds": ("対象区分", "対象", "適用区分"),
}
READ_REQUIRED = ("number", "text")


class _Cell:
    """One cell as read: its text, where it is (``B5`` / ``5行目・2列``), whether a formula."""

    __slots__ = ("coordinate", "formula", "value")

    def __init__(self, value, coordinate: str, formula: bool = False):
        self.value, self.coordinate, self.formula = value, coordinate, formula


def _xlsx_rows(ws) -> list[list[_Cell]]:
    return [
        [_Cell(cell.value, cell.coordinate, is_formula(cell)) for cell in row]
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column)
    ]


def _csv_rows(path: Path) -> list[list[_Cell]]:
    import csv
    import io

    from jukidesk.exchange.tabular import decode_csv

    reader = csv.reader(io.StringIO(decode_csv(path), newline=""))
    return [
        [_Cell(without_control_characters(value), f"{r} 行目・{c} 列") for c, value in enumerate(cells, 1)]
        for r, cells in enumerate(reader, 1)
    ]


def _find_header(rows: list[list[_Cell]]) -> tuple[int | None, dict[str, int], str]:
    """(index of the header row, {key: column index}, the template's name from a 名称 cell)."""
    from jukidesk.exchange.tabular import header_key

    synonyms = {key: {header_key(word) for word in words} for key, words in SYNONYMS.items()}
    template_name = ""
    for index, cells in enumerate(rows[:20]):
        columns: dict[str, int] = {}
        for c, cell in enumerate(cells):
            word = header_key(_text(cell.value))
            key = next((k for k, words in synonyms.items() if word in words), None)
            if key is not None and key not in columns:
                columns[key] = c
            if word == "名称" and not template_name and c + 1 < len(cells):
                template_name = _text(cells[c + 1].value)
        if all(key in columns for key in READ_REQUIRED):
            return index, columns, template_name
    return None, {}, template_name


def _category_of_number(number: str) -> str:
    """``3-2`` → ``3``: the chapter when the list has no 区分 / 章 column."""
    head = re.split(r"[-.．ー－‐―(（]", number, maxsplit=1)[0]
    return head if head and head != number else "点検項目"


def read_template_xlsx(path: Path | str) -> tuple[TemplateDefinition | None, list[Problem]]:
    """The definition in the sheet (or CSV), or ``None`` with the problems (file, sheet, cell).

    Besides the sheet jukidesk exports, an organisation's own list is read: columns are
    found by their header (番号, 項目 / 点検項目, 章 / 区分, 着眼点, …; other columns such as
    評価 or 備考 are ignored); a 区分 left empty under a merged or grouped cell continues the
    one above; a row with a text but no 番号 is a chapter heading; without a 区分 column
    the chapter is the number's head (``3-2`` → ``3``)."""
    path = Path(path)
    name = path.name
    problems: list[Problem] = []
    if path.suffix.lower() == ".csv":
        try:
            rows = _csv_rows(path)
        except ValidationError as exc:
            return None, [Problem(name, str(exc))]
        return _read_rows(name, "", path.stem, rows)
    try:
        wb = open_workbook(path)
    except WorkbookRefused as exc:
        return None, [Problem(name, str(exc))]
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        return _read_rows(name, ws.title, path.stem, _xlsx_rows(ws))
    finally:
        wb.close()


def _read_rows(name: str, sheet: str, stem: str, rows: list[list[_Cell]]) -> tuple[TemplateDefinition | None, list[Problem]]:
    problems: list[Problem] = []

    def error(message: str, cell: str = "") -> None:
        problems.append(Problem(name, message, sheet, cell))

    header_index, columns, template_name = _find_header(rows)
    if header_index is None:
        error("見出しの行（番号・項目）が見つかりません（先頭の20行を探しました）。")
        return None, problems
    categories: dict[str, CategoryDefinition] = {}
    seen: dict[str, str] = {}
    current_category = ""
    for row_cells in rows[header_index + 1 :]:
        cells = {key: row_cells[column] for key, column in columns.items() if column < len(row_cells)}
        if all(_text(c.value) == "" for c in cells.values()):
            continue
        bad = False
        for cell in cells.values():
            if cell.formula:
                error("数式は使えません。値を入力してください。", cell.coordinate)
                bad = True
        if bad:
            continue
        values = {key: _text(c.value) for key, c in cells.items()}
        if not values.get("number") and values.get("text") and not values.get("category") and not values.get("guidance"):
            current_category = values["text"]  # a chapter heading row (「1 組織体制」)
            continue
        if values.get("category"):
            current_category = values["category"]
        elif "category" in columns and not current_category:
            error(f"「{HEADERS['category']}」が空です。", cells["category"].coordinate)
            continue
        for key in READ_REQUIRED:
            if not values.get(key):
                error(f"「{HEADERS[key]}」が空です。", cells[key].coordinate if key in cells else "")
                bad = True
        if bad:
            continue
        number = unicodedata.normalize("NFKC", values["number"])
        if len(number) > 20:
            error("番号が長すぎます（20文字まで）。", cells["number"].coordinate)
            continue
        if number in seen:
            error(f"番号 {number} が重複しています（{seen[number]} にもあります）。", cells["number"].coordinate)
            continue
        seen[number] = cells["number"].coordinate
        important = False
        if values.get("important"):
            word = unicodedata.normalize("NFKC", values["important"]).lower()
            if word in {unicodedata.normalize("NFKC", w) for w in TRUE_WORDS}:
                important = True
            elif word not in FALSE_WORDS:
                error(f"「重要」には ○ か空欄を入力してください（入力値: {values['important']}）。", cells["important"].coordinate)
                continue
        kinds: tuple[str, ...] = CHECKLIST_KINDS
        if values.get("kinds"):
            parsed = []
            for token in _SPLIT.split(values["kinds"]):
                if not token:
                    continue
                kind = kind_from_label(token, CHECKLIST_KIND_LABELS)
                if kind is None:
                    error(
                        f"対象区分「{token}」が正しくありません（{'、'.join(CHECKLIST_KIND_LABELS.values())} から選びます）。",
                        cells["kinds"].coordinate,
                    )
                    bad = True
                else:
                    parsed.append(kind)
            if bad:
                continue
            kinds = tuple(k for k in CHECKLIST_KINDS if k in parsed)
        category_name = current_category or _category_of_number(number)
        category = categories.get(category_name)
        if category is None:
            category = categories[category_name] = CategoryDefinition(str(len(categories) + 1), category_name, [])
        category.items.append(ItemDefinition(number, values["text"], values.get("guidance", ""), important, kinds))
    if not seen and not problems:
        error("項目がありません。")
    if problems:
        return None, problems
    definition = TemplateDefinition(template_name or stem, list(categories.values()))
    try:
        validate_definition(definition)
    except ValidationError as exc:
        return None, [Problem(name, str(exc), sheet)]
    return definition, problems
