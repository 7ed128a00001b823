"""The institution registry (機関台帳) as the organisation's own list: read from .xlsx/.csv,
written to .xlsx with the same columns (export → edit in Excel → import is a round trip).

Columns (found by header through ``exchange.tabular``; synonyms in ``COLUMNS``):
コード, 名称, 略称, 区分 (事務利用機関 / 運用機関), 業務端末 (有・無・○・×・あり・なし・空),
長の職名, 所在地, 開始年度, 終了年度 (2008, H20, 平成２０年度, 令和元年度 …). Every column
maps to a field of ``Institution`` (所在地 is ``address``). Only コード and 名称 are
required; a column left out keeps what the registry holds.

``read_registry`` checks each row on its own (unknown 区分, a year it cannot read, 終了年度
before 開始年度, a code or name twice in the file) and raises one ``ValidationError``
listing every problem with its file, row and column. Matching against the stored
registry is the action's work (``actions.registry_io``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import parse_fiscal_year
from jukidesk.base.workbook import font, new_workbook
from jukidesk.exchange.tabular import Row, Table, header_key, read_table
from jukidesk.exchange.xlsx_text import write_text
from jukidesk.storage.models import Institution

# key: (header written on export, synonyms accepted on import …)
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("コード", "機関コード", "機関番号", "番号", "code"),
    "name": ("名称", "機関名", "機関名称", "課名", "所属名", "name"),
    "short_name": ("略称", "機関略称", "略名"),
    "kind": ("区分", "種別", "機関区分", "機関種別"),
    "has_terminal": ("業務端末", "業務端末設置", "業務端末の設置", "端末設置", "端末"),
    "head_title": ("長の職名", "所属長", "所属長職名", "長の職", "責任者職名"),
    "address": ("所在地", "住所"),
    "valid_from_fy": ("開始年度", "有効開始年度", "適用開始年度", "開始"),
    "valid_until_fy": ("終了年度", "有効終了年度", "最終年度", "廃止年度", "終了"),
}
REQUIRED = ("code", "name")
HEADERS = tuple(words[0] for words in COLUMNS.values())
SHEET_TITLE = "機関台帳"
COLUMN_WIDTHS = (10, 30, 18, 14, 10, 18, 30, 10, 10)

KIND_WORDS = {
    "user": ("事務利用機関", "事務利用", "利用機関", "user"),
    "operator": ("運用機関", "運用", "operator"),
}
KIND_LABELS = {"user": "事務利用機関", "operator": "運用機関"}
TERMINAL_YES = ("有", "あり", "有り", "○", "◯", "〇", "はい", "設置", "true", "1", "yes", "y")
TERMINAL_NO = ("", "無", "なし", "無し", "×", "✕", "いいえ", "-", "ー", "false", "0", "no", "n")
TERMINAL_LABELS = {True: "有", False: "無"}


def normal_code(text: str) -> str:
    """A code as compared and stored: NFKC (全角 digits become half-width), stripped."""
    return unicodedata.normalize("NFKC", text or "").strip()


@dataclass(frozen=True)
class RegistryRow:
    """One row of the file; a field is None when its column is absent (or, for 区分,
    業務端末 and 開始年度, left empty): the stored value stays."""

    number: int
    code: str
    name: str
    short_name: str | None = None
    kind: str | None = None
    has_terminal: bool | None = None
    head_title: str | None = None
    address: str | None = None
    valid_from_fy: int | None = None
    valid_until_fy: int | None = None
    until_given: bool = False  # the 終了年度 column exists (empty means "not retired")


@dataclass
class RegistryFile:
    table: Table
    rows: list[RegistryRow]

    def where(self, row: RegistryRow | None, key: str | None = None) -> str:
        return self.table.where(row.number if row is not None else None, key)


def _kind(word: str) -> str | None:
    key = header_key(word)
    for kind, words in KIND_WORDS.items():
        if key in {header_key(w) for w in words}:
            return kind
    return None


def _terminal(word: str) -> bool | None:
    key = header_key(word)
    if key in {header_key(w) for w in TERMINAL_YES}:
        return True
    if key in {header_key(w) for w in TERMINAL_NO}:
        return False
    return None


def read_registry(path: Path | str) -> RegistryFile:
    """Read and check a registry file; raises ``ValidationError`` listing every bad cell."""
    table = read_table(path, COLUMNS, required=REQUIRED)
    problems: list[str] = []
    rows: list[RegistryRow] = []
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}

    def bad(row: Row, key: str, message: str) -> None:
        problems.append(f"{table.where(row, key)}: {message}")

    for row in table.rows:
        code, name = normal_code(row["code"]), row["name"]
        if not code:
            bad(row, "code", "コードが空です。")
        elif code in seen_codes:
            bad(row, "code", f"重複したコード「{code}」です（{seen_codes[code]} 行目と同じ）。")
        else:
            seen_codes[code] = row.number
        if not name:
            bad(row, "name", "名称が空です。")
        elif name in seen_names:
            bad(row, "name", f"名称「{name}」が重複しています（{seen_names[name]} 行目と同じ）。")
        else:
            seen_names[name] = row.number
        kind = None
        if table.has("kind") and row["kind"]:
            kind = _kind(row["kind"])
            if kind is None:
                bad(row, "kind", f"不明な区分「{row['kind']}」です（事務利用機関 または 運用機関）。")
        terminal = None
        if table.has("has_terminal"):
            terminal = _terminal(row["has_terminal"])
            if terminal is None:
                bad(row, "has_terminal", f"業務端末は 有・無・○・× で書いてください（「{row['has_terminal']}」）。")
        years: dict[str, int | None] = {}
        for key in ("valid_from_fy", "valid_until_fy"):
            years[key] = None
            if table.has(key) and row[key]:
                try:
                    years[key] = parse_fiscal_year(row[key])
                except ValueError as exc:
                    bad(row, key, str(exc))
        first, last = years["valid_from_fy"], years["valid_until_fy"]
        if first is not None and last is not None and last < first:
            bad(row, "valid_until_fy", f"終了年度（{last}年度）が開始年度（{first}年度）より前です。")
        rows.append(
            RegistryRow(
                number=row.number,
                code=code,
                name=name,
                short_name=row["short_name"] if table.has("short_name") else None,
                kind=kind,
                has_terminal=terminal,
                head_title=row["head_title"] if table.has("head_title") else None,
                address=row["address"] if table.has("address") else None,
                valid_from_fy=first,
                valid_until_fy=last,
                until_given=table.has("valid_until_fy"),
            )
        )
    if not rows and not problems:
        problems.append(f"{table.path.name}: 見出しの下に機関の行がありません。")
    refuse(problems)
    return RegistryFile(table, rows)


def refuse(problems: Sequence[str], *, limit: int = 30) -> None:
    """Raise one ``ValidationError`` listing ``problems`` (nothing when there are none)."""
    if not problems:
        return
    shown = list(problems[:limit])
    if len(problems) > limit:
        shown.append(f"……ほか {len(problems) - limit} 件")
    raise ValidationError("機関台帳を取り込めません（何も登録していません）。\n" + "\n".join(shown))


def registry_cells(institution: Institution) -> list:
    """One exported row, in ``HEADERS`` order."""
    return [
        institution.code,
        institution.name,
        institution.short_name,
        KIND_LABELS[institution.kind],
        TERMINAL_LABELS[bool(institution.has_terminal)],
        institution.head_title,
        institution.address,
        institution.valid_from_fy,
        institution.valid_until_fy,
    ]


def write_registry(institutions: Sequence[Institution], path: Path | str) -> Path:
    """Write the registry to ``path`` (.xlsx, atomically): the header row, then one row per
    institution. Text goes through ``write_text`` (never a formula); years are numbers."""
    from openpyxl.styles import PatternFill

    from jukidesk.exchange.list_sheet import finish_list_sheet

    path = Path(path)
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    fill = PatternFill("solid", fgColor="DDE7F0")
    for col, header in enumerate(HEADERS, 1):
        cell = sheet.cell(1, col)
        write_text(cell, header)
        cell.font = font(bold=True)
        cell.fill = fill
    for row_index, institution in enumerate(institutions, 2):
        for col, value in enumerate(registry_cells(institution), 1):
            cell = sheet.cell(row_index, col)
            if isinstance(value, int) and not isinstance(value, bool):
                cell.value = value
            else:
                write_text(cell, value)
                cell.number_format = "@"
    finish_list_sheet(workbook, sheet, 1, COLUMN_WIDTHS, path)
    return path
