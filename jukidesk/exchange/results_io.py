"""Past yearly results in and out of a file: .xlsx or .csv, one row per year and kind.

Columns are found by their Japanese header (全角/半角 and spaces do not matter, common
synonyms accepted): 年度, 区分, 対象機関数, 平均点 and optionally 実施機関 and 指摘内容.
Years as 2008, H20, 平成20年度, 平成２０年度, R1, 令和元年度; counts and averages may carry
their unit (``19機関``, ``2.91 点``) and full-width digits. ``―`` / ``-`` / empty in both
対象機関数 and 平均点 marks a kind not carried out that year: the row is skipped.

CSV: UTF-8 (with or without BOM) or CP932 / Shift_JIS, decoded strictly (a file that is
neither is refused, never guessed). An .xlsx is opened only through
``safe_xlsx.open_workbook``; text goes into cells through ``xlsx_text.write_text``.

The reader here is deliberately minimal; once ``exchange/tabular.py`` (issue 16's
registry import) is merged it should read through that module instead.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from jukidesk.base import audit_kinds
from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import ERAS, fiscal_year_short
from jukidesk.base.text import without_control_characters
from jukidesk.core.past_results import MAX_AVERAGE, MAX_INSTITUTIONS, MIN_AVERAGE, PastRow, problems_text
from jukidesk.exchange.safe_xlsx import is_formula, open_workbook
from jukidesk.exchange.xlsx_text import write_text

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 10

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


_HEADERS = {normalise(h): key for key, (_label, names) in COLUMNS.items() for h in names}


def kind_code(text: str) -> str | None:
    """自己点検 / 自己 / self → ``self`` …; None when unknown."""
    value = normalise(text).rstrip("※").replace("(※)", "")
    for row in audit_kinds.kinds():
        if value in {normalise(row.label), normalise(row.short), row.code}:
            return row.code
    return None


_ERA_NAMES = {era.name: era for era in ERAS} | {era.short.lower(): era for era in ERAS}
_YEAR = re.compile(r"^(?:(?P<era>明治|大正|昭和|平成|令和|[mtshr])(?P<era_year>\d+|元)|(?P<western>\d{4}))(?:年度?)?$")


def parse_fiscal_year(text: str) -> int | None:
    """2008, 2008年度, H20, 平成20年度, 平成２０年度, R1, 令和元年度 → 西暦の年度; None if not a year."""
    value = normalise(text).replace(".", "")
    match = _YEAR.match(value)
    if not match:
        return None
    if match.group("western"):
        return int(match.group("western"))
    era = _ERA_NAMES[match.group("era")]
    year = 1 if match.group("era_year") == "元" else int(match.group("era_year"))
    if year < 1:
        return None
    return era.start.year + year - 1


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


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        number = Decimal(repr(value))  # 2.91 stays 2.91 (not 2.9100000000000001)
        return str(int(number)) if number == number.to_integral_value() else format(number, "f")
    return str(value)


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                return data.decode("cp932")
            except UnicodeDecodeError:
                pass
    raise ValidationError(
        f"{name} の文字コードを判別できません（UTF-8 でも Shift_JIS（CP932）でもありません）。"
        "Excel で「CSV UTF-8」または「CSV（コンマ区切り）」として保存し直してください。",
        "file",
    )


def read_table(path: Path) -> list[tuple[int, list[str]]]:
    """The file's rows as (row number, cell texts). An .xlsx: the first sheet with a header
    row; a formula cell is refused (its value would be Excel's, not the file's)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        workbook = open_workbook(path)
        try:
            chosen = None
            for sheet in workbook.worksheets:
                if sheet.sheet_state != "visible":
                    continue
                for row in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS):
                    if sum(1 for c in row if c.value is not None and normalise(c.value) in _HEADERS) >= 2:
                        chosen = sheet
                        break
                if chosen is not None:
                    break
            sheet = chosen or workbook.worksheets[0]
            rows: list[tuple[int, list[str]]] = []
            for number, row in enumerate(sheet.iter_rows(), start=1):
                texts = []
                for cell in row:
                    if is_formula(cell):
                        raise ValidationError(
                            f"{path.name} の {number} 行目 {cell.column_letter}列: 数式は取り込めません"
                            "（値として貼り付け直してください）。",
                            "file",
                        )
                    texts.append(_cell_text(cell.value))
                rows.append((number, texts))
            return rows
        finally:
            workbook.close()
    if suffix in (".csv", ".txt"):
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ValidationError(f"{path.name} は大きすぎます（上限 {MAX_FILE_BYTES // 1024 // 1024} MB）。", "file")
        text = _decode(path.read_bytes(), path.name)
        try:
            return [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)]
        except csv.Error as exc:
            raise ValidationError(f"{path.name} を CSV として読めません（{exc}）。", "file") from None
    raise ValidationError(f"{path.name}: 取り込めるのは .xlsx と .csv のファイルです。", "file")


def _find_header(rows: list[tuple[int, list[str]]], name: str) -> tuple[int, dict[str, int]]:
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for col, text in enumerate(cells):
            key = _HEADERS.get(normalise(text)) if text else None
            if key and key not in found:
                found[key] = col
        if "fy" in found and "kind" in found:
            missing = [COLUMNS[k][0] for k in REQUIRED if k not in found]
            if missing:
                raise ValidationError(
                    f"{name} の {rows[index][0]} 行目（見出し）に列「{'」「'.join(missing)}」がありません。", "file"
                )
            return index, found
    raise ValidationError(
        f"{name}: 見出しの行（年度・区分・対象機関数・平均点）が見つかりません（先頭 {HEADER_SEARCH_ROWS} 行を探しました）。",
        "file",
    )


def read_results(path: Path | str) -> list[PastRow]:
    """Parse a results file; a ``ValidationError`` lists every problem by file, row and column."""
    path = Path(path)
    name = path.name
    rows = read_table(path)
    header_index, columns = _find_header(rows, name)
    body = rows[header_index + 1 :]
    if len(body) > MAX_ROWS:
        raise ValidationError(f"{name} の行が多すぎます（{len(body)} 行、上限 {MAX_ROWS} 行）。", "file")
    problems: list[str] = []
    result: list[PastRow] = []
    seen: dict[tuple[int, str], int] = {}

    def cell(cells: list[str], key: str) -> str:
        col = columns.get(key)
        if col is None or col >= len(cells):
            return ""
        text = without_control_characters(cells[col]).strip()
        if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
            text = text[1:]  # the quote our CSV export puts before formula-looking text
        return text

    def where(number: int, key: str) -> str:
        return f"{name} の {number} 行目「{COLUMNS[key][0]}」"

    for number, cells in body:
        if not any(str(c).strip() for c in cells):
            continue
        fy_text, kind_text = cell(cells, "fy"), cell(cells, "kind")
        count_text, average_text = cell(cells, "institutions"), cell(cells, "average")
        fy = parse_fiscal_year(fy_text)
        if fy is None:
            problems.append(f"{where(number, 'fy')}: 年度として読めません（{fy_text or '空欄'}）。例: 2008、H20、平成20年度、令和元年度")
        elif not 1989 <= fy <= 2100:
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
            part.strip() for part in re.split(r"[、,，]", cell(cells, "performed_by")) if part.strip()
        )
        result.append(PastRow(number, fy, kind, institutions, average, performed, cell(cells, "findings")))
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
    from openpyxl import Workbook

    workbook = Workbook()
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
