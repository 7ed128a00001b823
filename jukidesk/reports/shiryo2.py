"""資料2: the yearly audit progress report for the committee, built once as plain data.

``build_shiryo2(session, fy)`` returns a :class:`~jukidesk.reports.document.Document`
with the four sections of ``shared/spec/shiryo2.md``. Every figure comes from
``core.summary.summaries`` (counts and averages) and ``core.scoring.format_points``; the
institution lists and counts from the registry of the report year; the wording from the
organisation's settings (group 報告書) and the year's notes (``core.notes``). The Excel,
PDF and HTML renderers only draw what this returns.

Paragraphs: each section's paragraphs are a template in the settings
(``SECTION_TEMPLATES``) whose ``{名前}`` fields are computed for the report year by
:func:`report_fields` (``{年度}``, ``{巡目}``, ``{対象機関数}``, ``{自己点検平均点}`` …). A
field with no value that year (no result yet, no audit of the kind, a condition such as
``{巡目の最終年度なら}`` that does not hold) leaves its whole line out, so a template reads
right in every year. The year's note of a section (``NOTE_KEYS``) replaces the template
for that year; a line ``{定型文}`` in the note puts the template's paragraphs there (so a
note can add to them). Notes take the same fields; a ``{…}`` that names no field stays as
typed.

Digits: counts and years in running text follow the usual office convention — one digit
full-width (``４機関``, ``３巡目``, ``令和７年度``), two or more half-width (``19機関``,
``平成25年度``); scores stay half-width (``3.00 点``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.base.fiscal import ERAS, YearStyle, num, to_fullwidth, wide_single_digits
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, INSTITUTION_KIND_LABELS, TERMINAL_INSTITUTION_LABEL
from jukidesk.core import audits as audit_rules
from jukidesk.core.names import merge_names, parse_suffixes
from jukidesk.core.notes import year_notes
from jukidesk.core.past_results import past_first_years
from jukidesk.core.registry import REGISTERED_COLUMNS, Registered, year_registry
from jukidesk.core.scoring import format_points, format_score
from jukidesk.core.settings import SPEC_BY_KEY, load_settings
from jukidesk.core.summary import KindSummary, registered_counts, summaries
from jukidesk.core.trace import figure_ref
from jukidesk.reports.document import Cell, Document, Section, Table, paragraphs_from_text
from jukidesk.storage.models import Audit, Checklist, Institution
from jukidesk.storage.plain import plain_rows

# Table columns (storage.plain): the report only reads values.
_CHECKLIST = Checklist.__table__.c
_AUDIT = Audit.__table__.c
_INSTITUTION = Institution.__table__.c

REPORT_KINDS = audit_kinds.scored_codes()  # as at import; the sections call audit_kinds themselves
# The year's notes (table year_note) by section: the key and what the editors call it.
NOTE_KEYS = {
    "overview": "１ 監査の概要（段落）",
    "method": "２ 監査の実施方法（段落）",
    "progress": "３ 監査経過（段落）",
    "next_plan": "４ 今後の対策（段落）",
}
# The setting holding each section's paragraph template.
SECTION_TEMPLATES = {
    "overview": "report_overview_text",
    "method": "report_method_text",
    "progress": "report_progress_text",
    "next_plan": "report_plan_text",
}
TEMPLATE_LINE = "{定型文}"  # in a note: the section's template goes here
MAX_TREND_YEARS = 12  # the trend table drops past cycles rather than grow wider than this
TABLE_WIDTH = 52  # the tables' relative widths add up to this (so their first columns line up)
FINDINGS_MAX_LINES = 4  # distinct findings listed in a 指摘内容と対応 cell before "ほかN件"
FIRST_ERA_FY = 1989  # 平成元年度: no paper is dated in an earlier era (住基ネット began in 2002)

RUNNING = "(実施中)"
NOT_YET = "―"  # the kind did not exist / no audit that year
NO_RESULT = "－"  # no result is in yet

_FIELD = re.compile(r"\{([^{}\n]*)\}")


def count_cell_text(count: int) -> str:
    """A count alone in a table cell, spaced like ``3.00 点``: ``19 機関`` / ``５機関``."""
    return f"{num(count)}機関" if count <= 9 else f"{count} 機関"


def _placeholder_error(key: str, detail: str, names) -> JukideskError:
    label = SPEC_BY_KEY[key].label if key in SPEC_BY_KEY else key
    listed = "、".join("{" + name + "}" for name in names)
    return JukideskError(
        f"設定「{label}」の差し込み記号が正しくありません（{detail}）。使える記号: {listed}。"
        "文字の「{」「}」を書くときは「{{」「}}」と重ねてください。"
    )


def fill(template: str, values: dict[str, str], *, key: str) -> str:
    """Fill ``{name}`` placeholders of a setting's text; a mistyped one is a user error."""
    try:
        return template.format_map(values)
    except (KeyError, ValueError, IndexError, AttributeError) as exc:
        raise _placeholder_error(key, str(exc), values) from None


def fill_lines(text: str, values: dict[str, str | None], *, key: str | None = None) -> str:
    """Fill the ``{名前}`` fields of a paragraph template line by line.

    A line holding a field whose value is ``None`` (nothing to say this year) is left out.
    ``{{`` and ``}}`` are literal braces. With ``key`` (a setting) an unknown name is a
    user error naming the setting; without it (a note) the text stays as typed."""
    kept = []
    for line in (text or "").splitlines():
        guarded = line.replace("{{", "\0").replace("}}", "\1")
        drop = False

        def value(match: re.Match) -> str:
            nonlocal drop
            name = match.group(1).strip()
            if name not in values:
                if key is not None:
                    raise _placeholder_error(key, f"{{{match.group(1)}}} は使えません", values)
                return match.group(0)
            if values[name] is None:
                drop = True
                return ""
            return values[name]

        filled = _FIELD.sub(value, guarded)
        if drop:
            continue
        if key is not None and ("{" in filled or "}" in filled):
            raise _placeholder_error(key, "「{」と「}」の組が合っていません", values)
        kept.append(filled.replace("\0", "{").replace("\1", "}"))
    return "\n".join(kept)


@dataclass(frozen=True)
class ReportContext:
    """What the sections share: the year, its style, settings and figures."""

    fy: int
    style: YearStyle
    settings: dict
    figures: dict[int, dict[str, KindSummary]]
    first_years: dict[str, int | None]
    suffixes: tuple[str, ...]
    findings: dict[str, audit_rules.FindingsSummary]

    def year(self, fy: int) -> str:
        return wide_single_digits(self.style.label(fy, fullwidth=False))

    def complete(self, fy: int, kind: str) -> bool:
        """Every institution counted for the kind has its result in."""
        figure = self.figures[fy][kind]
        return figure.results > 0 and figure.results >= figure.institutions


def check_year(fy: int) -> None:
    if not (ERAS[0].start.year < fy < 10000):
        raise JukideskError(f"年度 {fy} は扱えません（西暦の年度を指定してください。例: 2013）。")


def check_report_year(session: Session, style: YearStyle, fy: int, registered: Mapping[int, int] | None = None) -> None:
    """A year 資料2 can be made for: in the 平成 era or later, in a cycle (巡目 1 or more),
    with institutions in the registry (``registered``: ``core.summary.registered_counts``
    of the year, read here when not given). A ``ValidationError`` says why not."""
    check_year(fy)
    if fy < FIRST_ERA_FY:
        raise ValidationError(
            f"{fy}年度の資料2は作成できません。平成元年度（{FIRST_ERA_FY}年度）以降の年度を指定してください。", "fy"
        )
    if fy < style.cycle_first_fy:
        raise ValidationError(
            f"{wide_single_digits(style.label(fy, fullwidth=False))}（{fy}年度）は監査の１巡目"
            f"（{wide_single_digits(style.label(style.cycle_first_fy, fullwidth=False))}から）より前の年度のため、"
            "資料2を作成できません（設定「監査の１巡目が始まる年度」を確認してください）。",
            "fy",
        )
    if registered is None:
        registered = registered_counts(session, [fy])
    if not registered[fy]:
        raise ValidationError(
            f"{wide_single_digits(style.label(fy, fullwidth=False))}（{fy}年度）に有効な機関が機関台帳にないため、"
            "資料2を作成できません。先に機関を登録してください。",
            "fy",
        )


@cache
def _first_checklist_year() -> Select:
    return select(func.min(_CHECKLIST.fy)).where(_CHECKLIST.kind == bindparam("kind"))


@cache
def _first_audit_years() -> Select:
    return select(_AUDIT.kind, func.min(_AUDIT.fy)).group_by(_AUDIT.kind)


def first_years(session: Session) -> dict[str, int | None]:
    """The first fiscal year with records of each kind (checklists for self, audits otherwise)."""
    first = {
        kind: plain_rows(session, _first_checklist_year(), {"kind": kind}).scalar()
        for kind in audit_kinds.codes(lambda row: not row.audit)
    }
    for kind, fy in plain_rows(session, _first_audit_years()):
        first[kind] = fy
    for kind, fy in past_first_years(session).items():  # imported results of earlier years
        first[kind] = fy if first.get(kind) is None else min(fy, first[kind])
    return {kind: first.get(kind) for kind in audit_kinds.checklist_codes()}


def trend_years(style: YearStyle, fy: int, past_cycles: int = 1) -> range:
    """The trend table's years: ``past_cycles`` cycles before the report year's cycle (as
    many as exist, and no more than keep the table within ``MAX_TREND_YEARS``), the report
    year's cycle and the next one."""
    current = style.cycle(fy)
    following = style.cycle(current.last_fy + 1)
    past = max(0, min(int(past_cycles), current.number - 1))
    while past and (past + 2) * style.cycle_length > MAX_TREND_YEARS:
        past -= 1
    return range(current.first_fy - past * style.cycle_length, following.last_fy + 1)


def _distinct_institutions(summary: audit_rules.FindingsSummary) -> audit_rules.FindingsSummary:
    """The summary with each finding's institutions listed once (``（n機関）`` counts
    institutions, not items: three items of one institution are one institution)."""
    lines = tuple(
        dataclasses.replace(line, institutions=tuple(dict.fromkeys(line.institutions))) for line in summary.lines
    )
    return dataclasses.replace(summary, lines=lines)


def build_shiryo2(session: Session, fy: int) -> Document:
    settings = load_settings(session)
    style = YearStyle.from_settings(settings)  # what core.settings.year_style makes, without reading them again
    # The registry's counts of every year the report shows, read once: for the check and the figures.
    fys = {fy - 1, fy}
    if FIRST_ERA_FY <= fy < 10000 and style.cycle_first_fy <= fy:  # else check_report_year refuses the year
        fys |= set(trend_years(style.as_written_in(fy), fy, settings.get("report_trend_past_cycles", 1)))
    registered = registered_counts(session, fys)
    check_report_year(session, style, fy, registered)
    style = style.as_written_in(fy)  # future years in the eras known that year (H31, not R1, in FY2014)
    years = trend_years(style, fy, settings.get("report_trend_past_cycles", 1))
    ctx = ReportContext(
        fy=fy,
        style=style,
        settings=settings,
        figures=summaries(session, set(years) | {fy - 1, fy}, registered_in=registered),
        first_years=first_years(session),
        suffixes=parse_suffixes(settings["name_merge_suffixes"]),
        findings={
            kind: _distinct_institutions(summary)
            for kind, summary in audit_rules.findings_summaries(session, fy, audit_kinds.checklist_codes()).items()
        },
    )
    notes = year_notes(session, fy)
    institutions = year_registry(session, fy)
    fields = report_fields(session, ctx, institutions, years)

    def paragraphs(section: str):
        key = SECTION_TEMPLATES[section]
        template = fill_lines(settings[key], fields, key=key)
        note = notes.get(section, "")
        if not note.strip():
            return paragraphs_from_text(template)
        lines = []
        for line in note.splitlines():
            if line.strip() == TEMPLATE_LINE:
                lines.append(template)
            else:
                lines.append(fill_lines(line, fields))
        return paragraphs_from_text("\n".join(lines))

    return Document(
        title=settings["report_title"],
        label=settings["report_label"],
        sections=[
            _overview(ctx, paragraphs("overview")),
            _method(ctx, institutions, paragraphs("method")),
            _progress(session, ctx, fields, paragraphs("progress")),
            _plan(ctx, years, fields, paragraphs("next_plan")),
        ],
    )


# ---------------------------------------------------------------------- the template fields


def _joined(labels: list[str]) -> str | None:
    """自己点検 / 内部監査及び外部監査 / 自己点検、内部監査及び外部監査 (None for none)."""
    if not labels:
        return None
    if len(labels) == 1:
        return labels[0]
    return "、".join(labels[:-1]) + "及び" + labels[-1]


def _span(style: YearStyle, first: int, last: int) -> str:
    """平成26年度から28年度まで / 平成29年度から令和元年度まで (the era written once when it stays)."""
    start = wide_single_digits(style.label(first, fullwidth=False))
    end = wide_single_digits(style.label(last, fullwidth=False))
    era = start[:2]
    if end.startswith(era):
        end = end[len(era) :]
    return f"{start}から{end}まで"


def report_fields(
    session: Session, ctx: ReportContext, institutions: list[Registered], years: range
) -> dict[str, str | None]:
    """The ``{名前}`` fields of the paragraph templates for the report year (``None`` = no
    value this year: a line using it is left out). Also the headings' ``{year}``,
    ``{next_year}`` and ``{next_cycle}``.

    - years (和暦, as the organisation writes them): 年度, 前年度, 翌年度;
    - cycles: 巡目 (３巡目), 前の巡目, 次の巡目, 巡目の年数, 巡目の年次 (１年目), 巡目の初年度,
      巡目の最終年度, 巡目の期間 (平成26年度から28年度まで), 次の巡目の初年度,
      次の巡目の最終年度, 次の巡目の期間;
    - conditions (empty when they hold, leaving the line out otherwise): 巡目の初年度なら,
      巡目の最終年度なら, 巡目の途中なら, すべて終了したなら;
    - the registry of the year: 対象機関数, 事務利用機関数, 運用機関数, 業務端末設置機関数, 種類数;
    - per kind (自己点検, 内部監査, 外部監査, フォローアップ …): {種類}機関数, {種類}平均点 (when
      every result is in), 前年度の{種類}平均点, {種類}の実施予定日; for audits also
      翌年度の{種類}機関数 and 次の巡目の{種類}機関数 (planned);
    - the year's state: 実施中の監査, 実施予定の監査 (not begun), 終了した監査,
      指摘のない監査, 指摘のある監査, 改善を要する項目数.
    """
    fy, style = ctx.fy, ctx.style
    cycle = style.cycle(fy)
    following = style.cycle(cycle.last_fy + 1)
    users = [i for i in institutions if i.kind == "user"]
    operators = [i for i in institutions if i.kind == "operator"]
    terminals = [i for i in users if i.has_terminal]

    def count(value: int) -> str | None:
        return num(value) if value else None

    last_year = fy == cycle.last_fy
    values: dict[str, str | None] = {
        "年度": ctx.year(fy),
        "前年度": ctx.year(fy - 1),
        "翌年度": ctx.year(fy + 1),
        "巡目": f"{num(cycle.number)}巡目",
        "前の巡目": f"{num(cycle.number - 1)}巡目" if cycle.number > 1 else None,
        "次の巡目": f"{num(following.number)}巡目",
        "巡目の年数": num(style.cycle_length),
        "巡目の年次": f"{num(fy - cycle.first_fy + 1)}年目",
        "巡目の初年度": ctx.year(cycle.first_fy),
        "巡目の最終年度": ctx.year(cycle.last_fy),
        "巡目の期間": _span(style, cycle.first_fy, cycle.last_fy),
        "次の巡目の初年度": ctx.year(following.first_fy),
        "次の巡目の最終年度": ctx.year(following.last_fy),
        "次の巡目の期間": _span(style, following.first_fy, following.last_fy),
        "巡目の初年度なら": "" if fy == cycle.first_fy else None,
        "巡目の最終年度なら": "" if last_year else None,
        "巡目の途中なら": None if last_year else "",
        "対象機関数": count(len(institutions)),
        "事務利用機関数": count(len(users)),
        "運用機関数": count(len(operators)),
        "業務端末設置機関数": count(len(terminals)),
        "種類数": num(len(audit_kinds.scored_codes())),
    }
    running, waiting, done, clean, flagged = [], [], [], [], []
    low_answers = 0
    for kind in audit_kinds.checklist_codes():
        label = CHECKLIST_KIND_LABELS[kind]
        figure = ctx.figures[fy][kind]
        complete = ctx.complete(fy, kind)
        values[f"{label}機関数"] = count(figure.institutions)
        values[f"{label}平均点"] = f"{format_score(figure.average)}点" if complete and figure.average is not None else None
        values[f"前年度の{label}平均点"] = (
            f"{format_score(ctx.figures[fy - 1][kind].average)}点"
            if ctx.complete(fy - 1, kind) and ctx.figures[fy - 1][kind].average is not None
            else None
        )
        summary = ctx.findings[kind]
        values[f"{label}の実施予定日"] = (
            audit_rules.scheduled_dates_text(summary.scheduled) if summary.scheduled else None
        )
        if audit_kinds.is_audit(kind):
            values[f"翌年度の{label}機関数"] = count(ctx.figures[fy + 1][kind].institutions)
            values[f"次の巡目の{label}機関数"] = count(
                sum(ctx.figures[y][kind].institutions for y in following.years if y in ctx.figures)
            )
        if not audit_kinds.kind(kind).scored or not figure.institutions:
            continue
        if complete:
            done.append(label)
        elif summary.held:  # some of the year's work of the kind has begun
            running.append(label)
        else:
            waiting.append(label)
        if summary.results:
            low_answers += summary.low_answers
            (flagged if summary.low_answers else clean).append(label)
    values.update(
        {
            "実施中の監査": _joined(running),
            "実施予定の監査": _joined(waiting),
            "終了した監査": _joined(done),
            "指摘のない監査": _joined(clean),
            "指摘のある監査": _joined(flagged),
            "改善を要する項目数": count(low_answers),
            "すべて終了したなら": "" if done and not running and not waiting else None,
        }
    )
    # the headings' names (kept from earlier versions of the settings)
    values.update({"year": values["年度"], "next_year": values["翌年度"], "next_cycle": values["次の巡目"]})
    return values


# The fields of every year (``report_fields``), in the order the editors list them; the
# per-kind ones follow from the kinds (``note_field_names``).
_YEAR_FIELDS = (
    "年度", "前年度", "翌年度",
    "巡目", "前の巡目", "次の巡目", "巡目の年数", "巡目の年次", "巡目の初年度", "巡目の最終年度", "巡目の期間",
    "次の巡目の初年度", "次の巡目の最終年度", "次の巡目の期間",
    "巡目の初年度なら", "巡目の最終年度なら", "巡目の途中なら",
    "対象機関数", "事務利用機関数", "運用機関数", "業務端末設置機関数", "種類数",
)
_STATE_FIELDS = ("実施中の監査", "実施予定の監査", "終了した監査", "指摘のない監査", "指摘のある監査", "改善を要する項目数", "すべて終了したなら")


def note_field_names() -> list[str]:
    """The ``{名前}`` fields a note or a paragraph template may use (``report_fields`` gives
    their values for a year), without reading any data: for the editors' hint."""
    names = list(_YEAR_FIELDS)
    for kind in audit_kinds.checklist_codes():
        label = CHECKLIST_KIND_LABELS[kind]
        names += [f"{label}機関数", f"{label}平均点", f"前年度の{label}平均点", f"{label}の実施予定日"]
        if audit_kinds.is_audit(kind):
            names += [f"翌年度の{label}機関数", f"次の巡目の{label}機関数"]
    return names + list(_STATE_FIELDS)


# ---------------------------------------------------------------------- the sections


def _heading(number: int, text: str) -> str:
    return f"{to_fullwidth(str(number))} {text}"


def _overview(ctx: ReportContext, paragraphs) -> Section:
    return Section(_heading(1, ctx.settings["report_heading_overview"]), paragraphs)


def _names(institutions: list[Registered], ctx: ReportContext, *, full: bool, count_from: int | None) -> str:
    names = [inst.name if full else inst.report_name for inst in institutions]
    return "、".join(merge_names(names, ctx.suffixes, count_from=count_from, number=num))


def _method(ctx: ReportContext, institutions: list[Registered], paragraphs) -> Section:
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
    return Section(_heading(2, s["report_heading_method"]), paragraphs + [table])


@cache
def _audited_query() -> Select:
    """The audits of a year and kinds in registry order with their institutions, as table
    columns, built once with bound parameters (SQLAlchemy keeps a built statement's cache key)."""
    return (
        select(_AUDIT.kind.label("audit_kind"), _AUDIT.auditors, *REGISTERED_COLUMNS)
        .join_from(Audit.__table__, Institution.__table__, _AUDIT.institution_id == _INSTITUTION.id)
        .where(_AUDIT.fy == bindparam("fy"), _AUDIT.kind.in_(bindparam("kinds", expanding=True)))
        .order_by(_INSTITUTION.sort_order, _INSTITUTION.id)
    )


def _audited(session: Session, fy: int, kinds: list[str]) -> dict[str, list[tuple[Registered, str]]]:
    """The audits of ``fy`` by kind, each kind's in registry order (one query for the kinds):
    (the institution, the auditors as typed)."""
    by_kind: dict[str, list[tuple[Registered, str]]] = {}
    if not kinds:
        return by_kind
    for row in plain_rows(session, _audited_query(), {"fy": fy, "kinds": kinds}).all():
        by_kind.setdefault(row.audit_kind, []).append((Registered.of(row), row.auditors))
    return by_kind


def _progress(session: Session, ctx: ReportContext, fields: dict, paragraphs) -> Section:
    s, fy = ctx.settings, ctx.fy
    figures = ctx.figures[fy]
    rows = [[Cell(text, align="center", header=True) for text in ("区分", "実施機関", "監査者", "監査結果", "指摘内容と対応")]]
    # The scored kinds always; the others (フォローアップ) in a year that has them.
    kinds = [k for k in audit_kinds.checklist_codes() if audit_kinds.kind(k).scored or figures[k].institutions]
    still_open = audit_rules.open_finding_rows(session, before=fy + 1)  # once for every kind's row
    audited = _audited(session, fy, [k for k in kinds if audit_kinds.is_audit(k)])
    for kind in kinds:
        figure = figures[kind]
        if not audit_kinds.is_audit(kind):
            scope = f"{s['report_self_scope_label']}\n（{num(figure.institutions)}機関）"
            auditor = s["self_auditor_label"]
        else:
            audits = audited.get(kind, [])
            insts = list({inst.id: inst for inst, _auditors in audits}.values())
            scope = f"{_names(insts, ctx, full=False, count_from=None)}\n（{num(len(insts))}機関）" if insts else NOT_YET
            auditor = s.get(f"{kind}_auditor_label") or CHECKLIST_KIND_LABELS[kind]
            if audit_kinds.kind(kind).needs_terminal:  # external auditors: name their firms
                firms = []
                for _inst, auditors in audits:
                    for name in audit_rules.auditor_names(auditors):
                        if name not in firms:
                            firms.append(name)
                if firms:
                    auditor += "\n(" + "、".join(firms) + ")"
        result = format_points(figure.average) if ctx.complete(fy, kind) else NO_RESULT
        findings = audit_rules.render_findings_text(ctx.findings[kind], max_lines=FINDINGS_MAX_LINES)
        carried = _carried_over(still_open, fy, kind, ctx.style)
        if carried:
            findings = f"{findings}\n{carried}" if findings else carried
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
    heading = fill_lines(s["report_heading_progress"], fields, key="report_heading_progress")
    return Section(_heading(3, heading), paragraphs + [table])


def _carried_over(open_at_year_end: list[audit_rules.OpenFinding], fy: int, kind: str, style: YearStyle) -> str:
    """Findings of earlier years' audits of ``kind`` still not confirmed at the end of ``fy``
    (``open_at_year_end`` = ``core.audits.open_finding_rows(session, before=fy + 1)``): a
    finding follows its institution in every year's 資料2 until a follow-up or a later
    audit confirms it."""
    still_open = [f for f in open_at_year_end if f.kind == kind and f.fy < fy]
    if not still_open:
        return ""
    by_institution: dict[int, list[audit_rules.OpenFinding]] = {}
    for finding in still_open:
        by_institution.setdefault(finding.institution_id, []).append(finding)
    parts = [
        f"{findings[0].institution}（{style.short(findings[0].fy)}・{len(findings)}件）"
        for findings in by_institution.values()
    ]
    return "・前年度までの指摘で改善確認待ち: " + "、".join(parts)


def _ref(what: str, text: str, fy: int, kind: str) -> str:
    """The drill-down link of a trend cell that shows a figure (none for blanks and ―)."""
    return figure_ref(what, fy, kind) if text not in ("", NOT_YET) else ""


def _plan(ctx: ReportContext, years: range, fields: dict, paragraphs) -> Section:
    s, fy, style = ctx.settings, ctx.fy, ctx.style
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
        caption=fill_lines(s["report_trend_caption"], fields, key="report_trend_caption"),
        note=s["report_trend_footnote"],
    )
    heading = fill_lines(s["report_heading_plan"], fields, key="report_heading_plan")
    return Section(_heading(4, heading), paragraphs + [table])
