"""Traceability: the answers behind a figure ("why 2.98?").

``trace_figure(session, fy, kind)`` returns, for the average of a kind in a year (a figure
of 資料2, of ``jukidesk summary`` and of the charts), exactly the answers whose mean it is:
which institutions, which checklists, which items, which scores. With ``institution_id``
it narrows to one institution's score (a bar of the charts).

Nothing here averages. The rows are selected through ``core.summary.completed_answers`` —
the same filter the averages are aggregated through — and the figure and each
institution's score are the ones ``core.summary`` computes. A test recomputes the mean from
the listed answers with ``core.scoring`` and compares it with the summary's figure.

A figure imported from the organisation's earlier records (``core.past_results``) has no
answers behind it: ``Trace.past`` then says which file (and row) it came from and when it
was imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.errors import ValidationError
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core.past_results import PastSource
from jukidesk.core.scoring import format_score, is_low
from jukidesk.core.summary import completed_answers, institution_scores, summaries
from jukidesk.storage.models import Answer, Checklist, Institution, TemplateCategory, TemplateItem


@dataclass(frozen=True)
class TracedAnswer:
    item_id: int
    number: str
    text: str
    category: str
    score: int
    remark: str


@dataclass(frozen=True)
class TracedChecklist:
    checklist_id: int
    institution_id: int
    institution_code: str
    institution_name: str
    score: Fraction  # the institution's score as core.summary computes it
    answers: tuple[TracedAnswer, ...]  # the scored answers its score is the mean of
    not_applicable: int  # 該当なし / unscored answers, left out of the mean

    def as_json(self) -> dict:
        return {
            "checklist_id": self.checklist_id,
            "institution_code": self.institution_code,
            "institution": self.institution_name,
            "score": format_score(self.score),
            "not_applicable": self.not_applicable,
            "answers": [{"item": a.number, "score": a.score, "remark": a.remark} for a in self.answers],
        }


@dataclass(frozen=True)
class Trace:
    fy: int
    kind: str
    institution_id: int | None
    value: Fraction | None  # the figure: the kind's average, or the institution's score
    checklists: tuple[TracedChecklist, ...]  # in registry order
    counted: tuple[tuple[str, str, bool], ...]  # (code, name, has a result) of every institution counted
    past: PastSource | None = None  # the figure was imported from this file (no answers behind it)

    @property
    def kind_label(self) -> str:
        return CHECKLIST_KIND_LABELS[self.kind]

    def answers(self) -> list[tuple[TracedChecklist, TracedAnswer]]:
        return [(c, a) for c in self.checklists for a in c.answers]

    @property
    def answer_count(self) -> int:
        return sum(len(c.answers) for c in self.checklists)

    @property
    def low_answers(self) -> list[tuple[TracedChecklist, TracedAnswer]]:
        return [(c, a) for c, a in self.answers() if is_low(a.score)]

    def as_json(self) -> dict:
        figures = {
            "fy": self.fy,
            "kind": self.kind,
            "value": format_score(self.value),
            "institutions_counted": len(self.counted),
            "results": len(self.checklists),
            "answers": self.answer_count,
            "checklists": [c.as_json() for c in self.checklists],
        }
        if self.past is not None:
            figures["source"] = self.past.as_json()
        return figures


def trace_figure(session: Session, fy: int, kind: str, institution_id: int | None = None) -> Trace:
    """The answers behind the average of ``kind`` in ``fy`` (or one institution's score)."""
    if not audit_kinds.is_kind(kind):
        raise ValidationError(f"点検の区分が正しくありません: {kind}", "kind")
    scores = institution_scores(session, [fy]).get((fy, kind), {})
    figure = summaries(session, [fy])[fy][kind]
    if figure.past is not None:  # imported from the organisation's own file: no answers to list
        value = figure.average if institution_id is None else None
        return Trace(fy, kind, institution_id, value, (), (), figure.past.source)
    if institution_id is None:
        value = figure.average
    else:
        value = scores.get(institution_id)
    query = completed_answers(
        select(
            Checklist.id,
            Checklist.institution_id,
            Institution.code,
            Institution.name,
            Institution.short_name,
            Answer.item_id,
            TemplateItem.number,
            TemplateItem.text,
            TemplateCategory.name,
            Answer.score,
            Answer.remark,
        ),
        [fy],
    ).join(Institution, Institution.id == Checklist.institution_id)
    query = query.join(TemplateItem, TemplateItem.id == Answer.item_id).join(
        TemplateCategory, TemplateCategory.id == TemplateItem.category_id
    )
    query = query.where(Checklist.kind == kind)
    if institution_id is not None:
        query = query.where(Checklist.institution_id == institution_id)
    query = query.order_by(Institution.sort_order, Institution.id, TemplateItem.position)
    grouped: dict[int, dict] = {}
    for cid, iid, code, name, short, item_id, number, text, category, score, remark in session.execute(query):
        entry = grouped.setdefault(
            cid, {"institution": (iid, code, short or name), "answers": [], "unscored": 0}
        )
        if score is None:
            entry["unscored"] += 1
        else:
            entry["answers"].append(TracedAnswer(item_id, number, text, category, score, remark or ""))
    checklists = []
    for cid, entry in grouped.items():
        iid, code, name = entry["institution"]
        if iid not in scores:  # nothing scored (all 該当なし): not part of the average either
            continue
        checklists.append(
            TracedChecklist(cid, iid, code, name, scores[iid], tuple(entry["answers"]), entry["unscored"])
        )
    from jukidesk.core.checklists import target_institutions  # here: 資料2 imports figure_ref alone

    with_result = {c.institution_id for c in checklists}
    counted = tuple(
        (inst.code, inst.report_name, inst.id in with_result)
        for inst in target_institutions(session, fy, kind)
        if institution_id is None or inst.id == institution_id
    )
    return Trace(fy, kind, institution_id, value, tuple(checklists), counted)


# ---------------------------------------------------------------------------------------
# Links from a report cell to its figure (reports.document.Cell.ref)

FIGURE_WHATS = ("average", "count")


def figure_ref(what: str, fy: int, kind: str, institution_id: int | None = None) -> str:
    """``"average/2013/internal"`` (or ``…/<institution id>``): what a cell of a report shows."""
    if what not in FIGURE_WHATS:
        raise ValueError(what)
    ref = f"{what}/{fy}/{kind}"
    return ref if institution_id is None else f"{ref}/{institution_id}"


@dataclass(frozen=True)
class FigureRef:
    what: str
    fy: int
    kind: str
    institution_id: int | None = None


def parse_figure_ref(ref: str) -> FigureRef | None:
    """The inverse of :func:`figure_ref`; ``None`` for anything else."""
    parts = (ref or "").split("/")
    if len(parts) not in (3, 4) or parts[0] not in FIGURE_WHATS or not audit_kinds.is_kind(parts[2]):
        return None
    try:
        fy = int(parts[1])
        institution_id = int(parts[3]) if len(parts) == 4 else None
    except ValueError:
        return None
    return FigureRef(parts[0], fy, parts[2], institution_id)
