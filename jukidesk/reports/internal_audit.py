"""The 内部監査報告書 (internal audit report) of one audit, built once as plain data: a
:class:`~jukidesk.reports.document.Document` that the same xlsx and PDF renderers as 資料2
draw (A4, 公文書 style: date and addressee, then numbered sections).

1 監査の概要 — the audit, its day, the auditors and the scope;
2 監査の方法 — the methods (setting ``internal_audit_methods``) used;
3 監査の結果 — for each method ⑴ ⑵ ⑶ …: 問題なし, or what was found;
4 意見・提案 — each proposal with its owner, due date and status;
5 総評.

The committee report summarises the same reports (``committee_section``). Qt-free.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import to_fullwidth, wareki_date, wareki_short
from jukidesk.base.vocabulary import PROPOSAL_STATUS_LABELS
from jukidesk.core.municipal import internal_audit
from jukidesk.core.settings import load_settings, year_style
from jukidesk.reports.document import Cell, Document, Paragraph, Section, Table
from jukidesk.storage.models_city import InternalAuditReport

NONE = "－"


def _heading(number: int, text: str) -> str:
    return f"{to_fullwidth(str(number))} {text}"


def _header(*texts: str) -> list[Cell]:
    return [Cell(text, align="center", header=True) for text in texts]


def _paren(number: int) -> str:
    """（１）, （２） … (the parenthesised digits ⑴ are missing from the PDF fonts)."""
    return f"（{to_fullwidth(str(number))}）"


def method_line(method) -> str:
    """「聞き取り調査による監査…問題なし」 or the findings."""
    name = method.method if method.method.endswith("監査") else f"{method.method}による監査"
    if method.no_problem:
        return f"{name}…{method.result or '問題なし。'}"
    return f"{name}…【指摘あり】{method.result}"


def proposals_table(proposals, *, with_origin: str | None = None) -> Table:
    heads = ["No.", "意見・提案", "担当", "期限", "状況"]
    widths = [4, 21, 11, 9, 7]
    if with_origin is not None:
        heads.insert(1, with_origin)
        widths = [4, 8, 17, 9, 8, 6]
    rows = [_header(*heads)]
    for number, proposal in enumerate(proposals, start=1):
        state = PROPOSAL_STATUS_LABELS[proposal.status]
        if proposal.status == "done" and proposal.done_on:
            state += f"\n{wareki_short(proposal.done_on)}"
        content = proposal.content + (f"\n（対応）{proposal.response}" if proposal.response else "")
        row = [
            Cell(f"({number})", align="center"),
            Cell(content),
            Cell(proposal.owner or NONE),
            Cell(wareki_short(proposal.due_on) if proposal.due_on else NONE, align="center"),
            Cell(state, align="center"),
        ]
        if with_origin is not None:
            report = proposal.report
            row.insert(1, Cell(f"{year_style_short(report)}\n{report.audit.institution.name}", align="center"))
        rows.append(row)
    return Table(widths=widths, rows=rows, header_rows=1)


def year_style_short(report: InternalAuditReport) -> str:
    return wareki_short(report.reported_on)


def build_internal_audit(session: Session, fy: int, audit_id: int) -> Document:
    report = internal_audit.report_for(session, audit_id)
    if report is None:
        raise ValidationError("この監査の内部監査報告書はまだ作成されていません（市町村の運用 → 内部監査報告書）。")
    settings = load_settings(session)
    audit = report.audit
    year = year_style(session).label(audit.fy)
    officer = settings.get("security_officer_title") or "セキュリティ責任者"
    sender = settings.get("internal_auditor_label") or "内部監査人"
    intro = [
        Paragraph(wareki_date(report.reported_on), align="right"),
        Paragraph(f"{officer}　様"),
        Paragraph(report.auditors or sender, align="right"),
        Paragraph(f"{year}の住民基本台帳ネットワークシステムの内部監査を実施したので、下記のとおり報告します。"),
    ]
    day = wareki_date(audit.starts_at.date()) if audit.starts_at else NONE
    overview = Table(
        widths=[10, 42],
        rows=[
            [Cell("監査の対象", header=True), Cell(audit.institution.name)],
            [Cell("実施日", header=True), Cell(day)],
            [Cell("監査委員", header=True), Cell(report.auditors or NONE)],
            [Cell("監査の範囲", header=True), Cell(report.scope or NONE)],
        ],
    )
    methods = report.methods
    method_blocks = [Paragraph(m.method, bullet=_paren(i)) for i, m in enumerate(methods, start=1)]
    results = [Paragraph(method_line(m), bullet=_paren(i)) for i, m in enumerate(methods, start=1)]
    if not methods:
        results = [Paragraph("監査方法ごとの結果は記録されていない。", bullet="○")]
    if report.proposals:
        proposals: list = [
            Paragraph(f"監査の結果を踏まえ、次の意見・提案を行う（{len(report.proposals)}件）。", bullet="○"),
            proposals_table(report.proposals),
        ]
    else:
        proposals = [Paragraph("意見・提案はない。", bullet="○")]
    sections = [
        Section(_heading(1, "監査の概要"), [*intro, overview]),
        Section(_heading(2, "監査の方法"), method_blocks or [Paragraph(NONE)]),
        Section(_heading(3, "監査の結果"), results),
        Section(_heading(4, "意見・提案"), proposals),
    ]
    if report.summary:
        sections.append(Section(_heading(5, "総評"), [Paragraph(report.summary)]))
    return Document(
        title=f"{year} 内部監査報告書（{audit.institution.name}）",
        label=settings.get("org_name", ""),
        sections=sections,
        footer=sender,
    )


def committee_blocks(session: Session, fy: int) -> list:
    """The committee report's internal-audit section: each report's result by method and
    its proposals, then the proposals of earlier years still not done."""
    reports = internal_audit.reports_of(session, fy)
    blocks: list = []
    if not reports:
        blocks.append(Paragraph("この年度の内部監査報告書は記録されていない。", bullet="○"))
    for report in reports:
        audit = report.audit
        day = wareki_date(audit.starts_at.date()) if audit.starts_at else NONE
        blocks.append(Paragraph(
            f"{audit.institution.name}（実施 {day}、報告 {wareki_date(report.reported_on)}）", bullet="○"
        ))
        rows = [_header("監査方法", "結果", "内容")]
        for method in report.methods:
            rows.append([
                Cell(method.method),
                Cell(internal_audit.RESULT_LABELS[method.no_problem], align="center"),
                Cell(method.result or NONE),
            ])
        if report.methods:
            blocks.append(Table(widths=[12, 7, 33], rows=rows, header_rows=1, caption="監査方法別の結果"))
        if report.proposals:
            table = proposals_table(report.proposals)
            table.caption = "意見・提案と対応状況"
            blocks.append(table)
    earlier = [p for p in internal_audit.open_proposals(session, fy - 1)]
    if earlier:
        table = proposals_table(earlier, with_origin="報告")
        table.caption = "前年度までの意見・提案で完了していないもの"
        blocks.append(table)
    return blocks
