"""資料2: the yearly audit progress report for the committee, built once as plain data.

``build_shiryo2(session, fy)`` returns a :class:`~jukidesk.reports.document.Document`
with the four sections of ``shared/spec/shiryo2.md``. Every figure comes from
``core.summary.summaries`` (counts and averages) and ``core.scoring.format_points``; the
institution lists and counts from the registry of the report year; the wording from the
organisation's settings (group 報告書) and the year's notes (``progress``, ``next_plan``).
The Excel and PDF renderers only draw what this returns.

Digits: counts and years in running text follow the usual office convention — one digit
full-width (``４機関``, ``３巡目``, ``令和７年度``), two or more half-width (``19機関``,
``平成25年度``); scores stay half-width (``3.00 点``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.errors import JukideskError
from jukidesk.base.fiscal import ERAS, YearStyle, to_fullwidth
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, INSTITUTION_KIND_LABELS, TERMINAL_INSTITUTION_LABEL
from jukidesk.core import audits as audit_rules
from jukidesk.core.names import merge_names, parse_suffixes
from jukidesk.core.registry import list_institutions
from jukidesk.core.scoring import format_points
from jukidesk.core.settings import SPEC_BY_KEY, load_settings, year_style
from jukidesk.core.summary import KindSummary, summaries
from jukidesk.core.trace import figure_ref
from jukidesk.reports.document import Cell, Document, Section, Table, paragraphs_from_text
from jukidesk.storage.models import Audit, Checklist, Institution, YearNote

REPORT_KINDS = audit_kinds.scored_codes()  # as at import; the sections call audit_kinds themselves
NOTE_KEYS = {"progress": "３ 監査経過（段落）", "next_plan": "４ 今後の対策（段落）"}  # YearNote keys
TREND_MAX_CYCLES = 4  # the trend table shows at most this many cycles (the last one is the next cycle)
TABLE_WIDTH = 52  # the tables' relative widths add up to this (so their first columns line up)
FINDINGS_MAX_LINES = 4  # distinct findings listed in a 指摘内容と対応 cell before "ほかN件"

RUNNING = "(実施中)"
NOT_YET = "―"  # the kind did not exist / no audit that year
NO_RESULT = "－"  # no result is in yet

_SINGLE_DIGIT = re.compile(r"(?<![0-9])[0-9](?![0-9])")


def num(value: int) -> str:
    """One digit full-width, more digits half-width: ４, 17."""
    return to_fullwidth(str(value)) if 0 <= value <= 9 else str(value)


def wide_single_digits(text: str) -> str:
    """Apply :func:`num`'s convention to the numbers inside a generated text."""
    return _SINGLE_DIGIT.sub(lambda m: to_fullwidth(m.group(0)), text)


def count_cell_text(count: int) -> str:
    """A count alone in a table cell, spaced like ``3.00 点``: ``19 機関`` / ``５機関``."""
    return f"{num(count)}機関" if count <= 9 else f"{count} 機関"


def fill(template: str, values: dict[str, str], *, key: str) -> str:
    """Fill ``{name}`` placeholders of a setting's text; a mistyped one is a user error."""
    try:
        return template.format_map(values)
    except (KeyError, ValueError, IndexError, AttributeError) as exc:
        label = SPEC_BY_KEY[key].label if key in SPEC_BY_KEY else key
        names = "、".join("{" + name + "}" for name in values)
        raise JukideskError(
            f"設定「{label}」の差し込み記号が正しくありません（{exc}）。使える記号: {names}。"
            "文字の「{」「}」を書くときは「{{」「}}」と重ねてください。"
        ) from None


@dataclass(frozen=True)
class ReportContext:
    """What the sections share: the year, its style, settings and figures."""

    fy: int
    style: YearStyle
    settings: dict
    figures: dict[int, dict[str, KindSummary]]
    first_years: dict[str, int | None]
    suffixes: tuple[str, ...]

    def year(self, fy: int) -> str:
        return wide_single_digits(self.style.label(fy, fullwidth=False))

    def complete(self, fy: int, kind: str) -> bool:
        """Every institution counted for the kind has its result in."""
        figure = self.figures[fy][kind]
        return figure.results > 0 and figure.results >= figure.institutions


def check_year(fy: int) -> None:
    if not (ERAS[0].start.year < fy < 10000):
        raise JukideskError(f"年度 {fy} は扱えません（西暦の年度を指定してください。例: 2013）。")


def first_years(session: Session) -> dict[str, int | None]:
    """The first fiscal year with records of each kind (checklists for self, audits otherwise)."""
    first = {
        kind: session.scalar(select(func.min(Checklist.fy)).where(Checklist.kind == kind))
        for kind in audit_kinds.codes(lambda row: not row.audit)
    }
    for kind, fy in session.execute(select(Audit.kind, func.min(Audit.fy)).group_by(Audit.kind)):
        first[kind] = fy
    return {kind: first.get(kind) for kind in audit_kinds.checklist_codes()}


def trend_years(style: YearStyle, fy: int) -> range:
    """From cycle 1 (at most ``TREND_MAX_CYCLES`` cycles back) to the end of the next cycle."""
    current = style.cycle(fy)
    following = style.cycle(current.last_fy + 1)
    start = max(style.cycle_first_fy, following.first_fy - (TREND_MAX_CYCLES - 1) * style.cycle_length)
    start = min(start, fy)
    return range(start, following.last_fy + 1)


def build_shiryo2(session: Session, fy: int) -> Document:
    check_year(fy)
    settings = load_settings(session)
    style = year_style(session)
    years = trend_years(style, fy)
    ctx = ReportContext(
        fy=fy,
        style=style,
        settings=settings,
        figures=summaries(session, years),
        first_years=first_years(session),
        suffixes=parse_suffixes(settings["name_merge_suffixes"]),
    )
    notes = {
        note.key: note.text for note in session.scalars(select(YearNote).where(YearNote.fy == fy))
    }
    institutions = list_institutions(session, fy)
    return Document(
        title=settings["report_title"],
        label=settings["report_label"],
        sections=[
            _overview(ctx),
            _method(ctx, institutions),
            _progress(session, ctx, notes.get("progress", "")),
            _plan(ctx, years, notes.get("next_plan", "")),
        ],
    )


def _heading(number: int, text: str) -> str:
    return f"{to_fullwidth(str(number))} {text}"


def _overview(ctx: ReportContext) -> Section:
    return Section(
        _heading(1, ctx.settings["report_heading_overview"]), paragraphs_from_text(ctx.settings["report_overview_text"])
    )


def _names(institutions: list[Institution], ctx: ReportContext, *, full: bool, count_from: int | None) -> str:
    names = [inst.name if full else inst.report_name for inst in institutions]
    return "、".join(merge_names(names, ctx.suffixes, count_from=count_from, number=num))


def _method(ctx: ReportContext, institutions: list[Institution]) -> Section:
    s = ctx.settings
    users = [i for i in institutions if i.kind == "user"]
    operators = [i for i in institutions if i.kind == "operator"]
    terminals = [i for i in users if i.has_terminal]
    total = len(institutions)
    user_label, operator_label = INSTITUTION_KIND_LABELS["user"], INSTITUTION_KIND_LABELS["operator"]

    def group(members):
        return _names(members, ctx, full=True, count_from=3)

    user_line = f"○{user_label}（全{num(total)}機関のうち{num(len(users))}機関）"
    self_scope = [f"全{num(total)}機関", user_line, group(users)]
    if operators:
        self_scope += [f"□{operator_label}（{num(len(operators))}機関）", group(operators)]
    terminal_scope = [
        f"{TERMINAL_INSTITUTION_LABEL}（{num(len(users))}{user_label}のうち{num(len(terminals))}機関）",
        group(terminals),
    ]

    def scope(kind: str) -> list[str]:
        """Who the kind covers (core.obligations): everyone, the 事務利用機関, or the terminals."""
        row = audit_kinds.kind(kind)
        if not row.audit:
            return self_scope
        return terminal_scope if row.needs_terminal else [user_line, "同上"]

    rows = [
        [
            Cell("区分", rowspan=2, align="center", header=True),
            Cell("方法等", colspan=2, align="center", header=True),
            Cell("対象機関", rowspan=2, align="center", header=True),
            Cell("実施時期", rowspan=2, align="center", header=True),
        ],
        [Cell("内容", align="center", header=True), Cell("監査人", align="center", header=True)],
    ]
    for kind in audit_kinds.scored_codes():
        first = ctx.first_years[kind]
        since = f"\n（{ctx.style.short(first)}年度～）" if first is not None else ""
        rows.append(
            [
                Cell(CHECKLIST_KIND_LABELS[kind] + since, align="center"),
                Cell(s[f"report_{kind}_content"]),
                Cell(s[f"report_{kind}_auditor"]),
                Cell("\n".join(line for line in scope(kind) if line)),
                Cell(s[f"report_{kind}_timing"], align="center"),
            ]
        )
    table = Table(widths=[8, 8.5, 8.5, 21, 6], rows=rows, header_rows=2)
    return Section(_heading(2, s["report_heading_method"]), paragraphs_from_text(s["report_method_text"]) + [table])


def _audited(session: Session, fy: int, kind: str) -> list[Audit]:
    return list(
        session.scalars(
            select(Audit)
            .join(Institution, Audit.institution_id == Institution.id)
            .where(Audit.fy == fy, Audit.kind == kind)
            .order_by(Institution.sort_order, Institution.id)
        )
    )


def _progress(session: Session, ctx: ReportContext, note: str) -> Section:
    s, fy = ctx.settings, ctx.fy
    figures = ctx.figures[fy]
    rows = [[Cell(text, align="center", header=True) for text in ("区分", "実施機関", "監査者", "監査結果", "指摘内容と対応")]]
    # The scored kinds always; the others (フォローアップ) in a year that has them.
    kinds = [k for k in audit_kinds.checklist_codes() if audit_kinds.kind(k).scored or figures[k].institutions]
    for kind in kinds:
        figure = figures[kind]
        if not audit_kinds.is_audit(kind):
            scope = f"{s['report_self_scope_label']}\n（{num(figure.institutions)}機関）"
            auditor = s["self_auditor_label"]
        else:
            audits = _audited(session, fy, kind)
            insts = [a.institution for a in audits]
            scope = f"{_names(insts, ctx, full=False, count_from=None)}\n（{num(len(insts))}機関）" if insts else NOT_YET
            auditor = s.get(f"{kind}_auditor_label") or CHECKLIST_KIND_LABELS[kind]
            if audit_kinds.kind(kind).needs_terminal:  # external auditors: name their firms
                firms = []
                for audit in audits:
                    for name in audit_rules.auditor_names(audit.auditors):
                        if name not in firms:
                            firms.append(name)
                if firms:
                    auditor += "\n(" + "、".join(firms) + ")"
        result = format_points(figure.average) if ctx.complete(fy, kind) else NO_RESULT
        findings = audit_rules.findings_text(session, fy, kind, max_lines=FINDINGS_MAX_LINES)
        rows.append(
            [
                Cell(CHECKLIST_KIND_LABELS[kind], align="center"),
                Cell(scope),
                Cell(auditor, align="center"),
                Cell(result, align="center", ref=figure_ref("average", fy, kind)),
                Cell(findings or NOT_YET),
            ]
        )
    table = Table(widths=[8, 15, 8.5, 7, 13.5], rows=rows, header_rows=1)
    heading = fill(s["report_heading_progress"], {"year": ctx.year(fy)}, key="report_heading_progress")
    return Section(_heading(3, heading), paragraphs_from_text(note) + [table])


def _ref(what: str, text: str, fy: int, kind: str) -> str:
    """The drill-down link of a trend cell that shows a figure (none for blanks and ―)."""
    return figure_ref(what, fy, kind) if text not in ("", NOT_YET) else ""


def _plan(ctx: ReportContext, years: range, note: str) -> Section:
    s, fy, style = ctx.settings, ctx.fy, ctx.style
    next_cycle = style.cycle(style.cycle(fy).last_fy + 1)
    cycle_text = f"{num(next_cycle.number)}巡目"
    header_top = [Cell("区分", colspan=2, rowspan=2, align="center", header=True)]
    cycles = []
    for year in years:
        cycle = style.cycle(year)
        if cycles and cycles[-1][0] == cycle:
            cycles[-1][1] += 1
        else:
            cycles.append([cycle, 1])
    for cycle, span in cycles:
        label = f"＜{num(cycle.number)}巡目＞" + ("予定" if cycle.first_fy > fy else "")
        header_top.append(Cell(label, colspan=span, align="center", header=True))
    header_years = [Cell(style.short(year), align="center", header=True) for year in years]
    rows = [header_top, header_years]
    for kind in audit_kinds.scored_codes():
        first = ctx.first_years[kind]
        counts, averages = [], []
        for year in years:
            figure = ctx.figures[year][kind]
            before = first is None or year < first
            if year > fy:
                counts.append("" if before or not figure.institutions else count_cell_text(figure.institutions))
                averages.append("")
            elif before or not figure.institutions:
                counts.append(NOT_YET)
                averages.append(NOT_YET)
            else:
                counts.append(count_cell_text(figure.institutions))
                if year == fy and not ctx.complete(year, kind):
                    averages.append(RUNNING)
                else:
                    averages.append(format_points(figure.average, none_text=NO_RESULT))
        rows.append(
            [Cell(CHECKLIST_KIND_LABELS[kind], rowspan=2, align="center"), Cell("対象機関数", align="center")]
            + [Cell(text, align="center", ref=_ref("count", text, year, kind)) for text, year in zip(counts, years)]
        )
        rows.append(
            [Cell("平均点", align="center")]
            + [Cell(text, align="center", ref=_ref("average", text, year, kind)) for text, year in zip(averages, years)]
        )
    past = [year for year in years if year <= fy]
    future = [year for year in years if year > fy]
    for kind in audit_kinds.codes(lambda row: not row.scored):  # counted only (フォローアップ, see the note)
        follow = [Cell(CHECKLIST_KIND_LABELS[kind] + "（※）", colspan=2, align="center")]
        for year in past:
            count = ctx.figures[year][kind].institutions
            follow.append(Cell(count_cell_text(count) if count else NOT_YET, align="center"))
        if future:
            if any(ctx.figures[year][kind].institutions for year in future):
                for year in future:
                    count = ctx.figures[year][kind].institutions
                    follow.append(Cell(count_cell_text(count) if count else "", align="center"))
            else:
                follow.append(Cell(s["report_followup_future"], colspan=len(future), align="center"))
        rows.append(follow)
    table = Table(
        widths=[6.5, 6] + [(TABLE_WIDTH - 12.5) / len(years)] * len(years),
        rows=rows,
        header_rows=2,
        caption=fill(s["report_trend_caption"], {"next_cycle": cycle_text}, key="report_trend_caption"),
        note=s["report_trend_footnote"],
    )
    heading = fill(s["report_heading_plan"], {"next_year": ctx.year(fy + 1)}, key="report_heading_plan")
    return Section(_heading(4, heading), paragraphs_from_text(note) + [table])
