"""A corpus of hostile and broken workbooks, built on demand in a temporary folder.

Each ``make_*`` function writes one bad file into ``folder`` and returns its path. Those
taking ``base`` start from a valid checklist form (``valid_form``) so that only the one
defect differs. Files stay small on disk (a zip bomb is ~100 KB, the "1,000,000-row"
sheet a few KB); what they would cost when parsed naively is the point.

``CORPUS`` lists them all: name → (maker, what the importer must say). Tests iterate it;
to add a case, write a maker and one line in CORPUS.
"""

from __future__ import annotations

import os
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MAIN_SHEET = "チェックリスト"  # the form's visible sheet (exchange/checklist_xlsx.MAIN_SHEET)


def valid_form(db_path: Path, folder: Path, *, fy: int = 2014, kind: str = "self", code: str = "201") -> Path:
    """A freshly exported checklist form (the same as an institution receives)."""
    from jukidesk.cli import main

    out = folder / "valid"
    assert main(["checklist", "export", "--db", str(db_path), "--fy", str(fy), "--kind", kind, "--out", str(out), "--institution", code]) == 0
    (path,) = sorted(out.glob("*.xlsx"))
    return path


# ---------------------------------------------------------------------------------------
# zip helpers


def rewrite_zip(
    source: Path,
    target: Path,
    *,
    change: dict[str, Callable[[bytes], bytes]] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """Copy a workbook member by member, changing or adding some members."""
    change, add = change or {}, add or {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename in change:
                data = change[info.filename](data)
            dst.writestr(info.filename, data)
        for name, data in add.items():
            dst.writestr(name, data)
    return target


def sheet_member(path: Path, title: str = MAIN_SHEET) -> str:
    """The zip member holding the sheet ``title`` (via workbook.xml and its relationships)."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    sheet = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*/>', workbook)
    rid = re.search(r'r:id="([^"]+)"|id="([^"]+)"', sheet.group(0).split("sheetId")[1])
    rid_value = rid.group(1) or rid.group(2)
    target = re.search(rf'<Relationship [^>]*Id="{rid_value}"[^>]*/>', rels).group(0)
    member = re.search(r'Target="([^"]+)"', target).group(1)
    return member.lstrip("/") if member.startswith("/") else f"xl/{member}"


def _answer_rows(path: Path) -> list[int]:
    import openpyxl

    sheet = openpyxl.load_workbook(path)[MAIN_SHEET]
    return [r for r in range(1, sheet.max_row + 1) if sheet[f"D{r}"].protection.locked is False and sheet[f"A{r}"].value]


# ---------------------------------------------------------------------------------------
# the bad files


def make_not_a_zip(folder: Path, base: Path | None = None) -> Path:
    path = folder / "2014_自己点検_偽物.xlsx"
    path.write_text("機関名,点数\n佐久地方事務所,3\n", encoding="cp932")  # a CSV renamed to .xlsx
    return path


def make_empty(folder: Path, base: Path | None = None) -> Path:
    path = folder / "空のファイル.xlsx"
    path.write_bytes(b"")
    return path


def make_truncated(folder: Path, base: Path) -> Path:
    path = folder / "途中で切れた.xlsx"
    data = base.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def make_zip_bomb(folder: Path, base: Path, *, megabytes: int = 100) -> Path:
    """A valid form plus one member that inflates to ``megabytes`` MB (about 100 KB on disk)."""
    path = folder / "zip爆弾.xlsx"
    rewrite_zip(base, path)
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/image1.bin", "w", force_zip64=True) as stream:
            for _ in range(megabytes):
                stream.write(chunk)
    return path


def make_xml_bomb(folder: Path, base: Path) -> Path:
    """Billion laughs in the checklist sheet's XML (nine levels of ten: 10^9 'lol')."""
    path = folder / "XML爆弾.xlsx"
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    doctype = "<!DOCTYPE worksheet [" + "".join(entities) + "]>"

    def bomb(data: bytes) -> bytes:
        text = data.decode("utf-8")
        root = text.index("<worksheet")
        text = text[:root] + doctype + text[root:]
        text = text.replace("<t>", "<t>&lol9;", 1)
        return text.encode("utf-8")

    return rewrite_zip(base, path, change={sheet_member(base): bomb})


def make_xlsm_with_macros(folder: Path, base: Path) -> Path:
    path = folder / "マクロ付き.xlsm"

    def macro_content_types(data: bytes) -> bytes:
        text = data.decode("utf-8").replace(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
        text = text.replace(
            "</Types>",
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
        )
        return text.encode("utf-8")

    return rewrite_zip(
        base,
        path,
        change={"[Content_Types].xml": macro_content_types},
        add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name = \"Module1\"\0" * 40},
    )


def make_vba_in_xlsx(folder: Path, base: Path) -> Path:
    """The same macro project smuggled into a file named .xlsx."""
    xlsm = make_xlsm_with_macros(folder, base)
    path = folder / "マクロ入り.xlsx"
    os.replace(xlsm, path)
    return path


def make_million_rows(folder: Path, base: Path) -> Path:
    """The sheet declares 1,000,000 rows (dimension, and one cell at the last row)."""
    path = folder / "百万行.xlsx"

    def huge(data: bytes) -> bytes:
        text = data.decode("utf-8")
        text = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:F1000000"/>', text)
        far = '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>末尾</t></is></c></row>'
        text = text.replace("</sheetData>", far + "</sheetData>", 1)
        return text.encode("utf-8")

    return rewrite_zip(base, path, change={sheet_member(base): huge})


def make_formulas_in_answers(folder: Path, base: Path) -> Path:
    import openpyxl

    path = folder / "数式入り.xlsx"
    workbook = openpyxl.load_workbook(base)
    sheet = workbook[MAIN_SHEET]
    rows = _answer_rows(base)
    for row in rows:
        sheet[f"D{row}"] = 3
    sheet[f"D{rows[1]}"] = "=1+2"
    sheet[f"E{rows[2]}"] = '=HYPERLINK("http://example.invalid/","詳細")'
    workbook.save(path)
    return path


def make_external_link(folder: Path, base: Path) -> Path:
    """An answer taken from another workbook through an external link."""
    import openpyxl

    filled = folder / "外部参照_元.xlsx"
    workbook = openpyxl.load_workbook(base)
    sheet = workbook[MAIN_SHEET]
    rows = _answer_rows(base)
    for row in rows:
        sheet[f"D{row}"] = 3
    sheet[f"D{rows[0]}"] = "=[1]Sheet1!$A$1"
    workbook.save(filled)
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    link = (
        f'<externalLink xmlns="{main_ns}" xmlns:r="{rel_ns}"><externalBook r:id="rId1">'
        '<sheetNames><sheetName val="Sheet1"/></sheetNames>'
        '<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>3</v></cell></row></sheetData></sheetDataSet>'
        "</externalBook></externalLink>"
    )
    link_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
        'Target="file:///C:/Users/other/secret.xlsx" TargetMode="External"/></Relationships>'
    )

    def add_reference(data: bytes) -> bytes:
        return data.decode("utf-8").replace(
            "</sheets>", '</sheets><externalReferences><externalReference r:id="rIdExt1"/></externalReferences>', 1
        ).encode("utf-8")

    def add_relationship(data: bytes) -> bytes:
        return data.decode("utf-8").replace(
            "</Relationships>",
            '<Relationship Id="rIdExt1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" '
            'Target="externalLinks/externalLink1.xml"/></Relationships>',
        ).encode("utf-8")

    def add_override(data: bytes) -> bytes:
        return data.decode("utf-8").replace(
            "</Types>",
            '<Override PartName="/xl/externalLinks/externalLink1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>',
        ).encode("utf-8")

    path = folder / "外部参照.xlsx"
    rewrite_zip(
        filled,
        path,
        change={
            "xl/workbook.xml": add_reference,
            "xl/_rels/workbook.xml.rels": add_relationship,
            "[Content_Types].xml": add_override,
        },
        add={
            "xl/externalLinks/externalLink1.xml": link.encode("utf-8"),
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels.encode("utf-8"),
        },
    )
    filled.unlink()
    return path


def make_wrong_sheet_name(folder: Path, base: Path) -> Path:
    import openpyxl

    path = folder / "シート名違い.xlsx"
    workbook = openpyxl.load_workbook(base)
    workbook[MAIN_SHEET].title = "Sheet1"
    workbook.save(path)
    return path


def _filled(base: Path, path: Path, *, remark: str | None = None):
    """A copy of the valid form with every item answered 3 (and the first remark set)."""
    import openpyxl

    workbook = openpyxl.load_workbook(base)
    sheet = workbook[MAIN_SHEET]
    rows = _answer_rows(base)
    for row in rows:
        sheet[f"D{row}"] = 3
    if remark is not None:
        sheet[f"E{rows[0]}"] = remark
    workbook.save(path)
    return workbook


def _rewrite_meta(path: Path, changes: dict[str, str], *, legacy: bool) -> None:
    """What a forger without the data file's key can do: change metadata rows and recompute
    an unkeyed SHA-256 in the last row — of the rows of an old (format 1) book when
    ``legacy``, of all rows as they are otherwise."""
    import hashlib

    import openpyxl

    legacy_keys = (
        "format", "format_version", "template_name", "template_version", "institution_code", "fy", "kind",
        "main_sheet", "header_row", "filled_by_cell", "filled_on_cell", "number_column", "text_column",
        "score_column", "remark_column", "items_sha256",
    )
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["jukidesk"]
    values = {sheet[f"A{r}"].value: sheet[f"B{r}"].value for r in range(1, sheet.max_row + 1) if sheet[f"A{r}"].value}
    values.update(changes)
    if legacy:
        values["format_version"] = "1"
        keys = list(legacy_keys)
    else:
        keys = list(values)[:-1]
    sheet.delete_rows(1, sheet.max_row)
    pairs = [(key, "" if values[key] is None else str(values[key])) for key in keys]
    for row, (key, value) in enumerate(pairs, start=1):
        sheet[f"A{row}"], sheet[f"B{row}"] = key, value
    last = "meta_sha256" if legacy else list(values)[-1]
    digest = hashlib.sha256("\n".join(f"{k}={v}" for k, v in pairs).encode("utf-8")).hexdigest()
    sheet[f"A{len(pairs) + 1}"], sheet[f"B{len(pairs) + 1}"] = last, digest
    workbook.save(path)


def make_forged_institution(folder: Path, base: Path) -> Path:
    """佐久's answers relabelled as 上小's in an old-format book: the cover still says 佐久."""
    path = folder / "機関コード書き換え.xlsx"
    _filled(base, path)
    _rewrite_meta(path, {"institution_code": "202"}, legacy=True)
    return path


def make_unkeyed_checksum(folder: Path, base: Path) -> Path:
    """The cover and the code both changed to 上小's, the checksum recomputed without the key."""
    path = folder / "鍵なしチェックサム.xlsx"
    workbook = _filled(base, path)
    workbook[MAIN_SHEET]["B3"] = "上小地方事務所地域政策課"
    workbook.save(path)
    _rewrite_meta(path, {"institution_code": "202"}, legacy=False)
    return path


def make_cover_changed(folder: Path, base: Path) -> Path:
    path = folder / "表紙の機関名違い.xlsx"
    workbook = _filled(base, path)
    workbook[MAIN_SHEET]["B3"] = "上小地方事務所地域政策課"
    workbook.save(path)
    return path


def make_long_remark(folder: Path, base: Path) -> Path:
    path = folder / "備考が長い.xlsx"
    _filled(base, path, remark="長" * 2001)
    return path


NON_UTF8_NAME = "非UTF-8".encode("utf-8") + b"_\x82\xa0\x82\xa2.xlsx"  # Shift_JIS あい in a UTF-8 world


def make_non_utf8_name(folder: Path, base: Path | None = None) -> Path:
    """A broken workbook under a file name that is not valid UTF-8 (Linux/Unix only)."""
    if sys.platform in ("win32", "darwin"):
        raise OSError("file names are always Unicode on this platform")
    raw = os.path.join(os.fsencode(folder), NON_UTF8_NAME)
    with open(raw, "wb") as stream:
        stream.write(b"not a workbook")
    return Path(os.fsdecode(raw))


@dataclass(frozen=True)
class BadFile:
    maker: Callable[..., Path]
    expect: str  # a fragment the Japanese message must contain
    needs_base: bool = True
    subprocess: bool = False  # run the command in a child process with real standard streams


CORPUS: dict[str, BadFile] = {
    "not a zip": BadFile(make_not_a_zip, "Excel ブックとして読み込めません", needs_base=False),
    "empty file": BadFile(make_empty, "読み込めません", needs_base=False),
    "truncated": BadFile(make_truncated, "読み込めません"),
    "zip bomb": BadFile(make_zip_bomb, "大きすぎます"),
    "XML bomb": BadFile(make_xml_bomb, "読み込めません"),
    ".xlsm with macros": BadFile(make_xlsm_with_macros, "マクロ"),
    "macros in .xlsx": BadFile(make_vba_in_xlsx, "マクロ"),
    "1,000,000 rows": BadFile(make_million_rows, "上限を超えています"),
    "formulas in answers": BadFile(make_formulas_in_answers, "数式"),
    "external link": BadFile(make_external_link, "数式"),
    "wrong sheet name": BadFile(make_wrong_sheet_name, MAIN_SHEET),
    "non-UTF-8 file name": BadFile(make_non_utf8_name, "読み込めません", needs_base=False, subprocess=True),
    "forged institution code": BadFile(make_forged_institution, "機関名「佐久地方事務所地域政策課」が管理情報"),
    "checksum without the key": BadFile(make_unkeyed_checksum, "チェックサム（鍵付き）が一致しません"),
    "cover changed": BadFile(make_cover_changed, "一致しません"),
    "remark too long": BadFile(make_long_remark, "備考が長すぎます"),
}


def build(name: str, folder: Path, base: Path | None) -> Path:
    spec = CORPUS[name]
    folder.mkdir(parents=True, exist_ok=True)
    return spec.maker(folder, base) if spec.needs_base else spec.maker(folder)
