"""監査実施通知: one official letter per audited institution, as data and as an A4 PDF.

``build_notices`` turns the audit records of a fiscal year and kind into
:class:`NoticeLetter` objects (every word from the organisation's settings, group 通知);
``render_notices_pdf`` draws them, one page each, in the usual order of a Japanese
official letter: 文書番号 and date (right), addressee (left), sender and 公印省略 (right),
subject (centred), body, 記, numbered items, 以上, contact block.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.errors import JukideskError
from jukidesk.base.files import atomic_output
from jukidesk.base.fiscal import YearStyle, era_of_fiscal_year, fiscal_year_of, japanese_time, to_fullwidth, wareki_date
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core import audits as audit_rules
from jukidesk.core.settings import load_settings, reference_date, year_style
from jukidesk.reports.fonts import GOTHIC, MINCHO, register_fonts
from jukidesk.reports.pdf_renderer import markup
from jukidesk.reports.shiryo2 import check_year, fill
from jukidesk.storage.models import Audit, Institution

BLANK_NUMBER = "　　"  # left for the document management system's number


@dataclass
class NoticeItem:
    number: str  # １, ２ … (full-width per the setting)
    label: str
    lines: list[str]

    @property
    def heading(self) -> str:
        return f"{self.number}　{self.label}"


@dataclass
class NoticeLetter:
    audit_id: int
    institution_code: str
    number: str
    date: str
    addressee: str
    sender: str
    seal: str
    subject: str
    body: list[str]
    items: list[NoticeItem] = field(default_factory=list)
    contact: list[str] = field(default_factory=list)
    day: dt.date | None = None  # the letter's date (``date`` is it as printed)

    def texts(self) -> list[str]:
        lines = [self.number, self.date, self.addressee, self.sender, self.seal, self.subject, *self.body, "記"]
        for item in self.items:
            lines.append(item.heading)
            lines.extend(item.lines)
        return lines + ["以上", *self.contact]


def audits_for_notices(session: Session, fy: int, kind: str, institution_code: str | None = None) -> list[Audit]:
    """The audits of ``kind`` in ``fy`` in registry order (only one institution's if given)."""
    check_year(fy)
    if not audit_kinds.is_audit(kind):
        raise JukideskError(f"監査区分が正しくありません: {kind}（internal / external / followup）")
    query = (
        select(Audit)
        .join(Institution, Audit.institution_id == Institution.id)
        .where(Audit.fy == fy, Audit.kind == kind)
        .order_by(Institution.sort_order, Institution.id)
    )
    audits = list(session.scalars(query))
    label = CHECKLIST_KIND_LABELS[kind]
    if institution_code is not None:
        audits = [a for a in audits if a.institution.code == institution_code]
        if not audits:
            raise JukideskError(f"機関コード「{institution_code}」の{fy}年度の{label}は登録されていません。")
    if not audits:
        raise JukideskError(f"{fy}年度の{label}は登録されていません（監査カレンダーで予定を登録してください）。")
    return audits


def previous_findings_lines(session: Session, audit: Audit, style: YearStyle, *, number: str) -> list[str]:
    """前回までの指摘事項の改善状況: every finding of the institution's earlier audits that
    was not confirmed before ``audit`` (``core.audits.open_findings``), one line each (none
    when there are none). A finding follows the institution until it is confirmed."""
    from jukidesk.base.vocabulary import FINDING_STATUS_LABELS

    still_open = sorted(
        audit_rules.open_findings(session, audit.institution_id, before=audit),
        key=lambda f: (f.audit.fy, f.audit.starts_at or dt.datetime.min, f.item.position if f.item is not None else 0, f.id),
    )
    if not still_open:
        return []
    sources = dict.fromkeys((f.audit.fy, f.audit.kind) for f in still_open)
    when = "、".join(f"{style.label(fy)}{CHECKLIST_KIND_LABELS[kind]}" for fy, kind in sources)
    heading = "前回指摘事項" if len(sources) == 1 else "前回までの指摘事項"
    lines = [f"（{number}）{heading}の改善状況（{when}の指摘 {len(still_open)}件）"]
    for finding in still_open:
        head = f"{finding.item.number} " if finding.item is not None else ""
        lines.append(f"　・{head}{finding.content}（{FINDING_STATUS_LABELS[finding.status]}）")
    return lines


def _schedule(audit: Audit, wide: bool) -> list[str]:
    """['平成26年10月21日（火）', '午後1時30分から午後3時30分まで'] (two lines: the day, the hours)."""
    if audit.starts_at is None:
        raise JukideskError(
            f"{audit.institution.report_name}の{CHECKLIST_KIND_LABELS[audit.kind]}は日時が未定のため、通知を作成できません。"
        )
    day = wareki_date(audit.starts_at.date(), weekday=True)
    hours = japanese_time(audit.starts_at.time()) + "から"
    if audit.ends_at is not None:
        hours += japanese_time(audit.ends_at.time()) + "まで"
    return [to_fullwidth(day), to_fullwidth(hours)] if wide else [day, hours]


def build_notices(
    session: Session,
    fy: int,
    kind: str,
    *,
    institution_code: str | None = None,
    date: dt.date | None = None,
    reference: dt.date | None = None,
    first_number: int | None = None,
) -> list[NoticeLetter]:
    """One letter per audit, each dated by ``core.audits.notice_date``: ``date`` when the
    clerk gave one (refused if after the audit), else the reference date ``reference``
    (default: the organisation's 基準日) when it falls inside the audit's notice window,
    else the last day of that window. ``first_number`` numbers the letters consecutively
    (blank for the clerk otherwise)."""
    audits = audits_for_notices(session, fy, kind, institution_code)
    settings = load_settings(session)
    style = year_style(session)
    wide = bool(settings["fullwidth_digits"])
    reference = reference_date(session, reference)
    lead_days = int(settings["notice_lead_days"])

    def digits(text: str) -> str:
        return to_fullwidth(text) if wide else text

    kind_label = CHECKLIST_KIND_LABELS[kind]
    letters = []
    for index, audit in enumerate(audits):
        inst = audit.institution
        day = audit_rules.notice_date(audit, reference, lead_days, date)
        # {year} of the document number: the era year of the fiscal year the letter is dated in.
        _era, era_year = era_of_fiscal_year(fiscal_year_of(day), new_era_for_change_year=style.reiwa_for_fy2019)
        number = BLANK_NUMBER if first_number is None else digits(str(first_number + index))
        values = {
            "number": number,
            "year": digits(str(era_year)),
            "org_short": settings["org_short_name"],
            "org_name": settings["org_name"],
            "security_officer_title": settings["security_officer_title"],
            "kind": kind_label,
        }
        year_values = {"kind": kind_label, "year": style.label(fy, fullwidth=wide)}
        head = inst.head_title.strip()
        addressee = f"{head}　{settings['notice_honorific']}" if head else f"{inst.name}　御中"
        methods = audit_rules.method_labels(audit_rules.method_codes(audit.methods))
        documents = [line.strip() for line in settings["notice_documents"].splitlines() if line.strip()]
        document_lines = [f"（{digits(str(n))}）{text}" for n, text in enumerate(documents, start=1)]
        document_lines += previous_findings_lines(session, audit, style, number=digits(str(len(documents) + 1)))
        contents = [
            ("日時", _schedule(audit, wide)),
            ("場所", [audit.place or inst.address or "別途お知らせします。"]),
            ("監査の種類と方法", [f"{kind_label}（{methods}）" if methods else kind_label]),
            ("準備していただく書類", document_lines or ["特にありません。"]),
            ("監査人", ["、".join(audit_rules.auditor_names(audit.auditors)) or "別途お知らせします。"]),
        ]
        items = [NoticeItem(digits(str(n)), label, lines) for n, (label, lines) in enumerate(contents, start=1)]
        contact = [
            line
            for line in (
                f"（担当）{settings['contact_section']}" if settings["contact_section"] else "",
                settings["contact_person"],
                f"電話　{settings['contact_phone']}" if settings["contact_phone"] else "",
                f"メール　{settings['contact_email']}" if settings["contact_email"] else "",
            )
            if line
        ]
        letters.append(
            NoticeLetter(
                audit_id=audit.id,
                institution_code=inst.code,
                number=fill(settings["notice_number_format"], values, key="notice_number_format"),
                date=wareki_date(day, fullwidth=wide),
                addressee=addressee,
                sender=fill(settings["notice_sender"], values, key="notice_sender"),
                seal=settings["notice_seal_text"],
                subject=fill(settings["notice_subject"], values, key="notice_subject"),
                body=[
                    line.strip()
                    for line in fill(settings["notice_body"], year_values, key="notice_body").splitlines()
                    if line.strip()
                ],
                items=items,
                contact=contact,
                day=day,
            )
        )
    return letters


def notices_for_audits(
    session: Session,
    fy: int,
    audit_ids: list[int],
    *,
    date: dt.date | None = None,
    reference: dt.date | None = None,
    first_number: int | None = None,
) -> list[NoticeLetter]:
    """One letter per given audit (they may be of different kinds), in the audits' date
    order, each dated as ``build_notices`` dates it; ``first_number`` numbers them
    consecutively across kinds."""
    if not audit_ids:
        raise JukideskError("通知する監査がありません。")
    audits = sorted(
        {audit_id: audit_rules.get_audit(session, audit_id) for audit_id in audit_ids}.values(),
        key=lambda a: (a.starts_at or dt.datetime.max, a.institution.sort_order, a.id),
    )
    letters: list[NoticeLetter] = []
    for audit in audits:
        if audit.fy != fy:
            raise JukideskError(f"{audit.institution.report_name}の監査は{fy}年度の監査ではありません。")
        # One audit at a time: another audit of the kind still without a date must not stop it.
        number = None if first_number is None else first_number + len(letters)
        letters += [
            letter
            for letter in build_notices(
                session,
                fy,
                audit.kind,
                institution_code=audit.institution.code,
                date=date,
                reference=reference,
                first_number=number,
            )
            if letter.audit_id == audit.id
        ]
    return letters


# ---------------------------------------------------------------------- PDF

LETTER_SIZE = 11.5


def notice_flowables(letters: list[NoticeLetter], width: float) -> list:
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

    register_fonts()
    size = LETTER_SIZE
    base = ParagraphStyle("letter", fontName=MINCHO, fontSize=size, leading=size * 1.75, wordWrap="CJK")
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    body = ParagraphStyle("body", parent=base, firstLineIndent=size)
    subject = ParagraphStyle("subject", parent=base, alignment=TA_CENTER, leftIndent=2 * size, rightIndent=2 * size)
    item_label = ParagraphStyle("item-label", parent=base, alignment=TA_LEFT)
    contact_style = ParagraphStyle("contact", fontName=GOTHIC, fontSize=size - 1.5, leading=(size - 1.5) * 1.6, wordWrap="CJK")

    story: list = []
    for index, letter in enumerate(letters):
        if index:
            story.append(PageBreak())
        story += [
            Paragraph(markup(letter.number), right),
            Paragraph(markup(letter.date), right),
            Spacer(0, size),
            Paragraph(markup(letter.addressee), base),
            Spacer(0, size),
            Paragraph(markup(letter.sender), right),
        ]
        if letter.seal:
            story.append(Paragraph(markup(letter.seal), right))
        story += [Spacer(0, size * 1.5), Paragraph(markup(letter.subject), subject), Spacer(0, size)]
        story += [Paragraph(markup(text), body) for text in letter.body]
        story += [Spacer(0, size * 0.6), Paragraph("記", center), Spacer(0, size * 0.6)]
        rows = [
            [Paragraph(markup(item.heading), item_label), Paragraph(markup("\n".join(item.lines)), base)]
            for item in letter.items
        ]
        label_width = size * 12.5
        items = Table(rows, colWidths=[label_width, width - label_width - size], hAlign="RIGHT")
        items.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), MINCHO),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), size * 0.4),
                ]
            )
        )
        story += [items, Spacer(0, size * 0.4), Paragraph("以上", right)]
        if letter.contact:
            box = Table([[Paragraph(markup("\n".join(letter.contact)), contact_style)]], colWidths=[width * 0.55], hAlign="RIGHT")
            box.setStyle(
                TableStyle(
                    [
                        ("BOX", (0, 0), (-1, -1), 0.7, "black"),
                        ("FONTNAME", (0, 0), (-1, -1), GOTHIC),
                        ("LEFTPADDING", (0, 0), (-1, -1), 8),
                        ("TOPPADDING", (0, 0), (-1, -1), 5),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                    ]
                )
            )
            story += [Spacer(0, size * 2), box]
    return story


def render_notices_pdf(letters: list[NoticeLetter], target: Path | str) -> Path:
    """Write the letters to ``target``, one A4 page each (through ``atomic_output``)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    if not letters:
        raise JukideskError("作成する通知がありません。")
    register_fonts()
    target = Path(target)
    with atomic_output(target) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=25 * mm,
            rightMargin=22 * mm,
            topMargin=22 * mm,
            bottomMargin=20 * mm,
            title=letters[0].subject,
            creator="jukidesk",
            initialFontName=MINCHO,  # else every page names Helvetica, which is not embedded
        )
        doc.build(notice_flowables(letters, doc.width))
    return target
