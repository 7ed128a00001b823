"""A checklist template as a plain Excel sheet, so an organisation can load its own list.

One row per item: 区分 (category), 番号, 項目, 確認の着眼点 (guidance for auditors),
重要 (○ for 重要項目), 対象区分 (blank = every kind; otherwise e.g. 「自己点検、内部監査」).
A cell labelled 名称 above the table names the template. Columns are found by their
header, so their order does not matter. Reading reports every problem with its cell.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from jukidesk.base.errors import ValidationError
from jukidesk.base.files import atomic_output
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, kind_from_label
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
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    write_text(ws["A1"], "名称")
    write_text(ws["B1"], definition.name)
    ws["A1"].font = Font(bold=True)
    write_text(ws["A2"], f"第{template.version}版（{template.valid_from_fy}年度から適用）。対象区分が空欄の項目はすべての区分に使います。")
    ws["A2"].font = Font(color="606060")
    header_row = 3
    for index, key in enumerate(HEADERS, start=1):
        cell = ws.cell(header_row, index)
        write_text(cell, HEADERS[key])
        cell.font = Font(bold=True)
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


def read_template_xlsx(path: Path | str) -> tuple[TemplateDefinition | None, list[Problem]]:
    """The definition in the sheet, or ``None`` with the problems (file, sheet, cell)."""
    path = Path(path)
    name = path.name
    problems: list[Problem] = []
    try:
        wb = open_workbook(path)
    except WorkbookRefused as exc:
        return None, [Problem(name, str(exc))]
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        sheet = ws.title

        def error(message: str, cell: str = "") -> None:
            problems.append(Problem(name, message, sheet, cell))

        columns: dict[str, int] = {}
        header_row = None
        template_name = ""
        for row in range(1, min(ws.max_row, 20) + 1):
            labels = {_text(ws.cell(row, c).value): c for c in range(1, ws.max_column + 1)}
            if "名称" in labels and not template_name:
                template_name = _text(ws.cell(row, labels["名称"] + 1).value)
            if all(HEADERS[key] in labels for key in REQUIRED):
                header_row = row
                columns = {key: labels[label] for key, label in HEADERS.items() if label in labels}
                break
        if header_row is None:
            error("見出しの行（区分・番号・項目）が見つかりません（先頭の20行を探しました）。")
            return None, problems
        categories: dict[str, CategoryDefinition] = {}
        seen: dict[str, str] = {}
        for row in range(header_row + 1, ws.max_row + 1):
            cells = {key: ws.cell(row, column) for key, column in columns.items()}
            if all(_text(c.value) == "" for c in cells.values()):
                continue
            bad = False
            for cell in cells.values():
                if is_formula(cell):
                    error("数式は使えません。値を入力してください。", cell.coordinate)
                    bad = True
            if bad:
                continue
            values = {key: _text(c.value) for key, c in cells.items()}
            for key in REQUIRED:
                if not values[key]:
                    error(f"「{HEADERS[key]}」が空です。", cells[key].coordinate)
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
            if "important" in values:
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
            category = categories.get(values["category"])
            if category is None:
                category = categories[values["category"]] = CategoryDefinition(
                    str(len(categories) + 1), values["category"], []
                )
            category.items.append(
                ItemDefinition(number, values["text"], values.get("guidance", ""), important, kinds)
            )
        if not seen and not problems:
            error("項目がありません。")
        if problems:
            return None, problems
        definition = TemplateDefinition(template_name or path.stem, list(categories.values()))
        try:
            validate_definition(definition)
        except ValidationError as exc:
            return None, [Problem(name, str(exc), sheet)]
        return definition, problems
    finally:
        wb.close()
