"""Reading a user's own list (.xlsx or .csv) by its Japanese column headers.

One small reader shared by every "bring in your own file" import (the registry, past
results, …)::

    table = read_table(path, {"code": ("コード", "機関コード"), "name": ("名称", "機関名")},
                       required=("code", "name"))
    for row in table.rows:
        row.number        # the row number the user sees (Excel's row; the CSV's line)
        row["code"]       # the cell as stripped text ("" when empty or the column is absent)
        table.where(row, "code")  # "registry.csv の 5 行目・「コード」列" for messages

Rules:

* ``.xlsx`` is opened only through ``safe_xlsx.open_workbook`` (first sheet). A formula
  cell is read as its text (``=SUM(A1)``), never evaluated; numbers come back as text
  (``2008``, not ``2008.0``); dates as ``YYYY-MM-DD``.
* ``.csv`` is decoded strictly as UTF-8 (with or without BOM) first, then as CP932
  (Shift_JIS as Excel on a Japanese PC saves it); a file that is neither is refused naming
  the file — never decoded wrongly in silence.
* The header row is the first row (of the first ``HEADER_SEARCH_ROWS``) holding every
  required header. Headers match after NFKC (全角/半角), with spaces, brackets' contents
  such as 「（必須）」 and a trailing ``*`` ignored, against each key's synonyms. A non-empty
  header matching no key, or two columns for one key, is refused naming the column.
* Control characters are removed from every value (storage would remove them anyway, and
  a round trip must compare equal). Fully empty rows are skipped.

Every refusal is a ``ValidationError`` whose message names the file, and where it applies
the row and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jukidesk.base.errors import ValidationError
from jukidesk.base.text import without_control_characters

HEADER_SEARCH_ROWS = 10
MAX_CSV_BYTES = 20 * 1024 * 1024
SUFFIXES = (".xlsx", ".csv")


def header_key(text: str) -> str:
    """A header as compared: NFKC, no spaces, no bracketed notes, no trailing * or ：."""
    word = unicodedata.normalize("NFKC", str(text or ""))
    word = re.sub(r"[(\[【].*?[)\]】]", "", word)
    word = re.sub(r"\s+", "", word)
    return word.rstrip("*:").lower()


@dataclass(frozen=True)
class Row:
    """One data row: ``number`` as the user sees it, ``values`` by key (stripped text)."""

    number: int
    values: Mapping[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class Table:
    """What ``read_table`` found: the rows, and for each key present its header as written
    (``headers``) and its column label (``columns``: ``C`` in a workbook, ``3`` in a CSV)."""

    path: Path
    rows: list[Row]
    headers: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    header_row: int = 1
    ignored: list[str] = field(default_factory=list)  # headers skipped (``unknown="ignore"``)

    def has(self, key: str) -> bool:
        return key in self.headers

    def where(self, row: Row | int | None, key: str | None = None) -> str:
        """``registry.csv の 5 行目・「区分」列（D 列）`` for an error message."""
        parts = [self.path.name]
        number = row.number if isinstance(row, Row) else row
        place = []
        if number is not None:
            place.append(f"{number} 行目")
        if key is not None and key in self.headers:
            place.append(f"「{self.headers[key]}」列（{self.columns[key]} 列）")
        return f"{parts[0]} の " + "・".join(place) if place else parts[0]


def read_table(
    path: Path | str,
    columns: Mapping[str, Iterable[str]],
    *,
    required: Iterable[str] = (),
    ignore: Iterable[str] = (),
    unknown: str = "refuse",
) -> Table:
    """Read ``path`` (.xlsx or .csv) into a ``Table`` of the ``columns`` keys (each with its
    header synonyms). ``required`` keys must have a column; headers in ``ignore`` are
    allowed and skipped. ``unknown="ignore"`` skips every other header too (a file another
    system exported, with columns of its own) and lists it in ``Table.ignored``; a second
    column for one key is then ignored as well. Raises ``ValidationError`` naming the file,
    row and column."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        grid = _csv_grid(path)
    elif suffix == ".xlsx":
        grid = _xlsx_grid(path)
    else:
        raise ValidationError(f"{path.name}: 読み込めるのは .xlsx と .csv のファイルです（{path.suffix or '拡張子なし'}）。")
    label = (lambda i: _column_letter(i)) if suffix == ".xlsx" else (lambda i: str(i + 1))
    synonyms = {key: {header_key(word) for word in words} for key, words in columns.items()}
    required = tuple(required)
    ignored = {header_key(word) for word in ignore}
    header_index = _find_header(grid, synonyms, required)
    if header_index is None:
        names = "・".join(f"「{next(iter(columns[key]))}」" for key in required) or "見出し"
        raise ValidationError(f"{path.name}: 見出しの行が見つかりません（{names} の列が必要です。最初の {HEADER_SEARCH_ROWS} 行を探しました）。")
    number, header = grid[header_index]
    table = Table(path, [], header_row=number)
    positions: dict[str, int] = {}
    for index, text in enumerate(header):
        word = header_key(text)
        if not word or word in ignored:
            continue
        key = next((k for k, words in synonyms.items() if word in words), None)
        if unknown == "ignore" and (key is None or key in positions):
            table.ignored.append(str(text).strip())
            continue
        if key is None:
            raise ValidationError(
                f"{path.name} の {number} 行目・{label(index)} 列: 見出し「{str(text).strip()}」は読み取れません"
                f"（使える見出し: {'、'.join(next(iter(columns[k])) for k in columns)}）。"
            )
        if key in positions:
            raise ValidationError(
                f"{path.name} の {number} 行目・{label(index)} 列: 見出し「{str(text).strip()}」の列が重複しています"
                f"（{table.columns[key]} 列と同じ項目です）。"
            )
        positions[key] = index
        table.headers[key] = str(text).strip()
        table.columns[key] = label(index)
    for number, cells in grid[header_index + 1 :]:
        values = {key: (cells[index] if index < len(cells) else "") for key, index in positions.items()}
        if not any(values.values()) and not any(cells):
            continue
        table.rows.append(Row(number, values))
    return table


def _find_header(grid, synonyms, required) -> int | None:
    for index, (_number, cells) in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found = {k for cell in cells for k, words in synonyms.items() if header_key(cell) in words}
        if found and all(key in found for key in required):
            return index
    return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    text = getattr(value, "text", value)  # an array formula: its text
    return without_control_characters(str(text)).strip()


def decode_csv(path: Path) -> str:
    """The CSV's text: strict UTF-8 (BOM dropped), else strict CP932, else refused."""
    data = path.read_bytes()
    if len(data) > MAX_CSV_BYTES:
        raise ValidationError(f"{path.name}: ファイルが大きすぎます（上限 {MAX_CSV_BYTES // (1024 * 1024)} MB）。")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        f"{path.name}: 文字コードを判別できません（UTF-8 でも Shift_JIS（CP932）でもありません）。"
        "Excel で「CSV UTF-8（コンマ区切り）」として保存し直してください。"
    )


def _csv_grid(path: Path) -> list[tuple[int, list[str]]]:
    text = decode_csv(path)
    first = text.split("\n", 1)[0]
    dialect = csv.excel_tab if "\t" in first and "," not in first else csv.excel  # Excel's "テキスト（タブ区切り）"
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return [(number, [_text(cell) for cell in cells]) for number, cells in enumerate(reader, 1)]
    except csv.Error as exc:
        raise ValidationError(f"{path.name} の {reader.line_num} 行目: CSV として読めません（{exc}）。") from exc


def _xlsx_grid(path: Path) -> list[tuple[int, list[str]]]:
    from jukidesk.exchange.safe_xlsx import open_workbook

    try:
        workbook = open_workbook(path)
    except ValidationError:
        raise
    except Exception as exc:  # WorkbookRefused and the like: name the file
        raise ValidationError(f"{path.name}: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, [_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
    finally:
        workbook.close()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
