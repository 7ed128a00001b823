"""The yearly summary for the committee (審議会への年次報告), built once as plain data.

``build_committee(session, fy)`` returns a :class:`~jukidesk.reports.document.Document`
(the model of 資料2) that the same Excel and PDF renderers draw. For one fiscal year it
lists the audits with their results, the meetings with their agenda outcomes, training
completion rates, drills held, how complete the daily and monthly inspections are and the
findings still open, and the year's 調査票 (counts per answer, the 未整備 items). Every figure comes from the core: averages from ``core.summary`` and
``core.scoring``, training from ``core.municipal.training``, inspections from
``core.municipal.inspections``; titles and names from the settings.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.fiscal import YearStyle, fiscal_year_bounds, num, to_fullwidth, wareki_date
from jukidesk.base.vocabulary import (
    AUDIT_STATUS_LABELS,
    CHECKLIST_KIND_LABELS,
    COUNCIL_ANSWER_LABELS,
    COURSE_KIND_LABELS,
    EMERGENCY_DOCUMENT_KIND_LABELS,
    FINDING_STATUS_LABELS,
    INSPECTION_KIND_LABELS,
    MEETING_KIND_LABELS,
)
from jukidesk.core import audits as audit_rules
from jukidesk.core.municipal import council, emergency, inspections, meetings, survey, training
from jukidesk.core.municipal.records import format_rate
from jukidesk.core.scoring import format_points
from jukidesk.core.settings import load_settings, reference_date, year_style
from jukidesk.core.summary import institution_scores, year_summary
from jukidesk.reports.document import Cell, Document, Paragraph, Section, Table

NONE = "－"
WIDTH = 52  # the tables' relative widths add up to this, as in 資料2


def _heading(number: int, text: str) -> str:
    return f"{to_fullwidth(str(number))} {text}"


def _header(*texts: str) -> list[Cell]:
    return [Cell(text, align="center", header=True) for text in texts]


def _day(day: dt.date | None) -> str:
    return wareki_date(day) if day else NONE


def _rate(part: int, whole: int) -> str:
    return format_rate(Fraction(part, whole)) if whole else NONE


def build_committee(session: Session, fy: int, *, as_of: dt.date | None = None) -> Document:
    """The summary of ``fy``; inspections are counted up to ``as_of`` (default: the
    reference date of the settings, else today) or the end of the year if earlier."""
    settings = load_settings(session)
    style = year_style(session)
    today = reference_date(session, as_of)
    until = min(today, fiscal_year_bounds(fy)[1] + dt.timedelta(days=1))
    year = style.label(fy)
    return Document(
        title=f"{year} {settings['committee_report_title']}",
        label=settings["org_name"],
        sections=[
            _audits(session, fy, year),
            _meetings(session, fy, settings),
            _training(session, fy),
            _emergency(session, fy, today),
            _inspections(session, fy, until),
            _open_findings(session, fy, style),
            _internal_audit_reports(session, fy),
            _survey(session, fy, style),
        ],
        footer=settings["org_name"],
    )


def _audits(session: Session, fy: int, year: str) -> Section:
    figures = year_summary(session, fy)
    scores = institution_scores(session, [fy])
    rows = [_header("区分", "機関", "実施日", "状況", "結果", "指摘")]
    self_figure = figures["self"]
    rows.append([
        Cell(CHECKLIST_KIND_LABELS["self"], align="center"),
        Cell(f"全機関（{num(self_figure.institutions)}機関）"),
        Cell(NONE, align="center"),
        Cell(f"{num(self_figure.results)}機関 完了", align="center"),
        Cell(format_points(self_figure.average), align="center"),
        Cell(NONE, align="center"),
    ])
    for kind in audit_kinds.audit_codes():
        audits = audit_rules.list_audits(session, fy, kind=kind)
        if not audits:
            continue
        for audit in audits:
            score = scores.get((fy, kind), {}).get(audit.institution_id)
            findings = len(audit.findings)
            rows.append([
                Cell(CHECKLIST_KIND_LABELS[kind], align="center"),
                Cell(audit.institution.name),
                Cell(_day(audit.starts_at.date() if audit.starts_at else None), align="center"),
                Cell(AUDIT_STATUS_LABELS[audit.status], align="center"),
                Cell(format_points(score), align="center"),
                Cell(f"{num(findings)}件" if findings else "なし", align="center"),
            ])
        figure = figures[kind]
        rows.append([
            Cell(f"{CHECKLIST_KIND_LABELS[kind]}の平均", colspan=4, align="right", bold=True),
            Cell(format_points(figure.average), align="center", bold=True),
            Cell(f"{num(figure.results)}/{num(figure.institutions)}機関", align="center"),
        ])
    table = Table(widths=[8, 15, 10, 6, 7, 6], rows=rows, header_rows=1)
    intro = Paragraph(f"{year}の自己点検と監査の結果（平均点は該当なしを除く各機関の点数の平均）。", bullet="○")
    return Section(_heading(1, "自己点検・監査の結果"), [intro, table])


def _meetings(session: Session, fy: int, settings: dict) -> Section:
    blocks: list = []
    held = meetings.meetings_in_year(session, fy)
    if not held:
        blocks.append(Paragraph("この年度の会議の記録はありません。", bullet="○"))
    for meeting in held:
        kind = MEETING_KIND_LABELS[meeting.kind]
        if meeting.written:
            replies = len(meeting.replies)
            opinions = sum(1 for r in meeting.replies if r.has_opinion)
            waiting = meetings.outstanding_replies(session, meeting)
            expected = replies + len(waiting)
            text = (
                f"{meeting.title}（{kind}{'' if '書面開催' in meeting.title else '・書面開催'}）　資料送付 {_day(meeting.materials_sent_on)}、"
                f"回答期限 {_day(meeting.opinions_due_on)}。回答 {num(replies)}/{num(expected)}名"
                f"（意見あり {num(opinions)}件）。"
            )
        else:
            place = "・".join(p for p in (meeting.place, "WEB会議" if meeting.web else "") if p)
            present = sum(1 for a in meeting.attendance if a.present)
            text = f"{meeting.title}（{kind}）　{_day(meeting.held_on)} {meeting.time_text}、{place}。出席 {num(present)}名。"
        blocks.append(Paragraph(text, bullet="○"))
        if meeting.minutes:
            blocks.append(Paragraph(meeting.minutes, indent=1))
        if meeting.agenda:
            rows = [_header("No.", "議題", "報告・説明", "決定事項・審議結果")]
            for item in meeting.agenda:
                rows.append([
                    Cell(f"({item.position})", align="center"),
                    Cell(item.title),
                    Cell(item.report or NONE),
                    Cell(item.decision or NONE),
                ])
            blocks.append(Table(widths=[3, 14, 19, 16], rows=rows, header_rows=1))
        for reply in meeting.replies:
            if reply.has_opinion:
                blocks.append(Paragraph(f"{reply.member.name} 委員の意見: {reply.opinion}", bullet="・", indent=1))
    blocks.extend(_council_decision(session, fy))
    return Section(_heading(2, "・".join(MEETING_KIND_LABELS.values())), blocks)


def _council_decision(session: Session, fy: int) -> list:
    """The year's 開催要否 of the 審議会: documents sent, replies, the chair's decision."""
    found = council.summary(session, fy)
    if found is None:
        return [Paragraph("審議会の開催要否: この年度の記録はない。", bullet="○")]
    blocks: list = [Paragraph(f"審議会の開催要否: {found.text()}", bullet="○")]
    rows = [_header("委員", "回答日", "回答", "意見")]
    for reply in found.replies:
        late = "" if reply.received_on <= found.decision.opinions_due_on else "（期限後）"
        rows.append([
            Cell(reply.member.name),
            Cell(_day(reply.received_on) + late, align="center"),
            Cell(COUNCIL_ANSWER_LABELS[reply.answer], align="center"),
            Cell(reply.opinion or NONE),
        ])
    for member in found.waiting:
        rows.append([Cell(member.name), Cell("未回答", align="center"), Cell(NONE, align="center"), Cell(NONE)])
    blocks.append(Table(widths=[10, 10, 9, 23], rows=rows, header_rows=1, caption="開催要否についての各委員の回答"))
    return blocks


def _training(session: Session, fy: int) -> Section:
    statuses = training.training_status(session, fy)
    rows = [_header("区分", "研修名", "実施時期", "対象者", "受講済", "受講率")]
    for status in statuses:
        course = status.course
        when = _day(course.planned_from)
        if course.planned_until and course.planned_until != course.planned_from:
            when += f"～\n{_day(course.planned_until)}"
        rows.append([
            Cell(COURSE_KIND_LABELS[course.kind], align="center"),
            Cell(course.title + ("" if course.required else "（任意）")),
            Cell(when, align="center"),
            Cell(f"{len(status.targets)}名", align="right"),
            Cell(f"{len(status.completed)}名", align="right"),
            Cell(format_rate(status.rate) if status.rate is not None else NONE, align="right"),
        ])
    blocks: list = [
        Paragraph("住基ネットに関わる職員（地域センター等を含む）は、内容が毎年変わるため、全員が毎年受講する。", bullet="○")
    ]
    if statuses:
        blocks.append(Table(widths=[7, 17, 12, 5, 5, 6], rows=rows, header_rows=1))
        missing = training.not_completed(session, fy)
        if missing:
            sections: dict[str, int] = {}
            for entry in missing:
                sections[entry.staff.institution.name] = sections.get(entry.staff.institution.name, 0) + 1
            detail = "、".join(f"{name} {num(count)}名" for name, count in sections.items())
            blocks.append(Paragraph(f"必須研修の未受講者 {num(len(missing))}名（{detail}）。", bullet="○"))
        else:
            blocks.append(Paragraph("必須研修の未受講者はいない。", bullet="○"))
    else:
        blocks.append(Paragraph("この年度の研修計画は登録されていない。", bullet="○"))
    return Section(_heading(3, "研修の実施状況"), blocks)


def _emergency(session: Session, fy: int, today: dt.date) -> Section:
    day = min(today, fiscal_year_bounds(fy)[1])
    current = emergency.current_documents(session, day)
    blocks: list = []
    for kind, document in current.items():
        if document is None:
            blocks.append(Paragraph(f"{EMERGENCY_DOCUMENT_KIND_LABELS[kind]}: 登録なし", bullet="○"))
        else:
            blocks.append(Paragraph(f"{document.title}（{document.version}、{_day(document.revised_on)}改訂）", bullet="○"))
    drills = emergency.drills_in_year(session, fy)
    if drills:
        rows = [_header("実施日", "想定", "課題", "改善の対応")]
        for drill in drills:
            state = "（完了）" if drill.follow_up_done else "（対応中）"
            rows.append([
                Cell(_day(drill.held_on), align="center"),
                Cell(drill.scenario),
                Cell(drill.findings or NONE),
                Cell((drill.follow_up or NONE) + state),
            ])
        blocks.append(Table(widths=[9, 15, 13, 15], rows=rows, header_rows=1, caption=f"緊急時対応訓練（{num(len(drills))}回）"))
    else:
        blocks.append(Paragraph("この年度の緊急時対応訓練の記録はない。", bullet="○"))
    return Section(_heading(4, "緊急時対応計画・訓練"), blocks)


def _inspections(session: Session, fy: int, until: dt.date) -> Section:
    counts = inspections.completeness(session, fy, until)
    rows = [_header("点検", "点検すべき件数", "記録あり", "記録漏れ", "不備あり", "記録率")]
    for kind, count in counts.items():
        rows.append([
            Cell(INSPECTION_KIND_LABELS[kind], align="center"),
            Cell(f"{count.expected}件", align="right"),
            Cell(f"{count.recorded}件", align="right"),
            Cell(f"{count.missing}件", align="right"),
            Cell(f"{count.with_findings}件", align="right"),
            Cell(_rate(count.recorded, count.expected), align="right"),
        ])
    sites = inspections.inspection_sites(session, fy)
    cut = until - dt.timedelta(days=1)
    intro = Paragraph(
        f"業務端末設置場所 {num(len(sites))}か所（{'、'.join(s.name for s in sites)}）の点検の記録状況"
        f"（{_day(cut)}まで。日次は開庁日ごと、月次は月ごと）。",
        bullet="○",
    )
    return Section(_heading(5, "日次点検・月次点検"), [intro, Table(widths=[9, 9, 8, 8, 8, 10], rows=rows, header_rows=1)])


def _open_findings(session: Session, fy: int, style: YearStyle) -> Section:
    findings = audit_rules.open_findings(session, before=fy + 1)  # still open when the year ended
    if not findings:
        return Section(_heading(6, "改善中の指摘事項"), [Paragraph("改善が確認されていない指摘事項はない。", bullet="○")])
    rows = [_header("年度", "区分", "機関", "指摘内容", "改善の対応", "状況")]
    for finding in findings:
        audit = finding.audit
        rows.append([
            Cell(style.short(audit.fy), align="center"),
            Cell(CHECKLIST_KIND_LABELS[audit.kind], align="center"),
            Cell(audit.institution.name),
            Cell(finding.content or NONE),
            Cell(finding.response or NONE),
            Cell(FINDING_STATUS_LABELS[finding.status] + (f"\n期限 {_day(finding.due_date)}" if finding.due_date else ""), align="center"),
        ])
    intro = Paragraph(f"改善が確認されていない指摘事項 {num(len(findings))}件（フォローアップで確認する）。", bullet="○")
    return Section(_heading(6, "改善中の指摘事項"), [intro, Table(widths=[4, 6, 8, 13, 13, 8], rows=rows, header_rows=1)])


def _internal_audit_reports(session: Session, fy: int) -> Section:
    """７ 内部監査の実施報告: each 内部監査報告書 with its result by method and its proposals."""
    from jukidesk.reports.internal_audit import committee_blocks

    return Section(_heading(7, "内部監査の実施報告"), committee_blocks(session, fy))


def _survey(session: Session, fy: int, style: YearStyle, number: int = 8) -> Section:
    """The year's 調査票 to 総務省: how many items per answer and the 未整備 items with their
    procedures (core.municipal.survey.survey_year_figures)."""
    heading = _heading(number, "調査票（総務省）の回答状況")
    figures = survey.survey_year_figures(session, fy, style.label)
    if figures.note:
        return Section(heading, [Paragraph(figures.note, bullet="○")])
    counts = [
        _header(*(label for label, _ in figures.counts), "計"),
        [Cell(f"{count}件", align="center") for _, count in figures.counts] + [Cell(f"{figures.total}件", align="center", bold=True)],
    ]
    columns = len(counts[0])
    widths = [WIDTH // columns] * columns
    widths[0] += WIDTH - sum(widths)
    blocks: list = [
        Paragraph(f"{figures.title}の{style.label(fy)}の回答（未確認は前年度から引き継いだまま見直していない項目）。", bullet="○"),
        Table(widths=widths, rows=counts, header_rows=1),
    ]
    rows = figures.open_items.rows if figures.open_items else []
    if rows:
        table = [_header("番号", "質問", "回答", "関連する例規・手順書", "整備状況", "備考")]
        for number_, text, answer, procedures, states, note in rows:
            table.append([
                Cell(number_ or NONE, align="center"),
                Cell(text),
                Cell(answer or NONE, align="center"),
                Cell(procedures),
                Cell(states or NONE, align="center"),
                Cell(note or NONE),
            ])
        blocks.append(Paragraph(f"未整備・一部未整備の項目と未整備の手順 {num(len(rows))}件。", bullet="○"))
        blocks.append(Table(widths=[4, 14, 7, 12, 5, 10], rows=table, header_rows=1))
    else:
        blocks.append(Paragraph("未整備・一部未整備の項目と未整備の手順はない。", bullet="○"))
    if figures.mismatches:
        blocks.append(Paragraph(f"例規・手順書の一覧と回答が一致しない項目 {num(figures.mismatches)}件（見直しが必要）。", bullet="○"))
    return Section(heading, blocks)
