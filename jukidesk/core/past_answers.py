"""Past answers per item (過去の回答): the checklists of the years before jukidesk.

``exchange.answers_io`` parses the organisation's long table (年度, 区分, 機関, 項目番号,
評価, 備考); this module checks it against the data and stores it:

* each (年度, 区分, 機関) becomes one checklist on the template version in force that year
  (``core.templates.template_for_year``), marked complete — an ``import`` event says which
  file it came from — so 資料2, the charts, the item heat map and 前年度比 use it like any
  other year's answers (``core.summary`` reads completed checklists);
* an audit kind (内部監査 / 外部監査 / フォローアップ) also gets its ``audit`` row, status
  ``reported`` (the 対象機関数 of an audit kind is its audits); an audit already planned for
  that institution, year and kind is used as it is;
* refused, naming file, row and column, with nothing stored: an institution that is not in
  that year's registry (by code, name or 略称), an item number not in that year's template
  or not asked in that kind, a year before the first cycle or not yet past, a year, kind
  and institution that already has a checklist (jukidesk's own answers are never mixed or
  overwritten), a year and kind that has imported yearly figures (``core.past_results``).

Answers under 3 points without a remark are kept as they were recorded (old records often
have none); nothing is derived from them besides the figures (no findings are opened).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import fiscal_year_of
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core.settings import reference_date, year_style
from jukidesk.core.templates import template_for_year
from jukidesk.storage.history import bulk_write
from jukidesk.storage.models import (
    Answer,
    Audit,
    Checklist,
    ChecklistEvent,
    ChecklistTemplate,
    Institution,
    TemplateItem,
)
from jukidesk.storage.models_past import PastResult


@dataclass
class PlannedChecklist:
    fy: int
    kind: str
    institution_id: int
    institution_name: str
    template_id: int
    answers: list[tuple[int, int | None, bool, str]] = field(default_factory=list)  # item, score, 該当なし, remark


@dataclass
class PastAnswersPlan:
    file_name: str
    checklists: list[PlannedChecklist] = field(default_factory=list)

    def counts(self) -> list[tuple[int, str, int, int]]:
        """(fy, kind, institutions, answers) per year and kind, in year and kind order."""
        totals: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
        for c in self.checklists:
            totals[(c.fy, c.kind)][0] += 1
            totals[(c.fy, c.kind)][1] += len(c.answers)
        keys = sorted(totals, key=lambda k: (k[0], audit_kinds.order(k[1])))
        return [(fy, kind, *totals[(fy, kind)]) for fy, kind in keys]

    def lines(self, year_label=str) -> list[str]:
        return [
            f"追加: {year_label(fy)} {CHECKLIST_KIND_LABELS[kind]} {institutions}機関・回答 {answers}件"
            for fy, kind, institutions, answers in self.counts()
        ]

    @property
    def answer_count(self) -> int:
        return sum(len(c.answers) for c in self.checklists)


_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−ー－"})


def item_key(text: str) -> str:
    """``１－１``, ``1‐1``, `` 1-1 `` → ``1-1``: how item numbers are compared."""
    return "".join(unicodedata.normalize("NFKC", str(text)).translate(_DASHES).split())


def problems_text(problems: list[str], limit: int = 20) -> str:
    shown = problems[:limit]
    more = f"\nほか {len(problems) - limit} 件" if len(problems) > limit else ""
    return "過去の回答を取り込めません（何も保存していません）。\n" + "\n".join(shown) + more


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def plan_answers(session: Session, parsed, *, today: dt.date | None = None) -> PastAnswersPlan:
    """Check the parsed file (``exchange.answers_io.PastAnswersFile``) against the data; a
    ``ValidationError`` names every problem and nothing is planned."""
    style = year_style(session)
    current_fy = fiscal_year_of(reference_date(session, today))
    problems: list[str] = []
    institutions = list(session.scalars(select(Institution)))
    by_word: dict[str, list[Institution]] = defaultdict(list)
    for inst in institutions:
        for word in {inst.code, inst.name, inst.short_name}:
            if word:
                by_word[_key(word)].append(inst)
    templates: dict[int, object] = {}
    items_of: dict[int, dict[str, TemplateItem]] = {}
    existing = set(session.execute(select(Checklist.fy, Checklist.kind, Checklist.institution_id)).all())
    past = set(session.execute(select(PastResult.fy, PastResult.kind)).all())
    planned: dict[tuple[int, str, int], PlannedChecklist] = {}
    reported_years: set[tuple[int, str]] = set()
    refused_groups: set[tuple[int, str, int]] = set()
    answered: set[tuple[tuple[int, str, int], int]] = set()
    for r in parsed.rows:
        where = lambda key: parsed.where(r.row, key)  # noqa: E731
        label = f"{style.label(r.fy)}（{r.fy}年度）"
        if r.fy < style.cycle_first_fy:
            if (r.fy, "fy") not in reported_years:
                problems.append(f"{where('fy')}: {label}は監査の１巡目（{style.label(style.cycle_first_fy)}）より前です。")
                reported_years.add((r.fy, "fy"))
            continue
        if r.fy >= current_fy:
            if (r.fy, "fy") not in reported_years:
                problems.append(f"{where('fy')}: {label}は過去の年度ではありません（取り込めるのは {current_fy - 1}年度まで）。")
                reported_years.add((r.fy, "fy"))
            continue
        if (r.fy, r.kind) in past:
            if (r.fy, r.kind) not in reported_years:
                problems.append(
                    f"{where('kind')}: {label}の{CHECKLIST_KIND_LABELS[r.kind]}には取り込んだ過去の実績（年度別の数値）があるため、"
                    "回答は取り込めません（混在させません）。"
                )
                reported_years.add((r.fy, r.kind))
            continue
        candidates = [i for i in by_word.get(_key(r.institution), []) if i.valid_in(r.fy)]
        if len({i.id for i in candidates}) != 1:
            problem = "複数の機関に当てはまります" if candidates else f"{r.fy}年度の機関台帳にありません"
            problems.append(f"{where('institution')}: 機関「{r.institution}」は{problem}（機関コードか名称で指定してください）。")
            continue
        inst = candidates[0]
        group = (r.fy, r.kind, inst.id)
        if group in existing:
            if group not in refused_groups:
                problems.append(
                    f"{where('institution')}: {label}の{CHECKLIST_KIND_LABELS[r.kind]}（{inst.name}）には既に回答があります"
                    "（jukidesk の回答は上書きしません）。"
                )
                refused_groups.add(group)
            continue
        if r.fy not in templates:
            template = template_for_year(session, r.fy)
            templates[r.fy] = template
            if template is not None and template.id not in items_of:
                items_of[template.id] = {item_key(i.number): i for i in template.items}
        template = templates[r.fy]
        if template is None:
            problems.append(f"{where('fy')}: {label}に使うチェックリストのテンプレートがありません。")
            continue
        item = items_of[template.id].get(item_key(r.item))
        if item is None:
            problems.append(
                f"{where('item')}: 項目番号「{r.item}」は{label}のテンプレート（{template.name} 第{template.version}版）にありません。"
            )
            continue
        if not item.applies_to(r.kind):
            problems.append(f"{where('item')}: 項目 {item.number} は{CHECKLIST_KIND_LABELS[r.kind]}の対象外です。")
            continue
        checklist = planned.get(group)
        if checklist is None:
            checklist = planned[group] = PlannedChecklist(r.fy, r.kind, inst.id, inst.name, template.id)
        if (group, item.id) in answered:  # 1-1 and １－１ in one file
            problems.append(f"{where('item')}: 項目 {item.number} が同じ年度・区分・機関で重複しています。")
            continue
        answered.add((group, item.id))
        checklist.answers.append((item.id, r.score, r.not_applicable, r.remark))
    if problems:
        raise ValidationError(problems_text(problems), "file")
    plan = PastAnswersPlan(parsed.name)
    plan.checklists = sorted(planned.values(), key=lambda c: (c.fy, audit_kinds.order(c.kind), c.institution_id))
    return plan


# The answers are written in bulk; False takes the ORM path (kept to prove both write the same).
BULK_ANSWERS = True


def apply_answers(session: Session, plan: PastAnswersPlan) -> int:
    """Store the plan (in the caller's transaction); returns the number of answers written.
    One flush for everything: the change log then finds every item and checklist in the
    session instead of reading each one again (20,000 answers in seconds, not minutes)."""
    now = dt.datetime.now().replace(microsecond=0)
    items = {
        item.id: item
        for template in session.scalars(
            select(ChecklistTemplate).where(ChecklistTemplate.id.in_({c.template_id for c in plan.checklists}))
        )
        for item in template.items
    }
    audits = {
        (a.fy, a.kind, a.institution_id)
        for a in session.scalars(select(Audit).where(Audit.fy.in_({c.fy for c in plan.checklists})))
    }
    written = 0
    created: list[Checklist] = []
    for planned in plan.checklists:
        checklist = Checklist(
            fy=planned.fy,
            kind=planned.kind,
            institution_id=planned.institution_id,
            template_id=planned.template_id,
            status="complete",
            completed_at=now,
        )
        if not BULK_ANSWERS:  # the ORM path, one object per answer (the tests compare the two)
            checklist.answers = [
                Answer(item=items[item_id], score=score, not_applicable=not_applicable, remark=remark)
                for item_id, score, not_applicable, remark in planned.answers
            ]
        written += len(planned.answers)
        session.add(checklist)
        created.append(checklist)
        if audit_kinds.is_audit(planned.kind) and (planned.fy, planned.kind, planned.institution_id) not in audits:
            session.add(
                Audit(
                    fy=planned.fy,
                    kind=planned.kind,
                    institution_id=planned.institution_id,
                    status="reported",
                    note=f"過去の回答（{plan.file_name}）から取り込み",
                )
            )
    session.flush()
    if BULK_ANSWERS:  # one INSERT for every answer, with its change-log records (storage.history.bulk_write)
        bulk_write(
            session,
            Answer,
            inserts=[
                {"checklist_id": checklist.id, "item_id": item_id, "score": score,
                 "not_applicable": not_applicable, "remark": remark}
                for checklist, planned in zip(created, plan.checklists)
                for item_id, score, not_applicable, remark in planned.answers
            ],
        )
        for checklist in created:
            session.expire(checklist, ["answers"])
    note = f"過去の回答を取り込み: {plan.file_name}"
    session.add_all([ChecklistEvent(checklist_id=c.id, action="import", note=note) for c in created])
    session.flush()
    return written
