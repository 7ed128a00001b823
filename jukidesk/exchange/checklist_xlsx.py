"""The checklist Excel round-trip: one workbook per institution, filled without jukidesk,
read back and validated before anything is stored.

Export writes a protected A4 form (cover block, items by category with the previous
answer, a score dropdown and a remark cell per item) and a very hidden, protected sheet
with what the import needs to verify the file: template name and version, institution
code, fiscal year, kind, the cell layout, the cover texts as written (年度, 区分, 機関名),
a SHA-256 of the item list (numbers and texts) and an HMAC-SHA256 over all of that.

The HMAC's key is a random secret of the data file (``ensure_workbook_key``: made once,
kept in the ``setting`` table, never shown, never written into a book): the sheets'
protection has no password and anyone can recompute a plain SHA-256, so only a keyed
checksum stops one institution's answers being relabelled as another's. Books written
before the key (format 1, an unkeyed SHA-256) are still accepted when their visible
cover agrees with the registry, with a warning saying so; for every book the visible
機関名 / 年度 / 区分 must agree with the hidden metadata.

Import checks every file of a batch first (``plan_import``) and reports each problem with
file, sheet, cell and a Japanese message — every check the write could make is made
here (values, lengths, metadata, cover), so ``apply_import`` never refuses what the plan
accepted unless the data changed since. Files the plan cannot take are listed in
``ImportPlan.refused`` with their reasons (by path, with a readable name); a folder stands
for every file in it, and what is not an .xlsx book is listed too (a macro or old-format
book as an error, anything else as 対象外), never skipped silently. Only a batch without
errors is written (``apply_import``), in the caller's single transaction. Re-importing an
identical file changes nothing; answers that differ from stored ones are refused unless
``replace``. A plan remembers the state of each checklist it was made against: applying it
after that checklist changed is refused (check again), so the preview is exactly what is
stored. This module takes no backup: the action (``actions.checklists.import_checklists``)
takes the "before-import" generation before its transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import math
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils.cell import column_index_from_string
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.base.files import atomic_output, readable_name
from jukidesk.base.fiscal import YearStyle, fiscal_year_display
from jukidesk.base.progress import Progress, report
from jukidesk.base.settings_specs import INTERNAL_SETTINGS, WORKBOOK_KEY_SETTING
from jukidesk.base.text import without_control_characters
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, NOT_APPLICABLE_LABEL
from jukidesk.base.workbook import FONT_NAME, new_workbook
from jukidesk.core.checklists import (
    REMARK_MAX_LENGTH,
    ChecklistSheet,
    Entry,
    applicable_items,
    complete_checklist,
    ensure_checklist,
    load_sheet,
    parse_score_value,
    record_event,
    reopen_checklist,
    set_cover,
    target_institutions,
    write_entries,
    write_entry,
)
from jukidesk.core.settings import load_settings
from jukidesk.core.templates import template_for_year
from jukidesk.exchange.problems import ERROR, WARNING, Problem
from jukidesk.exchange.safe_xlsx import BOOK_LIKE_SUFFIXES, WorkbookRefused, is_formula, open_workbook
from jukidesk.exchange.xlsx_text import write_text
from jukidesk.storage.batches import in_batches
from jukidesk.storage.models import (
    CHECKLIST_KINDS,
    Checklist,
    ChecklistTemplate,
    Institution,
    Setting,
    TemplateItem,
)

FORMAT = "jukidesk-checklist"
FORMAT_VERSION = "2"  # the metadata carries an HMAC-SHA256 made with the data file's key
LEGACY_FORMAT_VERSION = "1"  # an unkeyed SHA-256: books written before the key
MAIN_SHEET = "チェックリスト"
META_SHEET = "jukidesk"
SCORE_CHOICES = f"1,2,3,{NOT_APPLICABLE_LABEL}"

# Layout of the form (also written into the metadata, which the import trusts).
COL_NUMBER, COL_TEXT, COL_PREVIOUS, COL_SCORE, COL_REMARK = "A", "B", "C", "D", "E"
COLUMN_WIDTHS = {"A": 8, "B": 56, "C": 9, "D": 11, "E": 34}
FILLED_BY_CELL, FILLED_ON_CELL = "B4", "E3"
# The cover's 年度 / 区分 / 機関名 values (format 1 books have them here too).
FY_CELL, KIND_CELL, INSTITUTION_CELL = "B2", "E2", "B3"
HEADER_ROW = 6
FILLED_BY_MAX_LENGTH = 200  # as core.checklists.set_cover

# The metadata rows of a format 1 book, in order, then "meta_sha256" (unkeyed).
LEGACY_META_KEYS = (
    "format",
    "format_version",
    "template_name",
    "template_version",
    "institution_code",
    "fy",
    "kind",
    "main_sheet",
    "header_row",
    "filled_by_cell",
    "filled_on_cell",
    "number_column",
    "text_column",
    "score_column",
    "remark_column",
    "items_sha256",
)
LEGACY_CHECKSUM_KEY = "meta_sha256"
# The metadata rows of a current book, in order, then "meta_hmac_sha256" (keyed).
META_KEYS = (
    *LEGACY_META_KEYS,
    "fy_cell",
    "fy_label",
    "kind_cell",
    "kind_label",
    "institution_cell",
    "institution_name",
    "key_id",
)
SIGNATURE_KEY = "meta_hmac_sha256"

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
CATEGORY_FILL = PatternFill("solid", fgColor="EDEDED")
UNLOCKED = Protection(locked=False)


def items_checksum(pairs: list[tuple[str, str]]) -> str:
    """SHA-256 of the item list (number and text of each applicable item, in order)."""
    text = "\n".join(f"{number}\t{text}" for number, text in pairs)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _meta_text(meta: dict[str, str], keys: tuple[str, ...]) -> bytes:
    return "\n".join(f"{key}={meta.get(key, '')}" for key in keys).encode("utf-8")


def meta_checksum(meta: dict[str, str]) -> str:
    """The unkeyed SHA-256 of a format 1 book's metadata (only ever checked, never written)."""
    return hashlib.sha256(_meta_text(meta, LEGACY_META_KEYS)).hexdigest()


def meta_signature(meta: dict[str, str], key: bytes) -> str:
    """The HMAC-SHA256 of a current book's metadata with the data file's key."""
    return hmac.new(key, _meta_text(meta, META_KEYS), hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """Which data file's key signed a book (a hash of the key: says nothing about it)."""
    return hashlib.sha256(b"jukidesk-checklist-workbook-key:" + key).hexdigest()[:16]


# ---------------------------------------------------------------------------------------
# The data file's key


def _key_of(value: str | None) -> bytes | None:
    try:
        key = bytes.fromhex(value or "")
    except ValueError:
        return None
    return key if len(key) >= 16 else None


def stored_workbook_key(session: Session) -> bytes | None:
    """The data file's workbook key, or ``None`` before its first export."""
    return _key_of(session.scalar(select(Setting.value).where(Setting.key == WORKBOOK_KEY_SETTING)))


class _ConnectionOnly:
    """What ``storage.history.record_outside_change`` needs of a session: its connection."""

    def __init__(self, connection):
        self._connection = connection

    def connection(self):
        return self._connection


def _insert_key(connection) -> bytes:
    """Store a new key unless one is there (another process may have made it meanwhile);
    the history records that the key was made, never its value. Returns the stored key."""
    import json

    from jukidesk.storage.dialects import insert_ignoring_duplicates
    from jukidesk.storage.history import record_outside_change

    new = secrets.token_bytes(32).hex()
    table = Setting.__table__
    insert_ignoring_duplicates(connection, table, key=WORKBOOK_KEY_SETTING, value=new)
    stored = connection.execute(select(table.c.value).where(table.c.key == WORKBOOK_KEY_SETTING)).scalar_one()
    key = _key_of(stored)
    if key is None:
        raise JukideskError("チェックリストのブックの鍵が壊れています（データファイルを jukidesk check で検査してください）。")
    if stored == new:
        record_outside_change(
            _ConnectionOnly(connection), "setting", "insert", INTERNAL_SETTINGS[WORKBOOK_KEY_SETTING],
            new=json.dumps({"value": "（鍵の値は記録しません）"}, ensure_ascii=False),
        )
    return key


def ensure_workbook_key(session: Session) -> bytes:
    """The data file's workbook key, made on the first export. A new key is committed in a
    short transaction of its own BEFORE any book is signed with it — whatever the caller's
    session does afterwards (a read-only session is never committed; a write may still
    fail), no book goes out signed with a key the file does not keep. Call it before the
    session has read anything, as ``export_checklists`` does."""
    from jukidesk.storage.database import storage_error
    from jukidesk.storage.lock import check_not_in_use

    engine = session.get_bind()
    database = engine.url.database
    if not database or database == ":memory:":  # one connection only: the caller's
        return stored_workbook_key(session) or _insert_key(session.connection())
    with engine.connect() as connection:
        found = _key_of(
            connection.execute(select(Setting.value).where(Setting.key == WORKBOOK_KEY_SETTING)).scalar()
        )
    if found is not None:
        return found
    check_not_in_use(database)
    try:
        with engine.begin() as connection:
            return _insert_key(connection)
    except OperationalError as exc:
        raise storage_error(Path(database), exc) from exc


def template_items_checksum(template: ChecklistTemplate, kind: str) -> str:
    return items_checksum([(item.number, item.text) for item in applicable_items(template, kind)])


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def workbook_name(fy: int, kind: str, report_name: str) -> str:
    """'2014_自己点検_佐久地方事務所.xlsx' (characters Windows forbids become '_')."""
    name = _UNSAFE_NAME.sub("_", f"{fy}_{CHECKLIST_KIND_LABELS[kind]}_{report_name}").strip(" .")
    return f"{name}.xlsx"


# ---------------------------------------------------------------------------------------
# Export


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def _lines(text: str, column_width: float) -> int:
    usable = max(column_width - 1.5, 4)
    return sum(max(1, math.ceil(_display_width(part) / usable)) for part in (text or "").split("\n"))


def _style(cell, *, bold=False, size=10, fill=None, wrap=False, align="left", border=True, color=None):
    cell.font = Font(name=FONT_NAME, size=size, bold=bold, color=color)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
    if fill is not None:
        cell.fill = fill
    if border:
        cell.border = BORDER


def build_workbook(sheet: ChecklistSheet, settings: dict, *, key: bytes) -> Workbook:
    """The form for one institution, pre-filled with what is already stored; its metadata
    signed with the data file's ``key`` (``ensure_workbook_key``)."""
    style = YearStyle.from_settings(settings)
    labels = {s: settings.get(f"score_label_{s}", "") for s in (1, 2, 3)}
    wb = new_workbook()
    ws = wb.active
    ws.title = MAIN_SHEET
    for column, width in COLUMN_WIDTHS.items():
        ws.column_dimensions[column].width = width

    # Title and cover block
    write_text(ws["A1"], f"{style.label(sheet.fy)}　{sheet.template_name}")
    _style(ws["A1"], bold=True, size=14, border=False, align="center")
    ws.merge_cells("A1:E1")
    ws.row_dimensions[1].height = 26
    cover = (  # the cells of 年度, 区分 and 機関名 are FY_CELL, KIND_CELL and INSTITUTION_CELL
        (2, "年度", style.display(sheet.fy), "区分", sheet.kind_label),
        (3, "機関名", sheet.institution_name, "記入日", sheet.filled_on),
        (4, "記入者", sheet.filled_by, None, None),
    )
    for row, label1, value1, label2, value2 in cover:
        pairs = [("A", "B", label1, value1)] + ([("D", "E", label2, value2)] if label2 else [])
        for label_column, value_column, label, value in pairs:
            label_cell, value_cell = ws[f"{label_column}{row}"], ws[f"{value_column}{row}"]
            write_text(label_cell, label)
            _style(label_cell, bold=True, fill=HEADER_FILL, align="center")
            if isinstance(value, dt.date):
                value_cell.value = value
            else:
                write_text(value_cell, value)
            _style(value_cell)
        ws.row_dimensions[row].height = 20
    for ref in (FILLED_BY_CELL, FILLED_ON_CELL):
        ws[ref].fill = INPUT_FILL
        ws[ref].protection = UNLOCKED
    ws[FILLED_ON_CELL].number_format = "yyyy/mm/dd"
    legend = (
        f"評価欄には 3（{labels[3]}）、2（{labels[2]}）、1（{labels[1]}）、{NOT_APPLICABLE_LABEL}"
        " のいずれかを選んでください。3点未満の項目は、備考欄に理由と改善の予定を記入してください。"
        "黄色の欄だけ入力できます。"
    )
    write_text(ws["A5"], legend)
    _style(ws["A5"], wrap=True, border=False)
    ws.merge_cells("A5:E5")
    ws.row_dimensions[5].height = 30

    # Table header
    previous = "前回" + (f"\n（{style.short(sheet.previous_fy)}）" if sheet.previous_fy else "")
    for column, text in zip("ABCDE", ("番号", "点検項目", previous, "評価", "備考（3点未満の理由・改善予定）")):
        cell = ws[f"{column}{HEADER_ROW}"]
        write_text(cell, text)
        _style(cell, bold=True, fill=HEADER_FILL, wrap=True, align="center")
    ws.row_dimensions[HEADER_ROW].height = 36

    # Items by category
    row = HEADER_ROW
    category = None
    first_item_row = None
    for item in sheet.items:
        heading = (item.category_code, item.category_name)
        if heading != category:
            category = heading
            row += 1
            cell = ws[f"A{row}"]
            write_text(cell, category_label(*heading))
            for column in "ABCDE":
                _style(ws[f"{column}{row}"], bold=True, fill=CATEGORY_FILL)
            ws.merge_cells(f"A{row}:E{row}")
            ws.row_dimensions[row].height = 18
        row += 1
        first_item_row = first_item_row or row
        write_text(ws[f"A{row}"], item.number)
        _style(ws[f"A{row}"], align="center")
        text = item.text + ("（重要項目）" if item.important else "")
        write_text(ws[f"B{row}"], text)
        _style(ws[f"B{row}"], wrap=True)
        write_text(ws[f"C{row}"], item.previous.score_text() if item.previous else "")
        _style(ws[f"C{row}"], align="center", color="606060")
        score, remark = ws[f"D{row}"], ws[f"E{row}"]
        if item.entry is not None:
            if item.entry.score is not None:
                score.value = item.entry.score
            elif item.entry.not_applicable:
                write_text(score, NOT_APPLICABLE_LABEL)
            write_text(remark, item.entry.remark)
        _style(score, align="center", fill=INPUT_FILL)
        _style(remark, wrap=True, fill=INPUT_FILL)
        score.protection = remark.protection = UNLOCKED
        lines = max(_lines(text, COLUMN_WIDTHS["B"]), _lines(remark.value or "", COLUMN_WIDTHS["E"]), 2)
        ws.row_dimensions[row].height = lines * 13.5 + 4
    last_row = row

    # Dropdown with a Japanese error, and the score meanings as its input message
    meanings = "　".join(f"{s} = {labels[s]}" for s in (3, 2, 1))
    validation = DataValidation(
        type="list",
        formula1=f'"{SCORE_CHOICES}"',
        allow_blank=True,
        showDropDown=False,  # (sic) False shows the in-cell dropdown arrow
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="入力できない値です",
        error=f"評価は 1、2、3、{NOT_APPLICABLE_LABEL} の中から選んでください。",
        showInputMessage=True,
        promptTitle="評価",
        prompt=meanings,
    )
    ws.add_data_validation(validation)
    if first_item_row is not None:
        validation.add(f"{COL_SCORE}{first_item_row}:{COL_SCORE}{last_row}")
    date_validation = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="36526",  # 2000-01-01
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="日付を入力してください",
        error="記入日は日付で入力してください（例: 2014/6/30）。",
    )
    ws.add_data_validation(date_validation)
    date_validation.add(FILLED_ON_CELL)

    # Print: A4 portrait, fit to width, repeated header, page numbers
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.75
    ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
    ws.oddFooter.center.text = "&P / &N"
    ws.oddFooter.right.text = f"{sheet.institution_report_name}"
    ws.print_area = f"A1:E{last_row}"
    ws.freeze_panes = f"A{HEADER_ROW + 1}"

    # Only the yellow cells can be edited
    ws.protection.sheet = True
    ws.protection.formatRows = False  # people may still make a row taller
    ws.protection.formatColumns = False

    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "template_name": sheet.template_name,
        "template_version": str(sheet.template_version),
        "institution_code": sheet.institution_code,
        "fy": str(sheet.fy),
        "kind": sheet.kind,
        "main_sheet": MAIN_SHEET,
        "header_row": str(HEADER_ROW),
        "filled_by_cell": FILLED_BY_CELL,
        "filled_on_cell": FILLED_ON_CELL,
        "number_column": COL_NUMBER,
        "text_column": COL_TEXT,
        "score_column": COL_SCORE,
        "remark_column": COL_REMARK,
        "items_sha256": items_checksum([(i.number, i.text) for i in sheet.items]),
        "fy_cell": FY_CELL,
        "fy_label": ws[FY_CELL].value or "",
        "kind_cell": KIND_CELL,
        "kind_label": ws[KIND_CELL].value or "",
        "institution_cell": INSTITUTION_CELL,
        "institution_name": ws[INSTITUTION_CELL].value or "",
        "key_id": key_id(key),
    }
    hidden = wb.create_sheet(META_SHEET)
    for index, name in enumerate(META_KEYS, start=1):
        write_text(hidden[f"A{index}"], name)
        write_text(hidden[f"B{index}"], meta[name])
    write_text(hidden[f"A{len(META_KEYS) + 1}"], SIGNATURE_KEY)
    write_text(hidden[f"B{len(META_KEYS) + 1}"], meta_signature(meta, key))
    hidden.sheet_state = "veryHidden"
    hidden.protection.sheet = True
    wb.active = 0
    wb.security = WorkbookProtection(lockStructure=True)
    return wb


def category_label(code: str, name: str) -> str:
    return f"{code} {name}" if code else name


def export_targets(session: Session, fy: int, kind: str, institution_code: str | None = None) -> list[Institution]:
    """Who gets a workbook: one institution, or everyone in the registry (self-inspection)
    or everyone with an audit of that kind in the year."""
    if kind not in CHECKLIST_KINDS:
        raise ValidationError(f"点検の区分が正しくありません: {kind}")
    if institution_code is not None:
        institution = session.scalars(select(Institution).where(Institution.code == institution_code)).first()
        if institution is None:
            raise ValidationError(f"機関コード「{institution_code}」の機関は機関台帳にありません。")
        if not institution.valid_in(fy):
            raise ValidationError(f"{institution.name} は {fy}年度の機関台帳にありません。")
        return [institution]
    targets = target_institutions(session, fy, kind)
    if not targets:
        raise ValidationError(
            f"{fy}年度の{CHECKLIST_KIND_LABELS[kind]}の対象機関がありません。--institution で機関を指定してください。"
        )
    return targets


def export_checklists(
    session: Session,
    fy: int,
    kind: str,
    out_dir: Path | str,
    *,
    institution_code: str | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write one workbook per target institution into ``out_dir``. All files appear
    together at the end; a cancel or an error leaves none (not even half-written ones)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise JukideskError(f"{out_dir} はフォルダではありません。")
    key = ensure_workbook_key(session)  # first: before this session reads anything
    if template_for_year(session, fy) is None:
        raise ValidationError(f"{fy}年度に使うチェックリストのテンプレートがありません。")
    settings = load_settings(session)
    targets = export_targets(session, fy, kind, institution_code)
    written = []
    with contextlib.ExitStack() as stack:
        for done, institution in enumerate(targets):
            report(progress, done, len(targets), institution.report_name)
            sheet = load_sheet(session, fy, kind, institution.id)
            target = out_dir / workbook_name(fy, kind, institution.report_name)
            if target in written:
                raise JukideskError(f"ファイル名が重複します: {target.name}（機関の略称を見直してください）")
            tmp = stack.enter_context(atomic_output(target))
            build_workbook(sheet, settings, key=key).save(tmp)
            written.append(target)
        report(progress, len(targets), len(targets), "")
    return written


# ---------------------------------------------------------------------------------------
# Import: validation first


@dataclass
class ItemChange:
    number: str
    cell: str
    before: Entry | None
    after: Entry | None


@dataclass
class FileImport:
    """What one valid file would change."""

    path: Path
    institution_id: int
    institution_name: str
    fy: int
    kind: str
    template_id: int
    template_version: int
    checklist_exists: bool
    status_before: str
    filled_by: str
    filled_on: dt.date | None
    writes: dict[int, Entry | None] = field(default_factory=dict)  # item id → new entry
    changes: list[ItemChange] = field(default_factory=list)
    cover_changed: bool = False
    will_be_complete: bool = False
    # The stored checklist as the plan saw it (``checklist_state``); None = there was none.
    seen: tuple | None = None
    # A format 1 book (written before the data file's key): accepted on its cover, with a warning.
    legacy: bool = False

    @property
    def status_after(self) -> str:
        return "complete" if self.will_be_complete else "open"

    @property
    def changed(self) -> bool:
        return bool(self.changes) or self.cover_changed or self.status_after != self.status_before

    def describe(self) -> str:
        """One line for the preview and the command's report."""
        head = f"{self.institution_name}（{self.fy}年度 {CHECKLIST_KIND_LABELS[self.kind]}）"
        if not self.changed:
            return f"{head}: 変更なし"
        added = sum(1 for c in self.changes if c.before is None and c.after is not None)
        removed = sum(1 for c in self.changes if c.after is None)
        modified = len(self.changes) - added - removed
        parts = []
        if added:
            parts.append(f"新規 {added} 項目")
        if modified:
            parts.append(f"変更 {modified} 項目")
        if removed:
            parts.append(f"削除 {removed} 項目")
        if self.cover_changed:
            parts.append("記入者・記入日")
        parts.append("完了にする" if self.will_be_complete else "入力中のまま（未入力または備考のない3点未満の項目あり）")
        return f"{head}: " + "、".join(parts)


@dataclass(frozen=True)
class RefusedFile:
    """A file the plan cannot take, by its path (``name`` is readable even when the file
    name on disk is not valid UTF-8) with its problems. A refusal with an error stops the
    batch; one with only a warning (not a book at all, found in a folder) is just named."""

    path: Path
    name: str
    problems: tuple[Problem, ...]

    @property
    def blocking(self) -> bool:
        return any(p.is_error for p in self.problems)

    def reasons(self) -> tuple[str, ...]:
        """'シート「…」 セル D12: message' for each problem."""
        texts = []
        for problem in self.problems:
            where = " ".join(
                part
                for part in (f"シート「{problem.sheet}」" if problem.sheet else "", f"セル {problem.cell}" if problem.cell else "")
                if part
            )
            texts.append(f"{where}: {problem.message}" if where else problem.message)
        return tuple(texts)

    def text(self) -> str:
        return f"{self.name}: " + " / ".join(self.reasons())


@dataclass
class ImportPlan:
    files: list[FileImport]
    problems: list[Problem]
    replace: bool = False
    # Every file given (or found in a given folder) that the plan cannot take, with why.
    refused: list[RefusedFile] = field(default_factory=list)

    @property
    def checked(self) -> int:
        """How many files were looked at."""
        return len(self.files) + len(self.refused)

    @property
    def changed(self) -> list[FileImport]:
        """The files whose import would change something."""
        return [file for file in self.files if file.changed]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


class _FileErrors(Exception):
    """Internal: the file cannot be read further (its problems are already recorded)."""


@dataclass(frozen=True)
class _ItemFacts:
    """What the import checks of one applicable item (read from the ORM once per import)."""

    id: int
    number: str
    text: str
    shown: str  # the text as the form shows it (with （重要項目）)


@dataclass(frozen=True)
class _Form:
    items: list[_ItemFacts]  # in template order
    by_number: dict[str, _ItemFacts]
    category_labels: frozenset[str]


class _Lookups:
    """What every book of one import asks the database the same question about — the
    workbook key, the institutions by code, the templates, the template of a year, a
    template's items and their checksum — asked once per import instead of once per book
    (nothing of it changes while the books are read)."""

    def __init__(self, session: Session):
        self.session = session
        self._key: tuple[bytes | None] | None = None
        self._key_id: str | None = None
        self._institutions: dict[str, Institution | None] | None = None
        self._templates: dict[tuple[str, int], ChecklistTemplate | None] = {}
        self._year_templates: dict[int, ChecklistTemplate | None] = {}
        self._items: dict[tuple[int, str], tuple[list, str]] = {}
        self._checklists: dict[tuple[int, str], dict[int, Checklist]] = {}
        self._forms: dict[tuple[int, str], _Form] = {}

    def workbook_key(self) -> bytes | None:
        if self._key is None:
            self._key = (stored_workbook_key(self.session),)
        return self._key[0]

    def key_id(self) -> str:
        """``key_id`` of the workbook key (there is one: ``workbook_key``)."""
        if self._key_id is None:
            self._key_id = key_id(self.workbook_key())
        return self._key_id

    def institution(self, code: str) -> Institution | None:
        if self._institutions is None:
            self._institutions = {}
            for institution in self.session.scalars(select(Institution).order_by(Institution.id)):
                self._institutions.setdefault(institution.code, institution)  # the first, as .first() did
        return self._institutions.get(code)

    def template(self, name: str, version: int) -> ChecklistTemplate | None:
        key = (name, version)
        if key not in self._templates:
            self._templates[key] = self.session.scalars(
                select(ChecklistTemplate).where(ChecklistTemplate.name == name, ChecklistTemplate.version == version)
            ).first()
        return self._templates[key]

    def template_for_year(self, fy: int) -> ChecklistTemplate | None:
        if fy not in self._year_templates:
            self._year_templates[fy] = template_for_year(self.session, fy)
        return self._year_templates[fy]

    def checklist(self, fy: int, kind: str, institution_id: int) -> Checklist | None:
        """``find_checklist``, from every checklist of the year and kind read at once."""
        if (fy, kind) not in self._checklists:
            self._checklists[(fy, kind)] = _checklists_of(self.session, fy, kind)
        return self._checklists[(fy, kind)].get(institution_id)

    def form(self, template: ChecklistTemplate, kind: str) -> _Form:
        """The item rows a book of ``template`` and ``kind`` has, as plain values."""
        key = (template.id, kind)
        if key not in self._forms:
            items, _ = self.items(template, kind)
            facts = [
                _ItemFacts(item.id, item.number, item.text, item.text + ("（重要項目）" if item.important else ""))
                for item in items
            ]
            labels = frozenset(category_label(c.code, c.name) for c in template.categories)
            self._forms[key] = _Form(facts, {fact.number: fact for fact in facts}, labels)
        return self._forms[key]

    def items(self, template: ChecklistTemplate, kind: str) -> tuple[list, str]:
        """(applicable items, their checksum)."""
        key = (template.id, kind)
        if key not in self._items:
            items = applicable_items(template, kind)
            self._items[key] = (items, items_checksum([(item.number, item.text) for item in items]))
        return self._items[key]


def _checklists_of(session: Session, fy: int, kind: str, institution_ids=None) -> dict[int, Checklist]:
    """The stored checklists of ``fy`` and ``kind`` by institution (of ``institution_ids``
    only, when given: in batches, ``storage.batches``)."""
    query = select(Checklist).where(Checklist.fy == fy, Checklist.kind == kind)
    if institution_ids is None:
        return {checklist.institution_id: checklist for checklist in session.scalars(query)}
    return {
        checklist.institution_id: checklist
        for batch in in_batches(institution_ids)
        for checklist in session.scalars(query.where(Checklist.institution_id.in_(batch)))
    }


class _Reader:
    def __init__(self, session: Session, path: Path, replace: bool, expect_fy, expect_kind, lookups: _Lookups | None = None):
        self.lookups = lookups if lookups is not None else _Lookups(session)
        self.session = session
        self.path = path
        self.name = readable_name(path)
        self.replace = replace
        self.expect_fy = expect_fy
        self.expect_kind = expect_kind
        self.problems: list[Problem] = []
        self.meta_rows: dict[str, int] = {}
        self.legacy = False

    def error(self, message: str, sheet: str = "", cell: str = "") -> None:
        self.problems.append(Problem(self.name, message, sheet, cell, ERROR))

    def warning(self, message: str, sheet: str = "", cell: str = "") -> None:
        self.problems.append(Problem(self.name, message, sheet, cell, WARNING))

    def fatal(self, message: str, sheet: str = "", cell: str = ""):
        self.error(message, sheet, cell)
        raise _FileErrors()

    # -- metadata ---------------------------------------------------------------------
    def read_meta(self, wb) -> dict[str, str]:
        if META_SHEET not in wb.sheetnames:
            self.fatal(
                "jukidesk が書き出したチェックリストであることを示す隠しシートがありません"
                "（別のファイルか、シートが削除されています）。jukidesk から書き出し直してください。",
                META_SHEET,
            )
        ws = wb[META_SHEET]
        meta: dict[str, str] = {}
        rows = {}
        for row in range(1, ws.max_row + 1):
            value_cell = ws.cell(row=row, column=2)  # column B (keys in A)
            key, value = ws.cell(row=row, column=1).value, value_cell.value
            if key is None:
                continue
            if is_formula(value_cell):
                self.fatal("管理情報に数式が入っています（ファイルが改変されています）。", META_SHEET, f"B{row}")
            meta[str(key)] = "" if value is None else str(value)
            rows[str(key)] = row
        self.meta_rows = rows
        if meta.get("format") != FORMAT:
            self.fatal("jukidesk のチェックリストではありません。", META_SHEET, f"B{rows['format']}" if "format" in rows else "A列")
        version = meta.get("format_version")
        if version == FORMAT_VERSION:
            keys, checksum_key = META_KEYS, SIGNATURE_KEY
        elif version == LEGACY_FORMAT_VERSION:
            keys, checksum_key = LEGACY_META_KEYS, LEGACY_CHECKSUM_KEY
        else:
            self.fatal(
                f"このファイルの形式（版 {version}）はこの jukidesk では読み込めません。",
                META_SHEET,
                self.meta_cell("format_version") if "format_version" in rows else "A列",
            )
        for key in (*keys, checksum_key):
            if key not in meta:
                self.fatal(f"管理情報「{key}」がありません（ファイルが改変されています）。", META_SHEET, "A列")
        if version == LEGACY_FORMAT_VERSION:
            if meta_checksum(meta) != meta[checksum_key]:
                self.fatal(
                    "管理情報のチェックサムが一致しません。ファイルが改変されています。jukidesk から書き出し直してください。",
                    META_SHEET,
                    self.meta_cell(checksum_key),
                )
            self.legacy = True
            return meta
        key = self.lookups.workbook_key()
        if key is None or not hmac.compare_digest(meta["key_id"].encode(), self.lookups.key_id().encode()):
            self.fatal(
                "このブックは別のデータファイル（ほかのパソコンの jukidesk など）から書き出されたものか、"
                "管理情報が書き換えられています。このデータファイルから書き出したブックを使ってください。",
                META_SHEET,
                self.meta_cell("key_id"),
            )
        if not hmac.compare_digest(meta_signature(meta, key).encode(), meta[checksum_key].encode()):
            self.fatal(
                "管理情報のチェックサム（鍵付き）が一致しません。ファイルが改変されています。jukidesk から書き出し直してください。",
                META_SHEET,
                self.meta_cell(checksum_key),
            )
        return meta

    def meta_cell(self, key: str) -> str:
        return f"B{self.meta_rows[key]}"

    # -- the whole file ---------------------------------------------------------------
    def read(self) -> FileImport | None:
        try:
            try:
                wb = open_workbook(self.path)
            except WorkbookRefused as exc:
                self.fatal(str(exc))
            try:
                return self._read(wb)
            finally:
                wb.close()
        except _FileErrors:
            return None

    def _read(self, wb) -> FileImport:
        session = self.session
        meta = self.read_meta(wb)
        try:
            fy = int(meta["fy"])
            version = int(meta["template_version"])
            header_row = int(meta["header_row"])
        except ValueError:
            self.fatal("管理情報の数値が正しくありません（ファイルが改変されています）。", META_SHEET)
        kind = meta["kind"]
        if kind not in CHECKLIST_KINDS:
            self.fatal(f"点検の区分「{kind}」が正しくありません。", META_SHEET, self.meta_cell("kind"))
        kind_label = CHECKLIST_KIND_LABELS[kind]
        if self.expect_fy is not None and fy != self.expect_fy:
            self.error(
                f"このファイルは {fy}年度のチェックリストです（指定された年度は {self.expect_fy}年度）。",
                META_SHEET,
                self.meta_cell("fy"),
            )
        if self.expect_kind is not None and kind != self.expect_kind:
            self.error(
                f"このファイルは{kind_label}のチェックリストです"
                f"（指定された区分は{CHECKLIST_KIND_LABELS[self.expect_kind]}）。",
                META_SHEET,
                self.meta_cell("kind"),
            )
        institution = self.lookups.institution(meta["institution_code"])
        if institution is None:
            self.fatal(
                f"機関コード「{meta['institution_code']}」の機関は機関台帳にありません。",
                META_SHEET,
                self.meta_cell("institution_code"),
            )
        if not institution.valid_in(fy):
            self.fatal(
                f"{institution.name} は {fy}年度の機関台帳にありません。", META_SHEET, self.meta_cell("institution_code")
            )
        template = self.lookups.template(meta["template_name"], version)
        if template is None:
            self.fatal(
                f"テンプレート「{meta['template_name']}」第{version}版はこのデータベースにありません。",
                META_SHEET,
                self.meta_cell("template_version"),
            )
        checklist = self.lookups.checklist(fy, kind, institution.id)
        expected = checklist.template if checklist is not None else self.lookups.template_for_year(fy)
        if expected is None or expected.id != template.id:
            where = "この機関のチェックリスト" if checklist is not None else f"{fy}年度"
            expected_text = f"第{expected.version}版" if expected is not None else "（なし）"
            self.fatal(
                f"テンプレートの版が違います: ファイルは第{version}版、{where}は{expected_text}です。"
                "jukidesk から書き出し直してください。",
                META_SHEET,
                self.meta_cell("template_version"),
            )
        items, checksum = self.lookups.items(template, kind)
        if checksum != meta["items_sha256"]:
            self.fatal(
                "項目一覧のチェックサムが一致しません（書き出した後にテンプレートが変更されたか、ファイルが改変されています）。"
                "jukidesk から書き出し直してください。",
                META_SHEET,
                self.meta_cell("items_sha256"),
            )
        sheet_name = meta["main_sheet"]
        if sheet_name not in wb.sheetnames:
            self.fatal(f"シート「{sheet_name}」がありません。", sheet_name)
        ws = wb[sheet_name]
        cols = {k: meta[f"{k}_column"] for k in ("number", "text", "score", "remark")}

        self._check_labels(ws, meta, institution, fy, kind)
        form = self.lookups.form(template, kind)
        entries, rows_of = self._read_items(ws, header_row, cols, form)
        filled_by, filled_on = self._read_cover(ws, meta["filled_by_cell"], meta["filled_on_cell"])
        if any(p.is_error for p in self.problems):
            raise _FileErrors()
        plan = self._plan(
            institution, fy, kind, template, checklist, form.items, entries, rows_of, cols, filled_by, filled_on
        )
        if self.legacy:
            plan.legacy = True
            self.warning(
                "鍵の導入前に書き出された旧形式のブックです（管理情報のチェックサムに鍵がありません）。"
                f"表紙の機関名・年度・区分が機関台帳と一致したため受け付けます。{institution.name}から"
                "返送されたブックであることを確かめてください。今後は jukidesk から書き出し直したブックを使ってください。",
                META_SHEET,
                self.meta_cell(LEGACY_CHECKSUM_KEY),
            )
        return plan

    def _check_labels(self, ws: Worksheet, meta: dict[str, str], institution: Institution, fy: int, kind: str) -> None:
        """The visible 機関名 / 年度 / 区分 must say what the hidden metadata says (a current
        book: as written into it; a format 1 book: as the registry and the year say now)."""
        if self.legacy:
            checks = (
                (INSTITUTION_CELL, "機関名", (institution.name,)),
                (FY_CELL, "年度", tuple(dict.fromkeys(fiscal_year_display(fy, new_era_for_change_year=e) for e in (True, False)))),
                (KIND_CELL, "区分", (CHECKLIST_KIND_LABELS[kind],)),
            )
        else:
            checks = (
                (meta["institution_cell"], "機関名", (meta["institution_name"],)),
                (meta["fy_cell"], "年度", (meta["fy_label"],)),
                (meta["kind_cell"], "区分", (meta["kind_label"],)),
            )
        for ref, label, expected in checks:
            try:
                cell = ws[ref]
            except (ValueError, KeyError, IndexError):
                self.fatal(f"管理情報のセル番地「{ref}」が正しくありません（ファイルが改変されています）。", META_SHEET)
            shown = _text_of(cell.value)
            if shown not in {_text_of(e) for e in expected}:
                self.error(
                    f"{label}「{shown}」が管理情報（機関コード {meta['institution_code']}・{fy}年度・"
                    f"{CHECKLIST_KIND_LABELS[kind]}: {label}「{expected[0]}」）と一致しません。"
                    "ほかの機関や年度のブックが書き換えられている可能性があります。jukidesk から書き出し直してください。",
                    ws.title,
                    ref,
                )

    def _read_items(self, ws: Worksheet, header_row, cols, form: _Form):
        by_number, category_labels = form.by_number, form.category_labels
        entries: dict[int, Entry | None] = {}
        rows_of: dict[int, int] = {}
        sheet = ws.title
        number_at, text_at, score_at, remark_at = (_cells_of(ws, cols[k]) for k in ("number", "text", "score", "remark"))
        for row in range(header_row + 1, ws.max_row + 1):
            number_cell = number_at(row)
            if number_cell.value is None:
                continue
            number = str(number_cell.value).strip()
            if number in category_labels and number not in by_number:
                continue
            item = by_number.get(number)
            if item is None:
                self.error(f"「{number}」はこのチェックリストの項目番号ではありません（行が追加・改変されています）。", sheet, number_cell.coordinate)
                continue
            if item.id in rows_of:
                self.error(
                    f"項目 {number} の行が重複しています（{rows_of[item.id]} 行目にもあります）。", sheet, number_cell.coordinate
                )
                continue
            rows_of[item.id] = row
            text_cell = text_at(row)
            if str(text_cell.value or "") not in (item.shown, item.text):
                self.error(f"項目 {number} の文言が書き出したときと違います（行が改変されています）。", sheet, text_cell.coordinate)
            score_cell = score_at(row)
            remark_cell = remark_at(row)
            bad = False
            for cell in (score_cell, remark_cell):
                if is_formula(cell):
                    self.error("数式は入力できません。値を直接入力してください。", sheet, cell.coordinate)
                    bad = True
            if bad:
                continue
            try:
                score, not_applicable = parse_score_value(score_cell.value)
            except ValueError:
                self.error(
                    f"評価は 1、2、3、{NOT_APPLICABLE_LABEL} のいずれかにしてください（入力値: {score_cell.value}）。",
                    sheet,
                    score_cell.coordinate,
                )
                continue
            remark = _text_of(remark_cell.value)
            if len(remark) > REMARK_MAX_LENGTH:
                self.error(
                    f"項目 {number} の備考が長すぎます（{len(remark)}文字。{REMARK_MAX_LENGTH}文字まで）。",
                    sheet,
                    remark_cell.coordinate,
                )
                continue
            entry = Entry(score, not_applicable, remark)
            if entry.needs_remark:
                self.warning(
                    f"項目 {number} は {score} 点ですが、備考（理由・改善予定）がありません。"
                    "備考を入力するまで、このチェックリストは完了になりません。",
                    sheet,
                    remark_cell.coordinate,
                )
            entries[item.id] = None if entry.is_empty else entry
        for item in form.items:
            if item.id not in rows_of:
                self.error(f"項目 {item.number} の行がありません（行が削除されています）。", sheet, f"{cols['number']}列")
        return entries, rows_of

    def _read_cover(self, ws: Worksheet, by_ref: str, on_ref: str):
        sheet = ws.title
        filled_by, filled_on = "", None
        for ref in (by_ref, on_ref):
            if is_formula(ws[ref]):
                self.error("数式は入力できません。値を直接入力してください。", sheet, ref)
                return filled_by, filled_on
        filled_by = _text_of(ws[by_ref].value)
        if len(filled_by) > FILLED_BY_MAX_LENGTH:
            self.error(f"記入者が長すぎます（{len(filled_by)}文字。{FILLED_BY_MAX_LENGTH}文字まで）。", sheet, by_ref)
        value = ws[on_ref].value
        try:
            filled_on = _date_of(value)
        except ValueError:
            self.error(f"記入日は日付で入力してください（例: 2014/6/30、入力値: {value}）。", sheet, on_ref)
        return filled_by, filled_on

    def _plan(self, institution, fy, kind, template, checklist, items, entries, rows_of, cols, filled_by, filled_on):
        stored = {a.item_id: Entry.of(a) for a in checklist.answers} if checklist is not None else {}
        status_before = checklist.status if checklist is not None else "none"
        plan = FileImport(
            path=self.path,
            institution_id=institution.id,
            institution_name=institution.report_name,
            fy=fy,
            kind=kind,
            template_id=template.id,
            template_version=template.version,
            checklist_exists=checklist is not None,
            status_before=status_before,
            filled_by=filled_by,
            filled_on=filled_on,
            seen=checklist_state(checklist),
        )
        conflicts = []
        final: dict[int, Entry | None] = {}
        for item in items:
            before, incoming = stored.get(item.id), entries.get(item.id)
            if self.replace:
                after = incoming
            else:
                after = _merge(before, incoming)
                if after is None and before is not None:
                    after = before
                if _conflicts(before, incoming):
                    conflicts.append((item, before, incoming))
            final[item.id] = after
            if after != before:
                plan.writes[item.id] = after
                plan.changes.append(ItemChange(item.number, f"{cols['score']}{rows_of[item.id]}", before, after))
        for item, before, incoming in conflicts:
            cell = f"{cols['score']}{rows_of[item.id]}"
            self.error(
                f"項目 {item.number} は既に登録されている回答（{_describe(before)}）と異なります"
                f"（ファイル: {_describe(incoming)}）。置き換える場合は「置き換え」を指定してください（コマンドでは --replace）。",
                MAIN_SHEET,
                cell,
            )
        if checklist is not None:
            new_by = filled_by if (self.replace or filled_by) else checklist.filled_by
            new_on = filled_on if (self.replace or filled_on) else checklist.filled_on
            plan.filled_by, plan.filled_on = new_by, new_on
            plan.cover_changed = (new_by, new_on) != (checklist.filled_by, checklist.filled_on)
        else:
            plan.cover_changed = bool(filled_by or filled_on)
        plan.will_be_complete = all(final.get(item.id) is not None and final[item.id].complete for item in items)
        if status_before == "complete" and (plan.changes or plan.cover_changed) and not self.replace:
            self.error(
                "このチェックリストは完了済みのため、内容を変更できません。置き換える場合は「置き換え」を指定してください"
                "（コマンドでは --replace）。",
                MAIN_SHEET,
            )
        if status_before == "none" and not plan.changes and not plan.cover_changed:
            plan.will_be_complete = False  # an empty form creates nothing
            plan.status_before = "open"
        if any(p.is_error for p in self.problems):
            raise _FileErrors()
        return plan


def _cells_of(ws: Worksheet, column: str):
    """row → the cell of ``column`` in that row: ``ws[f"{column}{row}"]`` without parsing the
    reference each time (a column the metadata gives in another form is looked up as before)."""
    try:
        index = column_index_from_string(column)
    except (ValueError, KeyError, TypeError):
        return lambda row: ws[f"{column}{row}"]
    return lambda row: ws.cell(row=row, column=index)


def checklist_state(checklist: Checklist | None) -> tuple | None:
    """What a plan depends on in a stored checklist: its version, status, cover and answers."""
    if checklist is None:
        return None
    answers = tuple(sorted((a.item_id, Entry.of(a)) for a in checklist.answers))
    return (checklist.template_id, checklist.status, checklist.filled_by, checklist.filled_on, answers)


def _merge(before: Entry | None, incoming: Entry | None) -> Entry | None:
    """Without --replace: the file adds what is missing; a blank cell keeps what is stored."""
    if incoming is None:
        return before
    if before is None:
        return incoming
    score = (incoming.score, incoming.not_applicable) if incoming.answered else (before.score, before.not_applicable)
    remark = incoming.remark or before.remark
    return Entry(score[0], score[1], remark)


def _conflicts(before: Entry | None, incoming: Entry | None) -> bool:
    if before is None or incoming is None:
        return False
    if before.answered and incoming.answered and (before.score, before.not_applicable) != (
        incoming.score,
        incoming.not_applicable,
    ):
        return True
    return bool(before.remark and incoming.remark and before.remark != incoming.remark)


def _describe(entry: Entry | None) -> str:
    if entry is None or entry.is_empty:
        return "未入力"
    text = entry.score_text() or "評価なし"
    return f"{text}、備考あり" if entry.remark else text


def _text_of(value) -> str:
    """A cell's text as it will be stored (control characters are removed on every store,
    so the plan judges the same text the database will hold)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return without_control_characters(str(value)).strip()


_DATE_FORMATS = ("%Y/%m/%d", "%Y-%m-%d", "%Y.%m.%d", "%Y年%m月%d日")


def _date_of(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if not text:
            return None
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise ValueError(value)


# Files a folder holds that are nobody's answers: not listed at all.
_NOISE_NAMES = {"thumbs.db", "desktop.ini"}


def expand_paths(paths: list[Path | str]) -> tuple[list[Path], list[RefusedFile]]:
    """The files to check among ``paths``: a folder stands for every file directly in it
    (Excel's lock files ``~$…``, hidden files and Thumbs.db/desktop.ini left out). Of a
    folder's files, those that are neither an .xlsx nor a book in another format
    (``BOOK_LIKE_SUFFIXES``) come back as refusals with a warning (対象外), so that nothing
    is skipped without a word; a file named on its own is always checked."""
    files: list[Path] = []
    others: list[RefusedFile] = []
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            files.append(path)
            continue
        try:
            entries = sorted(p for p in path.iterdir() if p.is_file())
        except OSError as exc:
            raise JukideskError(f"フォルダ {readable_name(path)} を読めません: {exc.strerror or exc}") from exc
        for entry in entries:
            if entry.name.startswith(("~$", ".")) or entry.name.lower() in _NOISE_NAMES:
                continue
            suffix = entry.suffix.lower()
            if suffix == ".xlsx" or suffix in BOOK_LIKE_SUFFIXES:
                files.append(entry)
            else:
                name = readable_name(entry)
                message = "Excel ブック（.xlsx）ではないため対象外です（取り込みません）。"
                others.append(RefusedFile(entry, name, (Problem(name, message, severity=WARNING),)))
    return files, others


def plan_import(
    session: Session,
    paths: list[Path | str],
    *,
    replace: bool = False,
    fy: int | None = None,
    kind: str | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Read and check every file (a folder: every file in it, see ``expand_paths``); nothing
    is written. ``fy``/``kind`` are what the caller expects (optional): a file for another
    year or kind is then an error. Every file that cannot be taken is in ``refused``."""
    files: list[FileImport] = []
    problems: list[Problem] = []
    seen: dict[tuple[int, str, int], Path] = {}
    if not paths:
        raise ValidationError("取り込むファイルが指定されていません。")
    paths, refused = expand_paths(list(paths))
    for other in refused:
        problems.extend(other.problems)
    if not paths:
        raise ValidationError("取り込む Excel ブック（.xlsx）がありません。")
    lookups = _Lookups(session)
    for done, path in enumerate(paths):
        report(progress, done, len(paths), readable_name(path))
        reader = _Reader(session, path, replace, fy, kind, lookups)
        result = reader.read()
        problems.extend(reader.problems)
        if result is None:
            refused.append(RefusedFile(path, reader.name, tuple(p for p in reader.problems if p.is_error)))
            continue
        key = (result.fy, result.kind, result.institution_id)
        if key in seen:
            problem = Problem(
                reader.name,
                f"{result.institution_name}の{result.fy}年度{CHECKLIST_KIND_LABELS[result.kind]}のファイルが"
                f"一度に2つ指定されています（もう一方: {readable_name(seen[key])}）。どちらか一方にしてください。",
            )
            problems.append(problem)
            refused.append(RefusedFile(path, reader.name, (problem,)))
            continue
        seen[key] = path
        files.append(result)
    report(progress, len(paths), len(paths), "")
    return ImportPlan(files, problems, replace, refused)


@dataclass
class ImportResult:
    changed_files: int = 0
    changed_items: int = 0
    completed: list[str] = field(default_factory=list)
    still_open: list[str] = field(default_factory=list)


# The answers of an import are written in bulk (core.checklists.write_entries); False takes
# the ORM path, one object per answer (the tests compare the two).
BULK_ANSWERS = True

STALE_PLAN_MESSAGE = "確認した後にデータが変わったため、取り込みませんでした。もう一度確認してください。"


def apply_import(session: Session, plan: ImportPlan, *, progress: Progress | None = None) -> ImportResult:
    """Write a checked plan (in the caller's transaction; refuses a plan with errors, and a
    plan made against checklists that have changed since). Takes no backup: the caller does."""
    if not plan.ok:
        raise ValidationError("エラーのあるファイルがあるため、取り込みません。")
    result = ImportResult()
    changed = [file for file in plan.files if file.changed]
    # Read once per import, and held for its length (the session keeps only weak references
    # to unchanged rows): the institutions, the stored checklists, the templates' items.
    # (only held: ensure_checklist's session.get then finds each institution in the session)
    institutions = _institutions_of(session, {file.institution_id for file in changed})  # noqa: F841
    checklists: dict[tuple[int, str], dict[int, Checklist]] = {}
    for fy, kind in {(file.fy, file.kind) for file in changed}:
        ids = [file.institution_id for file in changed if (file.fy, file.kind) == (fy, kind)]
        checklists[(fy, kind)] = _checklists_of(session, fy, kind, ids)
    templates: dict[int, tuple[ChecklistTemplate, dict[int, TemplateItem]]] = {}
    in_force: dict[int, ChecklistTemplate] = {}  # the template of a year, for new checklists
    for done, file in enumerate(plan.files):
        report(progress, done, len(plan.files), file.institution_name)
        if not file.changed:
            continue
        try:
            found = checklists[(file.fy, file.kind)].get(file.institution_id)
            _apply_file(session, file, found, templates, in_force)
        except ValidationError as exc:  # the plan checks all of this: the data changed since
            raise ValidationError(f"{readable_name(file.path)}: {exc}") from exc
        result.changed_files += 1
        result.changed_items += len(file.changes)
        (result.completed if file.will_be_complete else result.still_open).append(file.institution_name)
    report(progress, len(plan.files), len(plan.files), "")
    session.flush()
    return result


def _institutions_of(session: Session, ids: set[int]) -> dict[int, Institution]:
    return {
        institution.id: institution
        for batch in in_batches(ids)
        for institution in session.scalars(select(Institution).where(Institution.id.in_(batch)))
    }


def _apply_file(
    session: Session,
    file: FileImport,
    found: Checklist | None,
    templates: dict[int, tuple[ChecklistTemplate, dict[int, TemplateItem]]],
    in_force: dict[int, ChecklistTemplate],
) -> None:
    """Write one file. ``found``: its stored checklist, read in this transaction (or None);
    ``templates``: the templates' items by id, filled as they are met; ``in_force``: the
    template in force by year (``ensure_checklist``)."""
    if checklist_state(found) != file.seen:
        raise ValidationError(STALE_PLAN_MESSAGE)
    checklist = ensure_checklist(session, file.fy, file.kind, file.institution_id, found=found, in_force=in_force)
    if checklist.template_id != file.template_id:  # checked in the plan; guard against a stale plan
        raise ValidationError("テンプレートの版が変わったため取り込めません。")
    was_complete = checklist.status == "complete"
    if checklist.template_id not in templates:
        template = checklist.template
        templates[checklist.template_id] = (template, {item.id: item for item in template.items})
    items = templates[checklist.template_id][1]
    # A checklist made just now has no answers: not loaded (an empty query per book).
    stored = {answer.item_id: answer for answer in checklist.answers} if found is not None else {}
    # The entries stored once the writes are done, for completing without reloading them.
    after = {item_id: Entry.of(answer) for item_id, answer in stored.items()}
    for item_id, entry in file.writes.items():
        if entry is None or entry.is_empty:
            after.pop(item_id, None)
        else:
            after[item_id] = entry
    if BULK_ANSWERS:
        write_entries(session, checklist, file.writes, items, stored)
    else:  # the ORM path, one object per answer (kept to prove the bulk path writes the same)
        for item_id, entry in file.writes.items():
            write_entry(session, checklist, items[item_id], entry, answers_by_item=stored)
    set_cover(session, checklist, file.filled_by, file.filled_on)
    session.flush()
    note = f"取り込み: {readable_name(file.path)}"
    if file.changes or file.cover_changed:
        record_event(session, checklist, "import", note + (f"（{len(file.changes)} 項目）" if file.changes else ""))
    if file.will_be_complete and not was_complete:
        complete_checklist(session, checklist.id, note, entries=after)
    elif was_complete and not file.will_be_complete:
        reopen_checklist(session, checklist.id, note + "（置き換えで未入力の項目が生じたため）")
