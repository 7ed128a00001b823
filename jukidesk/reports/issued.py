"""Issued papers (発行済): a 資料2 or committee summary frozen as it was handed over.

``issue_paper`` builds the report model once, renders it to xlsx and PDF, and stores the
two files, the model as canonical JSON, a SHA-256 of each, the date and the OS user
(table ``issued_paper``; rows are never changed or deleted, a reissue is a new row, so
every version stays available).

``verify_paper`` checks an issued paper: each stored file against its SHA-256, and the
model rebuilt from today's data against the stored model. The xlsx and PDF embed their
creation time, so the comparison is made on the model's JSON (every text and figure the
renderers draw), not on bytes. When the data changed since issue, :func:`model_changes`
says what: each changed table cell (by row and column heading), each paragraph added,
removed or reworded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.base.files import atomic_output
from jukidesk.reports import papers
from jukidesk.reports.document import Cell, Document, Paragraph, Section, Table
from jukidesk.reports.papers import ISSUED_FORMATS, Paper, get_paper, issuable_papers, paper_label, render_paper
from jukidesk.storage.models_evidence import IssuedPaper

FORMATS = ISSUED_FORMATS


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------------------
# The model as JSON (and back)


def document_data(document: Document) -> dict:
    """Everything a renderer draws, as plain JSON data (cell links left out: they are
    navigation, not content)."""

    def block(b):
        if isinstance(b, Table):
            return {
                "type": "table",
                "widths": list(b.widths),
                "header_rows": b.header_rows,
                "caption": b.caption,
                "note": b.note,
                "rows": [
                    [
                        {
                            "text": c.text, "colspan": c.colspan, "rowspan": c.rowspan,
                            "align": c.align, "bold": c.bold, "header": c.header,
                        }
                        for c in row
                    ]
                    for row in b.rows
                ],
            }
        return {"type": "paragraph", "text": b.text, "bullet": b.bullet, "indent": b.indent, "align": b.align}

    return {
        "title": document.title,
        "label": document.label,
        "footer": document.footer,
        "sections": [{"heading": s.heading, "blocks": [block(b) for b in s.blocks]} for s in document.sections],
    }


def document_json(document: Document) -> str:
    """Canonical JSON: the same model always gives the same text (and hash)."""
    return json.dumps(document_data(document), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def document_from_json(text: str) -> Document:
    data = json.loads(text)
    sections = []
    for s in data["sections"]:
        blocks = []
        for b in s["blocks"]:
            if b["type"] == "table":
                blocks.append(
                    Table(
                        widths=b["widths"],
                        rows=[[Cell(**c) for c in row] for row in b["rows"]],
                        header_rows=b["header_rows"],
                        caption=b["caption"],
                        note=b["note"],
                    )
                )
            else:
                blocks.append(Paragraph(b["text"], bullet=b["bullet"], indent=b["indent"], align=b["align"]))
        sections.append(Section(s["heading"], blocks))
    return Document(title=data["title"], label=data["label"], sections=sections, footer=data.get("footer", ""))


# ---------------------------------------------------------------------------------------
# Building the papers (the registry ``reports.papers`` knows each one)


def _check_paper(paper: str) -> Paper:
    found = get_paper(paper)
    if not found.issuable:
        raise ValidationError(f"{found.label}は発行済にできません（{' / '.join(issuable_papers())}）。")
    return found


def paper_parameters(
    session: Session, paper: str, as_of: dt.date | None = None, *, options: Mapping[str, Any] | None = None
) -> dict:
    """What besides the year decides the paper's content, fixed at issue (``as_of``: the
    committee summary's reference date; ``options``: any paper's own)."""
    given = dict(options or {})
    if as_of is not None:
        given["as_of"] = as_of
    return _check_paper(paper).parameters(session, given)


def build_paper(session: Session, paper: str, fy: int, parameters: dict | None = None) -> Document:
    return papers.build_paper(session, _check_paper(paper).code, fy, parameters)


def render_bytes(document: Document, paper: str) -> tuple[bytes, bytes]:
    """The xlsx and PDF of ``document`` as bytes (drawn by the paper's renderers)."""
    _check_paper(paper)
    with tempfile.TemporaryDirectory(prefix="jukidesk-issue-") as folder:
        xlsx, pdf = (render_paper(paper, document, fmt, Path(folder) / f"paper.{fmt}") for fmt in FORMATS)
        return xlsx.read_bytes(), pdf.read_bytes()


# ---------------------------------------------------------------------------------------
# Issuing and listing


@dataclass(frozen=True)
class IssuedInfo:
    id: int
    paper: str
    fy: int
    parameters: dict
    issued_at: dt.datetime
    issued_by: str
    model_sha256: str
    xlsx_sha256: str
    pdf_sha256: str
    note: str

    @property
    def paper_label(self) -> str:
        return paper_label(self.paper)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "paper": self.paper,
            "fy": self.fy,
            "parameters": self.parameters,
            "issued_at": self.issued_at.isoformat(sep=" ", timespec="seconds"),
            "issued_by": self.issued_by,
            "model_sha256": self.model_sha256,
            "xlsx_sha256": self.xlsx_sha256,
            "pdf_sha256": self.pdf_sha256,
            "note": self.note,
        }


def _info(row: IssuedPaper) -> IssuedInfo:
    return IssuedInfo(
        row.id, row.paper, row.fy, json.loads(row.parameters or "{}"), row.issued_at, row.issued_by,
        row.model_sha256, row.xlsx_sha256, row.pdf_sha256, row.note,
    )


def issue_paper(
    session: Session,
    paper: str,
    fy: int,
    *,
    as_of: dt.date | None = None,
    options: Mapping[str, Any] | None = None,
    note: str = "",
    issued_by: str | None = None,
    rendered: tuple[Document, bytes, bytes] | None = None,
) -> IssuedInfo:
    """Mark the paper of ``fy`` 発行済 (in the caller's transaction). ``rendered`` may pass
    the model and the files already drawn from the same data (the GUI's preview)."""
    from jukidesk.storage.history import os_user

    parameters = paper_parameters(session, paper, as_of, options=options)
    if rendered is None:
        document = build_paper(session, paper, fy, parameters)
        xlsx, pdf = render_bytes(document, paper)
    else:
        document, xlsx, pdf = rendered
    model = document_json(document)
    row = IssuedPaper(
        paper=paper,
        fy=fy,
        parameters=json.dumps(parameters, ensure_ascii=False, sort_keys=True),
        issued_at=dt.datetime.now().replace(microsecond=0),
        issued_by=issued_by if issued_by is not None else os_user(),
        model_json=model,
        model_sha256=sha256(model),
        xlsx=xlsx,
        xlsx_sha256=sha256(xlsx),
        pdf=pdf,
        pdf_sha256=sha256(pdf),
        note=(note or "").strip(),
    )
    session.add(row)
    session.flush()
    return _info(row)


def list_issued(session: Session, paper: str | None = None, fy: int | None = None) -> list[IssuedInfo]:
    """Issued papers, newest first."""
    query = select(IssuedPaper)
    if paper is not None:
        query = query.where(IssuedPaper.paper == paper)
    if fy is not None:
        query = query.where(IssuedPaper.fy == fy)
    return [_info(row) for row in session.scalars(query.order_by(IssuedPaper.issued_at.desc(), IssuedPaper.id.desc()))]


def latest_issued(session: Session, paper: str, fy: int) -> IssuedInfo | None:
    return next(iter(list_issued(session, paper, fy)), None)


def _row(session: Session, issued_id: int) -> IssuedPaper:
    row = session.get(IssuedPaper, issued_id)
    if row is None:
        raise ValidationError("指定された発行済みの報告書が見つかりません。")
    return row


def issued_document(session: Session, issued_id: int) -> Document:
    return document_from_json(_row(session, issued_id).model_json)


def write_issued_file(session: Session, issued_id: int, fmt: str, target: Path | str) -> Path:
    """Write the stored xlsx or PDF of an issued paper (checked against its SHA-256)."""
    if fmt not in FORMATS:
        raise ValidationError(f"形式は {' / '.join(FORMATS)} のいずれかです: {fmt}")
    row = _row(session, issued_id)
    data = row.xlsx if fmt == "xlsx" else row.pdf
    expected = row.xlsx_sha256 if fmt == "xlsx" else row.pdf_sha256
    if sha256(data) != expected:
        raise JukideskError(f"発行済みの{fmt.upper()}が発行時の SHA-256 と一致しません（改変または破損の可能性があります）。")
    target = Path(target)
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)
    return target


# ---------------------------------------------------------------------------------------
# Comparing a model with another


@dataclass(frozen=True)
class Change:
    """One difference between the issued model and today's: ``place`` says where (the
    section, then the table row and column headings or the paragraph)."""

    section: str
    place: str
    before: str  # '' when added
    after: str  # '' when removed

    def text(self) -> str:
        before = self.before.replace("\n", " ") or "（なし）"
        after = self.after.replace("\n", " ") or "（なし）"
        where = f"{self.section}｜{self.place}" if self.place else self.section
        return f"{where}: 「{before}」→「{after}」"


def _cells(table: Table) -> dict[tuple[str, str], str]:
    """{(row heading, column heading): text} of the data cells of a table. The row heading
    is the first column's text, plus the second column's when it is a repeated label
    (対象機関数 / 平均点 of the trend table); the column heading is the lowest header cell."""
    placed = table.placed()
    at: dict[tuple[int, int], Cell] = {}
    for r, c, cell in placed:
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                at[(r + dr, c + dc)] = cell
    rows = range(table.header_rows, len(table.rows))
    second = [at[(r, 1)].text for r in rows if (r, 1) in at] if len(table.widths) > 2 else []
    labels = {text for text in second if second.count(text) > 1}
    result: dict[tuple[str, str], str] = {}
    for r, c, cell in placed:
        if r < table.header_rows:
            continue
        heads = [at[(r, 0)].text] if c > 0 and (r, 0) in at else [f"{r - table.header_rows + 1}行目"]
        if c > 1 and (r, 1) in at and at[(r, 1)].text in labels:
            heads.append(at[(r, 1)].text)
        column = next(
            (at[(hr, c)].text for hr in range(table.header_rows - 1, -1, -1) if (hr, c) in at and at[(hr, c)].text),
            f"{c + 1}列目",
        )
        key = (" ".join(h.replace("\n", "") for h in heads), column.replace("\n", ""))
        while key in result:
            key = (key[0] + "'", key[1])
        result[key] = cell.text
    return result


def model_changes(before: Document, after: Document) -> list[Change]:
    """What differs between two models of the same paper, in reading order."""
    changes: list[Change] = []
    for name, old, new in (("資料番号", before.label, after.label), ("表題", before.title, after.title)):
        if old != new:
            changes.append(Change(name, "", old, new))
    pairs = []
    for index in range(max(len(before.sections), len(after.sections))):
        old = before.sections[index] if index < len(before.sections) else None
        new = after.sections[index] if index < len(after.sections) else None
        pairs.append((old, new))
    for old, new in pairs:
        if old is None or new is None:
            section = (new or old).heading
            for block in (new or old).blocks:
                text = block.text if isinstance(block, Paragraph) else (block.caption or "表")
                changes.append(Change(section, "", "" if old is None else text, "" if new is None else text))
            continue
        section = new.heading
        if old.heading != new.heading:
            changes.append(Change(section, "見出し", old.heading, new.heading))
        old_par = [b.bullet + b.text for b in old.blocks if isinstance(b, Paragraph)]
        new_par = [b.bullet + b.text for b in new.blocks if isinstance(b, Paragraph)]
        matcher = difflib.SequenceMatcher(a=old_par, b=new_par, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            olds, news = old_par[i1:i2], new_par[j1:j2]
            for k in range(max(len(olds), len(news))):
                changes.append(
                    Change(section, "本文", olds[k] if k < len(olds) else "", news[k] if k < len(news) else "")
                )
        old_tables = [b for b in old.blocks if isinstance(b, Table)]
        new_tables = [b for b in new.blocks if isinstance(b, Table)]
        for t in range(max(len(old_tables), len(new_tables))):
            a = _cells(old_tables[t]) if t < len(old_tables) else {}
            b = _cells(new_tables[t]) if t < len(new_tables) else {}
            keys = list(b) + [k for k in a if k not in b]
            for key in keys:
                if a.get(key, "") != b.get(key, ""):
                    row, column = key
                    changes.append(Change(section, f"{row} × {column}", a.get(key, ""), b.get(key, "")))
    return changes


# ---------------------------------------------------------------------------------------
# Verifying


@dataclass
class Verification:
    issued: IssuedInfo
    hash_problems: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.hash_problems and not self.changes

    def lines(self) -> list[str]:
        info = self.issued
        lines = [
            f"{info.paper_label} {info.fy}年度 発行 {info.issued_at:%Y-%m-%d %H:%M}（{info.issued_by}）",
        ]
        lines += [f"ハッシュ不一致: {p}" for p in self.hash_problems]
        if self.changes:
            lines.append(f"発行後にデータが変わっています（{len(self.changes)}か所）:")
            lines += [f"・{c.text()}" for c in self.changes]
        if self.ok:
            lines.append("保存された xlsx・PDF・モデルは発行時のハッシュと一致し、現在のデータから作り直した内容も同じです。")
        return lines


def verify_paper(
    session: Session, paper: str, fy: int, *, issued_id: int | None = None, parameters: Mapping[str, Any] | None = None
) -> Verification:
    """Check the latest issued paper of ``fy`` (or ``issued_id``; ``parameters``: the latest
    issued with these, e.g. one audit's 内部監査報告書); raises when none was issued."""
    _check_paper(paper)
    if issued_id is None:
        wanted = dict(parameters or {})
        infos = [i for i in list_issued(session, paper, fy) if all(i.parameters.get(k) == v for k, v in wanted.items())]
        info = next(iter(infos), None)
        if info is None:
            raise JukideskError(f"{fy}年度の{paper_label(paper)}はまだ発行済みにしていません。")
        issued_id = info.id
    row = _row(session, issued_id)
    result = Verification(_info(row))
    for name, data, expected in (
        ("モデル（JSON）", row.model_json, row.model_sha256),
        ("Excel（xlsx）", row.xlsx, row.xlsx_sha256),
        ("PDF", row.pdf, row.pdf_sha256),
    ):
        if sha256(data) != expected:
            result.hash_problems.append(f"{name} が発行時の SHA-256 と一致しません")
    issued = document_from_json(row.model_json)
    current = build_paper(session, row.paper, row.fy, json.loads(row.parameters or "{}"))
    if document_json(current) != document_json(issued):
        result.changes = model_changes(issued, current)
        if not result.changes:  # a difference the readable comparison does not name (layout)
            result.changes = [Change("書式", "", "発行時のモデル", "現在のモデル")]
    return result
