"""Opening workbooks that come from outside, safely, and writing user text into cells.

A workbook sent back by an institution is untrusted input. Before openpyxl parses it:
- only ``.xlsx`` is accepted (``.xlsm`` and other macro formats are refused, and so is a
  renamed file that carries a VBA project; ``BOOK_LIKE_SUFFIXES`` are the other formats a
  returned book may have been saved in, refused with how to save it again);
- it must be a zip file, with a bounded number of members and bounded uncompressed sizes
  and compression ratios (zip bombs are refused without being inflated);
- openpyxl parses XML with defusedxml (checked when this module is imported: without it,
  entity-expansion attacks would go through).
- sheets with too many rows or cells are refused from the XML stream, before parsing;
After loading, sheets with too many rows or columns are refused. Values are read as
stored (``data_only=False``) so a formula is seen as a formula, never as its cached value.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.xml import DEFUSEDXML

from jukidesk.base.errors import JukideskError

if not DEFUSEDXML:  # not an assert: it must hold under ``python -O`` too
    raise ImportError("defusedxml がインストールされていません。安全に Excel ブックを読み込めないため中止します。")

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_MEMBER_BYTES = 60 * 1024 * 1024
MAX_TOTAL_BYTES = 150 * 1024 * 1024
MAX_RATIO = 150  # uncompressed / compressed, checked for members larger than 1 MB
MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_CELLS = 100_000  # all sheets together: keeps openpyxl's objects well under 200 MB
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024

MACRO_SUFFIXES = {".xlsm", ".xltm", ".xlam", ".xlsb"}
ACCEPTED_SUFFIXES = {".xlsx"}
# Probably a workbook saved in a format that cannot be read: in a folder of returned books,
# such a file is an error (someone's answers would be missing), not a stray file.
BOOK_LIKE_SUFFIXES = MACRO_SUFFIXES | {".xls", ".xlt", ".xltx", ".ods", ".csv", ".numbers"}


class WorkbookRefused(JukideskError):
    """The file cannot be read as a safe .xlsx workbook; the message says why."""


def check_container(path: Path) -> None:
    """Every check that can be made without parsing the workbook."""
    suffix = path.suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise WorkbookRefused("マクロ付きのブック（.xlsm など）は読み込めません。Excel で「.xlsx」形式で保存し直してください。")
    if suffix == ".xls":
        raise WorkbookRefused("古い形式の Excel ブック（.xls）は読み込めません。Excel で「.xlsx」形式で保存し直してください。")
    if suffix in BOOK_LIKE_SUFFIXES:
        raise WorkbookRefused(f"Excel ブック（.xlsx）ではありません（{suffix}）。Excel で「.xlsx」形式で保存し直してください。")
    if suffix not in ACCEPTED_SUFFIXES:
        raise WorkbookRefused("Excel ブック（.xlsx）ではありません。")
    if not path.exists():
        raise WorkbookRefused("ファイルが見つかりません。")
    if not path.is_file():
        raise WorkbookRefused("ファイルではありません（フォルダなど）。")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise WorkbookRefused(f"ファイルが大きすぎます（{size // (1024 * 1024)} MB、上限 {MAX_FILE_BYTES // (1024 * 1024)} MB）。")
    if not zipfile.is_zipfile(path):
        raise WorkbookRefused("Excel ブックとして読み込めません（壊れているか、別の形式のファイルです）。")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else None
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        raise WorkbookRefused(f"Excel ブックとして読み込めません（壊れています: {exc}）。") from exc
    if len(members) > MAX_MEMBERS:
        raise WorkbookRefused(f"ブックの構成要素が多すぎます（{len(members)} 個）。安全のため読み込みません。")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise WorkbookRefused("展開後のサイズが大きすぎます。安全のため読み込みません。")
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise WorkbookRefused("圧縮率が異常に高い部分があります（zip 爆弾の可能性）。安全のため読み込みません。")
    if content_types is None or "xl/workbook.xml" not in names:
        raise WorkbookRefused("Excel ブックとして読み込めません（ブックの構成が壊れています）。")
    if any(name.lower().endswith("vbaproject.bin") for name in names) or b"macroEnabled" in content_types:
        raise WorkbookRefused("マクロを含むブックは読み込めません。Excel で「.xlsx」形式で保存し直してください。")
    _check_sheet_sizes(path, members)


def _count_tags(archive: zipfile.ZipFile, member: zipfile.ZipInfo, tags: tuple[bytes, ...]) -> dict[bytes, int]:
    """Occurrences of each tag in a member, read as a stream (constant memory, no parsing)."""
    counts = dict.fromkeys(tags, 0)
    tail = b""
    with archive.open(member) as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            data = tail + chunk
            for tag in tags:
                # Count only matches that end in the new part, so none is counted twice.
                counts[tag] += data.count(tag) - tail.count(tag)
            tail = data[-16:]
    return counts


def _check_sheet_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Refuse an oversized sheet from the archive's own XML, before openpyxl builds a Python
    object per cell: a 17 MB book of 146 MB XML took 2 minutes and 2.2 GB of memory to be
    refused after a full parse. Counting row and cell tags in the stream takes well under a
    second and stays within a few MB."""
    sheets = [m for m in members if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")]
    strings = [m for m in members if m.filename == "xl/sharedStrings.xml"]
    if strings and strings[0].file_size > MAX_SHARED_STRINGS_BYTES:
        raise WorkbookRefused(
            f"文字列の量が多すぎます（{strings[0].file_size // (1024 * 1024)} MB）。安全のため読み込みません。"
        )
    cells = 0
    with zipfile.ZipFile(path) as archive:
        for member in sheets:
            counts = _count_tags(archive, member, (b"<row", b"<c ", b"<c>"))
            rows, cells_here = counts[b"<row"], counts[b"<c "] + counts[b"<c>"]
            cells += cells_here
            if rows > MAX_ROWS or cells > MAX_CELLS:
                name = member.filename.rsplit("/", 1)[-1]
                raise WorkbookRefused(
                    f"シート（{name}）の大きさが上限を超えています（{rows} 行・{cells_here} セル、上限 {MAX_ROWS} 行・"
                    f"ブック全体で {MAX_CELLS} セル）。安全のため読み込みません。"
                )


def open_workbook(path: Path | str, *, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS) -> Workbook:
    """Load an untrusted .xlsx after ``check_container``; raises ``WorkbookRefused``."""
    path = Path(path)
    check_container(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=False, data_only=False, keep_vba=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on broken files; all mean the same here
        raise WorkbookRefused(f"Excel ブックとして読み込めません（壊れています: {type(exc).__name__}）。") from exc
    for sheet in workbook.worksheets:
        if sheet.max_row > max_rows or sheet.max_column > max_columns:
            workbook.close()
            raise WorkbookRefused(
                f"シート「{sheet.title}」の大きさが上限を超えています"
                f"（{sheet.max_row} 行 × {sheet.max_column} 列、上限 {max_rows} 行 × {max_columns} 列）。"
            )
    return workbook


def is_formula(cell: Cell) -> bool:
    """A formula where a value belongs (plain, array or data-table formula)."""
    return cell.data_type == "f" or isinstance(cell.value, (ArrayFormula, DataTableFormula))


