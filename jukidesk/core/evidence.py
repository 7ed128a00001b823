"""Evidence: files attached to an answer, a finding, an audit or a drill.

Each attachment has its own evidence date (the date of the scanned document or the photo,
not the upload date), a description, the original file name, its size and SHA-256. The
bytes are stored inside the database file (table ``attachment_content``), so a backup or
a restore carries them, byte for byte.

Rules kept here:
- a file larger than the setting ``attachment_max_mb`` (default 20 MB) is refused and
  nothing is stored; so is a program or script (``.exe``, ``.bat``, ``.js`` …);
- the content is judged too, not only the name (``check_content``): a program or script
  by its content (MZ, ELF, Mach-O, a shortcut, ``#!``, a batch or script file) is refused
  whatever its name, and a file whose extension claims a known type (PDF, the images,
  Word/Excel/PowerPoint old and new, text/CSV) must have that type's content — an .exe
  renamed .pdf, or a PNG named .jpg, is refused saying what it really is;
- a file name that is not valid UTF-8 is stored (and shown) readably, the bad bytes as
  U+FFFD (``base.files.readable_name``);
- opening never executes anything: the GUI writes a copy to a temporary folder
  (:func:`extract`) and hands it to the system viewer only when :func:`open_action` says
  ``"open"`` (documents and images); anything else only has its folder shown;
- a copy is checked against the stored SHA-256 before it is written; a content stored as
  TEXT (a tool that rewrote the table) is refused with a Japanese message.

The owner of an answer's evidence is the checklist and the item (``Owner("answer",
checklist_id, item_id)``), not the answer row, so clearing and re-entering a score keeps
the evidence. Owners are polymorphic (no foreign key): an attachment whose owner was
deleted stays listed (``owner_label`` says 削除済み) rather than being lost silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.base.files import atomic_output, readable_name
from jukidesk.base.fiscal import YearStyle
from jukidesk.base.vocabulary import ATTACHMENT_OWNER_LABELS, CHECKLIST_KIND_LABELS
from jukidesk.core.settings import get_setting, year_style
from jukidesk.storage.models import Audit, Checklist, Finding, Institution, TemplateItem
from jukidesk.storage.models_evidence import ATTACHMENT_OWNER_TYPES, Attachment, AttachmentContent
from jukidesk.storage.models_municipal import Drill

MB = 1024 * 1024
DESCRIPTION_MAX_LENGTH = 2000
FILE_NAME_MAX_LENGTH = 255
_CHUNK = 1024 * 1024

# Never stored: programs, scripts, installers, shortcuts and other files Windows would run.
BLOCKED_EXTENSIONS = frozenset(
    ".exe .com .bat .cmd .js .jse .vbs .vbe .wsf .wsh .ws .ps1 .psm1 .psd1 .msi .msp .mst .lnk .url .scr .hta "
    ".pif .cpl .jar .reg .inf .scf .application .gadget .msc .dll .sys .ocx .appx .msix .appref-ms .vb "
    ".sh .py .pyw .pl .rb .php .iso .img .vhd .vhdx .xll .xla .xlam .ppam .chm .settingcontent-ms".split()
)
# Opened in the system viewer: documents and images without macros. Anything else (and any
# macro-enabled Office file) is only shown in its folder.
VIEWABLE_EXTENSIONS = frozenset(
    ".pdf .png .jpg .jpeg .gif .bmp .tif .tiff .webp .heic .txt .csv .xlsx .xls .docx .doc .pptx .ppt "
    ".odt .ods .odp .rtf".split()
)
_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


@dataclass(frozen=True)
class Owner:
    """What an attachment belongs to. For an answer: ``Owner("answer", checklist_id, item_id)``."""

    type: str
    id: int
    item_id: int | None = None

    def __post_init__(self):
        if self.type not in ATTACHMENT_OWNER_TYPES:
            raise ValidationError(f"証拠資料の添付先の種類が正しくありません: {self.type}")
        if (self.type == "answer") != (self.item_id is not None):
            raise ValidationError("回答の証拠資料には、チェックリストと項目の両方を指定してください。")


@dataclass(frozen=True)
class AttachmentInfo:
    """One attachment as plain data (for lists, the CLI's JSON and the GUI's table)."""

    id: int
    owner: Owner
    owner_label: str
    evidence_date: dt.date | None
    description: str
    file_name: str
    size: int
    sha256: str
    added_at: dt.datetime
    added_by: str

    @property
    def size_text(self) -> str:
        return size_text(self.size)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "owner_type": self.owner.type,
            "owner_id": self.owner.id,
            "item_id": self.owner.item_id,
            "owner": self.owner_label,
            "evidence_date": self.evidence_date.isoformat() if self.evidence_date else None,
            "description": self.description,
            "file_name": self.file_name,
            "size": self.size,
            "sha256": self.sha256,
            "added_at": self.added_at.isoformat(sep=" ", timespec="seconds"),
            "added_by": self.added_by,
        }


def size_text(size: int) -> str:
    """'532 バイト' / '12.4 KB' / '3.1 MB'."""
    if size < 1024:
        return f"{size} バイト"
    if size < MB:
        return f"{size / 1024:.1f} KB"
    return f"{size / MB:.1f} MB"


def max_bytes(session: Session) -> int:
    return int(get_setting(session, "attachment_max_mb")) * MB


def _extension(file_name: str) -> str:
    # Windows ignores trailing dots and spaces ("a.exe. " runs as a.exe).
    name = file_name.rstrip(". ")
    return Path(name).suffix.lower()


def is_blocked(file_name: str) -> bool:
    return _extension(file_name) in BLOCKED_EXTENSIONS


def open_action(file_name: str) -> str:
    """``"open"`` for a document or image the system viewer may open, else ``"reveal"``
    (only the folder with the copy is shown; nothing is run)."""
    return "open" if _extension(file_name) in VIEWABLE_EXTENSIONS else "reveal"


def safe_file_name(file_name: str) -> str:
    """The name used for a copy on disk: no path, no characters Windows refuses, no
    trailing dots or spaces, not empty."""
    name = unicodedata.normalize("NFC", Path(file_name.replace("\\", "/")).name)
    name = _UNSAFE_CHARS.sub("_", name).strip().rstrip(". ")
    if not name or name in {".", ".."}:
        name = "attachment"
    stem, suffix = Path(name).stem, Path(name).suffix
    if len(name) > 150:
        name = stem[: 150 - len(suffix)] + suffix
    if stem.upper().split(".")[0] in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}:
        name = "_" + name
    return name


# ---------------------------------------------------------------------------------------
# What the content is


def _shown(path: Path | str) -> str:
    """A path as printable text (bytes of a name that are not valid UTF-8 shown as U+FFFD)."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


_MACH_O = {b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"}
_SHORTCUT = b"L\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00F"
# How a script starts (after a BOM, blank space and case): a shell or interpreter line, a
# batch file, HTML application or Windows Script Host file.
_SCRIPT_STARTS = (b"#!", b"@echo", b"<script", b"<job", b"<package", b"<hta:")


def program_kind(data: bytes) -> str | None:
    """What kind of program or script ``data`` is, by its content; ``None`` if none."""
    head = data[:4096]
    if head[:2] == b"MZ" and b"\x00" in head[:1024]:  # text never holds NUL: a DOS/Windows program
        return "Windows のプログラム（MZ）"
    if head[:4] == b"\x7fELF":
        return "Linux などのプログラム（ELF）"
    if head[:4] in _MACH_O:
        return "macOS のプログラムまたは Java のクラス"
    if head[:20] == _SHORTCUT:
        return "Windows のショートカット"
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if start.startswith(_SCRIPT_STARTS):
        return "スクリプト"
    return None


def _office_parts(data: bytes) -> tuple[set[str], str] | None:
    """(member names, [Content_Types].xml) of an Office Open XML / OpenDocument container,
    ``None`` when ``data`` is not a readable zip (a bomb's content types are not inflated)."""
    if data[:4] != b"PK\x03\x04":
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            text = ""
            for member in ("[Content_Types].xml", "mimetype"):
                if member in names and archive.getinfo(member).file_size <= 1024 * 1024:
                    text += archive.read(member).decode("utf-8", "replace")
    except Exception:  # zipfile raises many kinds on a broken or hostile archive
        return None
    return names, text


_OOXML_TYPES = {
    "docx": "wordprocessingml.document.main+xml",
    "docm": "ms-word.document.macroEnabled.main+xml",
    "xlsx": "spreadsheetml.sheet.main+xml",
    "xlsm": "ms-excel.sheet.macroEnabled.main+xml",
    "pptx": "presentationml.presentation.main+xml",
    "pptm": "ms-powerpoint.presentation.macroEnabled.main+xml",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


def _container(kind: str) -> Callable[[bytes], bool]:
    def check(data: bytes) -> bool:
        parts = _office_parts(data)
        if parts is None:
            return False
        _names, text = parts
        if kind.startswith("od"):
            return text.strip() == _OOXML_TYPES[kind] or text.startswith(_OOXML_TYPES[kind])
        return ("/" + _OOXML_TYPES[kind]) in text or ("." + _OOXML_TYPES[kind]) in text

    return check


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "cp932"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def _is_markup_table(data: bytes) -> bool:
    start = data[:512].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return start.startswith((b"<html", b"<?xml", b"<!doctype html", b"<table")) and _is_text(data)


@dataclass(frozen=True)
class ContentType:
    label: str
    extension: str  # what to rename a file to when this is what it really is
    matches: Callable[[bytes], bool]


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
CONTENT_TYPES: dict[str, ContentType] = {
    "pdf": ContentType("PDF", ".pdf", lambda d: b"%PDF-" in d[:1024]),
    "png": ContentType("PNG 画像", ".png", lambda d: d.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpeg": ContentType("JPEG 画像", ".jpg", lambda d: d.startswith(b"\xff\xd8\xff")),
    "gif": ContentType("GIF 画像", ".gif", lambda d: d[:6] in (b"GIF87a", b"GIF89a")),
    "tiff": ContentType("TIFF 画像", ".tif", lambda d: d[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")),
    "bmp": ContentType("BMP 画像", ".bmp", lambda d: d[:2] == b"BM" and len(d) >= 26),
    "webp": ContentType("WebP 画像", ".webp", lambda d: d[:4] == b"RIFF" and d[8:12] == b"WEBP"),
    "heic": ContentType("HEIC 画像", ".heic", lambda d: d[4:8] == b"ftyp" and d[8:12] in _HEIF_BRANDS),
    "docx": ContentType("Word 文書（.docx）", ".docx", _container("docx")),
    "docm": ContentType("マクロ付きの Word 文書（.docm）", ".docm", _container("docm")),
    "xlsx": ContentType("Excel ブック（.xlsx）", ".xlsx", _container("xlsx")),
    "xlsm": ContentType("マクロ付きの Excel ブック（.xlsm）", ".xlsm", _container("xlsm")),
    "pptx": ContentType("PowerPoint プレゼンテーション（.pptx）", ".pptx", _container("pptx")),
    "pptm": ContentType("マクロ付きの PowerPoint プレゼンテーション（.pptm）", ".pptm", _container("pptm")),
    "odt": ContentType("OpenDocument テキスト（.odt）", ".odt", _container("odt")),
    "ods": ContentType("OpenDocument スプレッドシート（.ods）", ".ods", _container("ods")),
    "odp": ContentType("OpenDocument プレゼンテーション（.odp）", ".odp", _container("odp")),
    # Word saves RTF under .doc, and many systems export an HTML or XML table as .xls:
    # both open in Office as they are.
    "doc": ContentType("Word 文書（.doc）", ".doc", lambda d: d.startswith((_OLE2, b"{\\rtf"))),
    "xls": ContentType("Excel ブック（.xls）", ".xls", lambda d: d.startswith(_OLE2) or _is_markup_table(d)),
    "ppt": ContentType("PowerPoint プレゼンテーション（.ppt）", ".ppt", lambda d: d.startswith(_OLE2)),
    "rtf": ContentType("リッチテキスト（.rtf）", ".rtf", lambda d: d.startswith(b"{\\rtf")),
    "text": ContentType("テキスト（UTF-8 またはシフト JIS、NUL 文字なし）", ".txt", _is_text),
}
# The type each extension claims (an extension not listed claims nothing: only programs
# are refused by content then).
CLAIMED_TYPES = {
    ".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".jpe": "jpeg", ".gif": "gif",
    ".tif": "tiff", ".tiff": "tiff", ".bmp": "bmp", ".webp": "webp", ".heic": "heic", ".heif": "heic",
    ".docx": "docx", ".docm": "docm", ".xlsx": "xlsx", ".xlsm": "xlsm", ".pptx": "pptx", ".pptm": "pptm",
    ".odt": "odt", ".ods": "ods", ".odp": "odp", ".doc": "doc", ".xls": "xls", ".ppt": "ppt",
    ".rtf": "rtf", ".txt": "text", ".csv": "text", ".tsv": "text",
}
# For saying what a mismatching content is instead (the old Office formats share one
# container: named once).
_IDENTIFY = ("pdf", "png", "jpeg", "gif", "tiff", "bmp", "webp", "heic", "docx", "docm", "xlsx", "xlsm", "pptx", "pptm",
             "odt", "ods", "odp", "rtf")


def identify(data: bytes) -> ContentType | None:
    """What ``data`` is, among the types this module knows (programs aside)."""
    for name in _IDENTIFY:
        if CONTENT_TYPES[name].matches(data):
            return CONTENT_TYPES[name]
    if data.startswith(_OLE2):
        return ContentType("古い形式の Office 文書（.doc/.xls/.ppt）", ".doc", lambda d: True)
    if data[:4] == b"PK\x03\x04":
        return ContentType("ZIP 圧縮ファイル", ".zip", lambda d: True)
    return None


def check_content(name: str, data: bytes) -> None:
    """Refuse (``ValidationError``) a program or script whatever ``name`` says, and content
    that is not the type ``name``'s extension claims."""
    program = program_kind(data)
    if program is not None:
        raise ValidationError(
            f"{name} の中身はプログラムまたはスクリプト（{program}）のため、証拠資料として登録できません。"
            "PDF や画像にしてから登録してください。",
            "file",
        )
    claimed = CLAIMED_TYPES.get(_extension(name))
    if claimed is None:
        return
    expected = CONTENT_TYPES[claimed]
    if expected.matches(data):
        return
    actual = identify(data)
    if actual is not None and actual.extension != _extension(name):
        detail = f"（中身は{actual.label}です。拡張子を「{actual.extension}」にしてから登録してください）"
    elif claimed == "text":
        detail = "（NUL 文字を含むか、UTF-8 でもシフト JIS でもありません。UTF-8 で保存し直してください）"
    else:
        detail = "（壊れているか、別の形式のファイルの拡張子が変えられています）"
    raise ValidationError(f"{name} の中身は{expected.label}ではないため、証拠資料として登録できません{detail}。", "file")


# ---------------------------------------------------------------------------------------
# Owners


def answer_owner(session: Session, fy: int, kind: str, institution_code: str, item_number: str) -> Owner:
    """The owner for the answer to ``item_number`` in a year's checklist (it must exist)."""
    checklist = session.scalars(
        select(Checklist)
        .join(Institution, Institution.id == Checklist.institution_id)
        .where(Checklist.fy == fy, Checklist.kind == kind, Institution.code == institution_code)
    ).first()
    if checklist is None:
        label = CHECKLIST_KIND_LABELS.get(kind, kind)
        raise ValidationError(f"{fy}年度の{label}（機関コード {institution_code}）のチェックリストがありません。")
    item = next((i for i in checklist.template.items if i.number == item_number), None)
    if item is None:
        raise ValidationError(f"項目番号「{item_number}」はこのチェックリストにありません。")
    return Owner("answer", checklist.id, item.id)


def audit_owner(session: Session, fy: int, kind: str, institution_code: str) -> Owner:
    audit = session.scalars(
        select(Audit)
        .join(Institution, Institution.id == Audit.institution_id)
        .where(Audit.fy == fy, Audit.kind == kind, Institution.code == institution_code)
    ).first()
    if audit is None:
        label = CHECKLIST_KIND_LABELS.get(kind, kind)
        raise ValidationError(f"{fy}年度の{label}（機関コード {institution_code}）の監査は登録されていません。")
    return Owner("audit", audit.id)


def finding_owner(session: Session, fy: int, kind: str, institution_code: str, item_number: str) -> Owner:
    audit = session.get(Audit, audit_owner(session, fy, kind, institution_code).id)
    finding = next((f for f in audit.findings if f.item is not None and f.item.number == item_number), None)
    if finding is None:
        raise ValidationError(f"この監査に項目「{item_number}」の指摘事項はありません。")
    return Owner("finding", finding.id)


def drill_owner(session: Session, held_on: dt.date) -> Owner:
    drills = list(session.scalars(select(Drill).where(Drill.held_on == held_on)))
    if not drills:
        raise ValidationError(f"{held_on.isoformat()} に実施した訓練は登録されていません。")
    if len(drills) > 1:
        raise ValidationError(f"{held_on.isoformat()} の訓練が複数あります。画面から添付してください。")
    return Owner("drill", drills[0].id)


def _owner_row(session: Session, owner: Owner):
    model = {"answer": Checklist, "finding": Finding, "audit": Audit, "drill": Drill}[owner.type]
    return session.get(model, owner.id)


def check_owner(session: Session, owner: Owner) -> None:
    row = _owner_row(session, owner)
    label = ATTACHMENT_OWNER_LABELS[owner.type]
    if row is None:
        raise ValidationError(f"証拠資料の添付先（{label}）が見つかりません（削除された可能性があります）。")
    if owner.type == "answer" and not any(item.id == owner.item_id for item in row.template.items):
        raise ValidationError("証拠資料の添付先の項目が、このチェックリストにありません。")


def owner_label(session: Session, owner: Owner, style: YearStyle | None = None) -> str:
    """「平成25年度 自己点検 消防課 3-2」, 「平成25年度 内部監査 消防課の指摘 3-2」 …"""
    style = style or year_style(session)
    row = _owner_row(session, owner)
    if row is None:
        return f"{ATTACHMENT_OWNER_LABELS[owner.type]}（削除済み）"
    if owner.type == "answer":
        item = session.get(TemplateItem, owner.item_id)
        number = item.number if item is not None else "?"
        return f"{style.label(row.fy, fullwidth=False)} {CHECKLIST_KIND_LABELS[row.kind]} {row.institution.report_name} {number}"
    if owner.type == "audit":
        return f"{style.label(row.fy, fullwidth=False)} {CHECKLIST_KIND_LABELS[row.kind]} {row.institution.report_name}"
    if owner.type == "finding":
        audit = row.audit
        number = row.item.number if row.item is not None else ""
        return f"{style.label(audit.fy, fullwidth=False)} {CHECKLIST_KIND_LABELS[audit.kind]} {audit.institution.report_name}の指摘 {number}".rstrip()
    scenario = (row.scenario or "").strip().splitlines()[0] if (row.scenario or "").strip() else ""
    return f"訓練 {row.held_on.isoformat()} {scenario[:30]}".rstrip()


# ---------------------------------------------------------------------------------------
# Adding, listing, reading


def _validate_texts(description: str, evidence_date: dt.date | None) -> str:
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(f"説明が長すぎます（{DESCRIPTION_MAX_LENGTH}文字まで）。", "description")
    if evidence_date is None:
        raise ValidationError("証拠の日付（書類の日付や写真を撮った日）を入力してください。", "evidence_date")
    if not isinstance(evidence_date, dt.date) or isinstance(evidence_date, dt.datetime):
        raise ValidationError("証拠の日付が正しくありません。", "evidence_date")
    if evidence_date > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError(f"証拠の日付（{evidence_date.isoformat()}）が未来の日付です。", "evidence_date")
    return description


def read_source(path: Path, limit: int) -> tuple[bytes, str]:
    """The file's bytes and SHA-256, refusing it (before reading it all) when it is larger
    than ``limit`` bytes or is a program by its name, and (once read) when its content is a
    program or not what its extension claims (``check_content``)."""
    path = Path(path)
    name = readable_name(path)
    if is_blocked(name):
        raise ValidationError(
            f"{name} はプログラムやスクリプトの形式（{_extension(name)}）のため、証拠資料として登録できません。"
            "PDF や画像にしてから登録してください。",
            "file",
        )
    if len(name) > FILE_NAME_MAX_LENGTH:
        raise ValidationError(f"ファイル名が長すぎます（{FILE_NAME_MAX_LENGTH}文字まで）: {name[:40]}…", "file")
    try:
        if not path.is_file():
            raise ValidationError(f"ファイル {_shown(path)} が見つかりません。", "file")
        size = path.stat().st_size
        if size > limit:
            raise ValidationError(_too_large(name, size, limit), "file")
        digest = hashlib.sha256()
        chunks = []
        read = 0
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                read += len(chunk)
                if read > limit:  # the file grew while it was read
                    raise ValidationError(_too_large(name, read, limit), "file")
                digest.update(chunk)
                chunks.append(chunk)
    except OSError as exc:
        raise ValidationError(f"ファイル {_shown(path)} を読み込めません: {exc.strerror or exc}", "file") from exc
    data = b"".join(chunks)
    check_content(name, data)
    return data, digest.hexdigest()


def _too_large(name: str, size: int, limit: int) -> str:
    return (
        f"{name} は {size_text(size)} あり、証拠資料の上限（{limit // MB} MB）を超えるため登録できません。"
        "縮小・分割するか、設定の「証拠資料の1ファイルの大きさの上限（MB）」を見直してください。"
    )


def add_attachment(
    session: Session,
    owner: Owner,
    source: Path,
    *,
    evidence_date: dt.date | None,
    description: str = "",
    added_by: str | None = None,
) -> Attachment:
    """Store ``source`` as evidence of ``owner`` (in the caller's transaction)."""
    from jukidesk.storage.history import os_user

    check_owner(session, owner)
    description = _validate_texts(description, evidence_date)
    data, digest = read_source(Path(source), max_bytes(session))
    attachment = Attachment(
        owner_type=owner.type,
        owner_id=owner.id,
        item_id=owner.item_id,
        evidence_date=evidence_date,
        description=description,
        file_name=unicodedata.normalize("NFC", readable_name(source)),
        size=len(data),
        sha256=digest,
        added_by=added_by if added_by is not None else os_user(),
    )
    session.add(attachment)
    session.flush()
    session.add(AttachmentContent(attachment_id=attachment.id, data=data))
    session.flush()
    return attachment


def update_attachment(session: Session, attachment_id: int, *, evidence_date: dt.date | None, description: str) -> Attachment:
    """Change the evidence date and the description (the file itself never changes)."""
    attachment = get_attachment(session, attachment_id)
    attachment.description = _validate_texts(description, evidence_date)
    attachment.evidence_date = evidence_date
    session.flush()
    return attachment


def delete_attachment(session: Session, attachment_id: int) -> None:
    session.delete(get_attachment(session, attachment_id))  # the content goes with it (ON DELETE CASCADE)
    session.flush()


def get_attachment(session: Session, attachment_id: int) -> Attachment:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise ValidationError("指定された証拠資料が見つかりません（削除された可能性があります）。")
    return attachment


def _info(session: Session, attachment: Attachment, style: YearStyle) -> AttachmentInfo:
    owner = Owner(attachment.owner_type, attachment.owner_id, attachment.item_id)
    return AttachmentInfo(
        id=attachment.id,
        owner=owner,
        owner_label=owner_label(session, owner, style),
        evidence_date=attachment.evidence_date,
        description=attachment.description,
        file_name=attachment.file_name,
        size=attachment.size,
        sha256=attachment.sha256,
        added_at=attachment.added_at,
        added_by=attachment.added_by,
    )


def attachment_info(session: Session, attachment: Attachment) -> AttachmentInfo:
    """One stored attachment as plain data (what an action hands back)."""
    return _info(session, attachment, year_style(session))


def list_attachments(session: Session, owner: Owner | None = None) -> list[AttachmentInfo]:
    """The attachments of ``owner`` (all when ``None``), by evidence date then id."""
    query = select(Attachment)
    if owner is not None:
        query = query.where(Attachment.owner_type == owner.type, Attachment.owner_id == owner.id)
        if owner.item_id is not None:
            query = query.where(Attachment.item_id == owner.item_id)
    query = query.order_by(Attachment.evidence_date, Attachment.id)
    style = year_style(session)
    return [_info(session, a, style) for a in session.scalars(query)]


def attachment_counts(session: Session, owner_type: str, owner_ids) -> dict[tuple[int, int | None], int]:
    """{(owner_id, item_id): number of attachments} for marking rows that carry evidence."""

    ids = list(owner_ids)
    if not ids:
        return {}
    table = Attachment.__table__.c  # plain columns: no ORM compile step on the first run (the checklist tab's first show)
    rows = session.execute(
        select(table.owner_id, table.item_id, func.count(table.id))
        .where(table.owner_type == owner_type, table.owner_id.in_(ids))
        .group_by(table.owner_id, table.item_id)
    )
    return {(owner_id, item_id): count for owner_id, item_id, count in rows}


def read_content(session: Session, attachment_id: int) -> tuple[Attachment, bytes]:
    """The attachment and its bytes, checked against the stored size and SHA-256."""
    attachment = get_attachment(session, attachment_id)
    from jukidesk.storage.dialects import stored_as_text

    if stored_as_text(session, AttachmentContent.data, AttachmentContent.attachment_id == attachment_id):  # read as text it would not even decode; its bytes are unverifiable
        raise JukideskError(
            f"証拠資料「{attachment.file_name}」の中身がデータベースの中で文字列（TEXT）として保存されています"
            "（別のツールで書き換えられたか、壊れています）。登録時のファイルと確かめられないため書き出しません。"
            "バックアップからの復元を検討してください（jukidesk check --db でファイルを検査できます）。"
        )
    data = session.scalar(select(AttachmentContent.data).where(AttachmentContent.attachment_id == attachment_id))
    if data is None:
        raise JukideskError(f"証拠資料「{attachment.file_name}」の中身がデータベースにありません。")
    if len(data) != attachment.size or hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise JukideskError(
            f"証拠資料「{attachment.file_name}」の中身が登録時と一致しません（SHA-256 が異なります）。"
            "バックアップからの復元を検討してください。"
        )
    return attachment, bytes(data)


def extract(session: Session, attachment_id: int, target: Path) -> Path:
    """Write a copy of the attachment (checked) to ``target``; when ``target`` is a folder
    the copy keeps its original (made safe) file name. Written through ``atomic_output``."""
    attachment, data = read_content(session, attachment_id)
    target = Path(target)
    if target.is_dir():
        target = target / safe_file_name(attachment.file_name)
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)
    return target


def extract_for_viewing(session: Session, attachment_id: int, folder: Path) -> tuple[Path, str]:
    """A read-only copy in its own new subfolder of ``folder`` (the GUI's temporary folder),
    and what may be done with it (:func:`open_action`)."""
    import os
    import stat
    import tempfile

    attachment = get_attachment(session, attachment_id)
    Path(folder).mkdir(parents=True, exist_ok=True)
    own = Path(tempfile.mkdtemp(prefix=f"{attachment_id}-", dir=folder))
    path = extract(session, attachment_id, own / safe_file_name(attachment.file_name))
    try:
        os.chmod(path, stat.S_IREAD | stat.S_IRGRP | stat.S_IROTH)
    except OSError:
        pass
    return path, open_action(attachment.file_name)


def owner_choices(session: Session, owner_type: str, fy: int) -> list[tuple[Owner, str]]:
    """What evidence can be attached to in ``fy`` (for a chooser): the year's audits, their
    findings, or the drills held in the fiscal year. Answers are reached from their checklist."""
    from jukidesk.base.fiscal import fiscal_year_bounds

    style = year_style(session)
    if owner_type == "audit":
        audits = session.scalars(select(Audit).where(Audit.fy == fy))
        ordered = sorted(audits, key=lambda a: (audit_kinds.order(a.kind), a.institution.sort_order, a.institution.id))
        owners = [Owner("audit", a.id) for a in ordered]
    elif owner_type == "finding":
        findings = session.scalars(select(Finding).join(Audit, Finding.audit_id == Audit.id).where(Audit.fy == fy))
        ordered = sorted(
            findings, key=lambda f: (audit_kinds.order(f.audit.kind), f.audit.institution.sort_order, f.item.position if f.item else 0, f.id)
        )
        owners = [Owner("finding", f.id) for f in ordered]
    elif owner_type == "drill":
        first, last = fiscal_year_bounds(fy)
        drills = session.scalars(select(Drill).where(Drill.held_on >= first, Drill.held_on <= last).order_by(Drill.held_on))
        owners = [Owner("drill", d.id) for d in drills]
    else:
        raise ValidationError(f"この画面から選べる添付先ではありません: {owner_type}")
    return [(owner, owner_label(session, owner, style)) for owner in owners]
