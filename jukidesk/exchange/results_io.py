"""Past yearly results in and out of a file: .xlsx or .csv, one row per year and kind.

Columns are found by their Japanese header (全角/半角 and spaces do not matter, common
synonyms accepted): 年度, 区分, 対象機関数, 平均点 and optionally 実施機関 and 指摘内容.
Years as 2008, H20, 平成20年度, 平成２０年度, R1, 令和元年度; counts and averages may carry
their unit (``19機関``, ``2.91 点``) and full-width digits. ``―`` / ``-`` / empty in both
対象機関数 and 平均点 marks a kind not carried out that year: the row is skipped.

CSV: UTF-8 (with or without BOM) or CP932 / Shift_JIS, decoded strictly (a file that is
neither is refused, never guessed). An .xlsx is opened only through
``safe_xlsx.open_workbook``; text goes into cells through ``xlsx_text.write_text``.

The file is read by ``exchange.tabular`` (the reader every "your own file" import shares);
years are parsed by ``base.fiscal.parse_fiscal_year``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from jukidesk.base import audit_kinds
from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import fiscal_year_short, parse_fiscal_year
from jukidesk.base.text import without_control_characters
from jukidesk.base.workbook import new_workbook
from jukidesk.core.past_results import MAX_AVERAGE, MAX_INSTITUTIONS, MIN_AVERAGE, PastRow, problems_text
from jukidesk.exchange.tabular import Row, read_table
from jukidesk.exchange.xlsx_text import write_text

MAX_ROWS = 2000

# column key → (label written on export, accepted headers after normalisation)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "fy": ("年度", ("年度", "実施年度", "年度(西暦)", "fy")),
    "kind": ("区分", ("区分", "種別", "監査区分", "点検区分", "種類")),
    "institutions": ("対象機関数", ("対象機関数", "機関数", "実施機関数", "対象数")),
    "average": ("平均点", ("平均点", "平均", "平均得点", "監査結果", "結果")),
    "performed_by": ("実施機関", ("実施機関", "対象機関", "実施機関名", "機関")),
    "findings": ("指摘内容", ("指摘内容", "指摘内容と対応", "指摘事項", "指摘", "備考")),
}
REQUIRED = ("fy", "kind", "institutions")
EMPTY_MARKS = {"", "―", "-", "－", "—", "‐", "ー", "─", "なし", "×"}


def normalise(text: str) -> str:
    """NFKC, no spaces, lower case: how headers and values are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()




def kind_code(text: str) -> str | None:
    """自己点検 / 自己 / self → ``self`` …; None when unknown."""
    value = normalise(text).rstrip("※").replace("(※)", "")
    for row in audit_kinds.kinds():
        if value in {normalise(row.label), normalise(row.short), row.code}:
            return row.code
    return None


def parse_count(text: str) -> int | None:
    """``19``, ``19機関``, ``１９ 機関`` → 19; None when not a whole number."""
    value = normalise(text)
    value = re.sub(r"(機関|件|か所|箇所)$", "", value)
    if not re.fullmatch(r"\d+", value):
        return None
    return int(value)


def parse_average(text: str) -> Decimal | None:
    """``2.91``, ``2.91 点``, ``２．９１点`` → Decimal('2.91'); None when not a number."""
    value = normalise(text)
    value = re.sub(r"点$", "", value)
    if not re.fullmatch(r"\d+(\.\d+)?", value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


# ---------------------------------------------------------------------------------------
# Reading


def read_results(path: Path | str) -> list[PastRow]:
    """Parse a results file; a ``ValidationError`` lists every problem by file, row and column."""
    path = Path(path)
    name = path.name
    table = read_table(path, {key: names for key, (_label, names) in COLUMNS.items()}, required=REQUIRED)
    if len(table.rows) > MAX_ROWS:
        raise ValidationError(f"{name} の行が多すぎます（{len(table.rows)} 行、上限 {MAX_ROWS} 行）。", "file")
    problems: list[str] = []
    result: list[PastRow] = []
    seen: dict[tuple[int, str], int] = {}

    def cell(row: Row, key: str) -> str:
        text = row[key]
        if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
            text = text[1:]  # the quote our CSV export puts before formula-looking text
        return text

    def where(number: int, key: str) -> str:
        return f"{name} の {number} 行目「{COLUMNS[key][0]}」"

    for row in table.rows:
        number = row.number
        fy_text, kind_text = cell(row, "fy"), cell(row, "kind")
        count_text, average_text = cell(row, "institutions"), cell(row, "average")
        try:
            fy = parse_fiscal_year(fy_text)
        except ValueError:
            fy = None
            problems.append(f"{where(number, 'fy')}: 年度として読めません（{fy_text or '空欄'}）。例: 2008、H20、平成20年度、令和元年度")
        if fy is not None and not 1989 <= fy <= 2100:
            problems.append(f"{where(number, 'fy')}: 年度 {fy} は扱えません（平成元年度以降）。")
            fy = None
        kind = kind_code(kind_text) if kind_text else None
        if kind is None:
            labels = "／".join(row.label for row in audit_kinds.kinds())
            problems.append(f"{where(number, 'kind')}: 不明な区分です（{kind_text or '空欄'}）。使える区分: {labels}")
        if normalise(count_text) in EMPTY_MARKS and normalise(average_text) in EMPTY_MARKS:
            continue  # the kind was not carried out that year (― in the trend table)
        institutions = parse_count(count_text)
        if institutions is None:
            problems.append(f"{where(number, 'institutions')}: 機関数として読めません（{count_text or '空欄'}）。")
        elif not 1 <= institutions <= MAX_INSTITUTIONS:
            problems.append(f"{where(number, 'institutions')}: 機関数 {institutions} は範囲外です（1〜{MAX_INSTITUTIONS}）。")
            institutions = None
        average: Decimal | None = None
        scored = kind is not None and audit_kinds.kind(kind).scored
        if normalise(average_text) in EMPTY_MARKS:
            if scored:
                problems.append(f"{where(number, 'average')}: 平均点がありません（{audit_kinds.LABELS[kind]}）。")
        else:
            average = parse_average(average_text)
            if average is None:
                problems.append(f"{where(number, 'average')}: 平均点として読めません（{average_text}）。")
            elif not MIN_AVERAGE <= average <= MAX_AVERAGE:
                problems.append(f"{where(number, 'average')}: 平均点 {average_text} は範囲外です（1〜3 点）。")
                average = None
            elif -average.as_tuple().exponent > 4:
                problems.append(f"{where(number, 'average')}: 平均点は小数第4位までで入力してください（{average_text}）。")
                average = None
            elif -average.as_tuple().exponent < 2:
                average = average.quantize(Decimal("0.01"))  # 3 / 3.0 → 3.00, as the papers print it
            elif kind is not None and not scored:
                problems.append(
                    f"{where(number, 'average')}: {audit_kinds.LABELS[kind]}には平均点を入れません（機関数だけ）。"
                )
                average = None
        if fy is not None and kind is not None:
            if (fy, kind) in seen:
                problems.append(
                    f"{where(number, 'kind')}: {fiscal_year_short(fy)}の{audit_kinds.LABELS[kind]}が"
                    f" {seen[(fy, kind)]} 行目と重複しています。"
                )
                continue
            seen[(fy, kind)] = number
        if fy is None or kind is None or institutions is None or (scored and average is None):
            continue
        if not scored:
            average = None
        performed = "、".join(
            part.strip() for part in re.split(r"[、,，]", cell(row, "performed_by")) if part.strip()
        )
        result.append(PastRow(number, fy, kind, institutions, average, performed, cell(row, "findings")))
    if problems:
        raise ValidationError(problems_text(problems), "file")
    if not result:
        raise ValidationError(f"{name} に取り込む実績の行がありません。", "file")
    return result


# ---------------------------------------------------------------------------------------
# Writing


def export_rows(results: Iterable) -> list[list[object]]:
    """Header and rows (年度 as 西暦, 区分 as its label) for ``write_results``."""
    rows: list[list[object]] = [[label for label, _names in COLUMNS.values()]]
    for r in results:
        rows.append(
            [r.fy, audit_kinds.LABELS[r.kind], r.institutions, r.average or "", r.performed_by or "", r.findings or ""]
        )
    return rows


def write_results(path: Path | str, results: Iterable) -> Path:
    """Write past results (``PastResult`` rows) as .xlsx or .csv (UTF-8 with BOM, which
    Excel opens); the columns ``read_results`` reads back (round trip)."""
    path = Path(path)
    rows = export_rows(results)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            for row in rows:
                writer.writerow([_csv_text(v) for v in row])
        return path
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(f"{path.name}: 書き出せるのは .xlsx と .csv です。", "out")

    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "過去の実績"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, int):
                cell.value = value  # a number the app keeps (年度, 機関数)
            else:
                write_text(cell, value)  # averages stay exact text ("3.00"), user text never a formula
    for letter, width in zip("ABCDEF", (8, 12, 11, 8, 40, 40)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    workbook.save(path)
    return path


def _csv_text(value) -> str:
    text = without_control_characters(str(value))
    # A spreadsheet opening the CSV must not take user text for a formula.
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text
