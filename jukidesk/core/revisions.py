"""Checklist revisions: what changed between two template versions, which answers may be
carried into a new year, and which items can be compared across years.

Rules kept in this one place:
- Two items are *the same question* when their text is the same (after NFKC, blanks
  ignored). Same text under another number or category = **moved**; same number (or
  a very similar text elsewhere) with changed text = **reworded**; the rest are **added**
  or **removed**. :func:`diff_templates` shows this for any two versions.
- An answer is carried forward only to the same question (:func:`item_links`): a reworded
  item is 要再回答 (:data:`core.vocabulary.REANSWER_LABEL`) and starts empty.
- :func:`start_from_previous` starts a year's checklist from the last one: every carried
  answer is 未確認 (``status='unconfirmed'``) until someone re-checks it, so a re-checked
  item is always told apart from one nobody looked at; a checklist cannot be completed
  while an answer is 未確認 (core.checklists).
- Comparisons across years (前年度比, per-category trends, the item heat map) use only the
  items that are the same question in every year shown (:func:`comparable_items`) and say
  how many were left out.

Every mean is computed by core.scoring.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, ITEM_CHANGE_LABELS
from jukidesk.core.scoring import checklist_score, format_score, low_score_clause, mean
from jukidesk.storage.models import Answer, Checklist, ChecklistTemplate

REWORDED_SAME_NUMBER = 0.5  # similarity above which an item keeping its number counts as reworded
REWORDED_ELSEWHERE = 0.75  # … and an item under another number
_BLANKS = re.compile(r"\s+")


def normalized(text: str) -> str:
    """The text two versions are compared by: NFKC (full/half width digits and letters
    alike) without blanks (a space added or removed in Japanese text changes nothing)."""
    return _BLANKS.sub("", unicodedata.normalize("NFKC", text or ""))


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(a=normalized(a), b=normalized(b), autojunk=False).ratio()


# ---------------------------------------------------------------------------------------
# Diff of two template versions


@dataclass(frozen=True)
class ItemSide:
    item_id: int
    number: str
    text: str
    category: str


@dataclass(frozen=True)
class ItemChange:
    change: str  # 'unchanged', 'moved', 'reworded', 'added', 'removed'
    old: ItemSide | None
    new: ItemSide | None
    similarity: float = 1.0

    @property
    def label(self) -> str:
        return ITEM_CHANGE_LABELS.get(self.change, "変更なし")

    @property
    def same_question(self) -> bool:
        return self.change in ("unchanged", "moved")

    def text(self) -> str:
        """One line for the command line and the dialog."""
        old, new = self.old, self.new
        if self.change == "added":
            return f"追加　{new.number} {new.text}（{new.category}）"
        if self.change == "removed":
            return f"削除　{old.number} {old.text}（{old.category}）"
        if self.change == "moved":
            where = []
            if old.number != new.number:
                where.append(f"番号 {old.number} → {new.number}")
            if old.category != new.category:
                where.append(f"区分 {old.category} → {new.category}")
            return f"移動　{new.number} {new.text}（{'、'.join(where)}）"
        if self.change == "reworded":
            number = new.number if old.number == new.number else f"{old.number} → {new.number}"
            return f"文言変更　{number}\n　旧: {old.text}\n　新: {new.text}"
        return f"変更なし　{new.number} {new.text}"

    def as_json(self) -> dict:
        side = lambda s: None if s is None else {"number": s.number, "text": s.text, "category": s.category}  # noqa: E731
        return {"change": self.change, "old": side(self.old), "new": side(self.new), "similarity": round(self.similarity, 3)}


@dataclass
class TemplateDiff:
    name: str
    old_version: int
    new_version: int
    changes: list[ItemChange] = field(default_factory=list)

    def of(self, change: str) -> list[ItemChange]:
        return [c for c in self.changes if c.change == change]

    def counts(self) -> dict[str, int]:
        return {key: len(self.of(key)) for key in ("added", "removed", "reworded", "moved", "unchanged")}

    def links(self) -> dict[int, int]:
        """{new item id: old item id} for the same questions (text unchanged)."""
        return {c.new.item_id: c.old.item_id for c in self.changes if c.same_question}

    def reworded(self) -> set[int]:
        """Ids of the new version's items whose text changed (要再回答: the old answer is not carried)."""
        return {c.new.item_id for c in self.of("reworded")}

    def summary(self) -> str:
        counts = self.counts()
        parts = [f"{ITEM_CHANGE_LABELS[k]} {counts[k]}" for k in ("added", "removed", "reworded", "moved")]
        return f"{self.name} 第{self.old_version}版 → 第{self.new_version}版: " + "、".join(parts) + f"、変更なし {counts['unchanged']}"

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "from_version": self.old_version,
            "to_version": self.new_version,
            "counts": self.counts(),
            "changes": [c.as_json() for c in self.changes if c.change != "unchanged"],
        }


def _sides(template: ChecklistTemplate) -> list[ItemSide]:
    return [ItemSide(i.id, i.number, i.text, i.category.name) for i in sorted(template.items, key=lambda i: i.position)]


def diff_items(old: list[ItemSide], new: list[ItemSide]) -> list[ItemChange]:
    """Match ``new`` items to ``old`` ones (see the module docstring), in the new order,
    removed items last."""
    matched: dict[int, ItemChange] = {}  # index in new → change
    used: set[int] = set()  # indexes in old
    old_by_text: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(old):
        old_by_text[normalized(item.text)].append(i)
    # 1. the same text: unchanged, or moved when the number or the category differs
    for j, item in enumerate(new):
        candidates = [i for i in old_by_text.get(normalized(item.text), []) if i not in used]
        if not candidates:
            continue
        i = next((i for i in candidates if old[i].number == item.number), candidates[0])
        used.add(i)
        same_place = old[i].number == item.number and old[i].category == item.category
        matched[j] = ItemChange("unchanged" if same_place else "moved", old[i], item)
    # 2. the same number with a similar text: reworded
    old_by_number = {item.number: i for i, item in enumerate(old)}
    for j, item in enumerate(new):
        if j in matched:
            continue
        i = old_by_number.get(item.number)
        if i is None or i in used:
            continue
        ratio = similarity(old[i].text, item.text)
        if ratio >= REWORDED_SAME_NUMBER:
            used.add(i)
            matched[j] = ItemChange("reworded", old[i], item, ratio)
    # 3. a very similar text under another number: reworded (and renumbered)
    pairs = []
    for j, item in enumerate(new):
        if j in matched:
            continue
        for i, before in enumerate(old):
            if i not in used:
                ratio = similarity(before.text, item.text)
                if ratio >= REWORDED_ELSEWHERE:
                    pairs.append((ratio, i, j))
    for ratio, i, j in sorted(pairs, key=lambda p: -p[0]):
        if i not in used and j not in matched:
            used.add(i)
            matched[j] = ItemChange("reworded", old[i], new[j], ratio)
    changes = [matched.get(j) or ItemChange("added", None, item, 0.0) for j, item in enumerate(new)]
    changes += [ItemChange("removed", item, None, 0.0) for i, item in enumerate(old) if i not in used]
    return changes


def diff_templates(old: ChecklistTemplate, new: ChecklistTemplate) -> TemplateDiff:
    return TemplateDiff(new.name, old.version, new.version, diff_items(_sides(old), _sides(new)))


def diff_definition(current: ChecklistTemplate | None, definition, version: int) -> TemplateDiff:
    """The changes an unsaved definition (core.templates.TemplateDefinition, e.g. from the
    template editor) makes to ``current``; its items get negative ids (they are not stored)."""
    new = [
        ItemSide(-index, item.number, item.text, category.name)
        for index, (category, item) in enumerate(
            ((c, i) for c in definition.categories for i in c.items), start=1
        )
    ]
    old = _sides(current) if current is not None else []
    return TemplateDiff(definition.name, current.version if current is not None else 0, version, diff_items(old, new))


def find_version(session: Session, version: int, name: str | None = None) -> ChecklistTemplate:
    query = select(ChecklistTemplate).where(ChecklistTemplate.version == version)
    if name is not None:
        query = query.where(ChecklistTemplate.name == name)
    found = list(session.scalars(query))
    if not found:
        raise ValidationError(f"テンプレートの第{version}版がありません。")
    if len(found) > 1:
        names = "、".join(t.name for t in found)
        raise ValidationError(f"第{version}版のテンプレートが複数あります（{names}）。名称を指定してください。")
    return found[0]


def previous_version(session: Session, template: ChecklistTemplate) -> ChecklistTemplate | None:
    """The version before ``template`` (by start year, then version number)."""
    earlier = [
        t for t in session.scalars(select(ChecklistTemplate))
        if (t.valid_from_fy, t.version) < (template.valid_from_fy, template.version) and t.id != template.id
    ]
    return max(earlier, key=lambda t: (t.valid_from_fy, t.version), default=None)


def item_links(old: ChecklistTemplate, new: ChecklistTemplate) -> dict[int, int]:
    """{new item id: old item id} for the items that are the same question in both."""
    if old.id == new.id:
        return {item.id: item.id for item in new.items}
    return diff_templates(old, new).links()


# ---------------------------------------------------------------------------------------
# Comparing years


@dataclass(frozen=True)
class Comparability:
    """The items that are the same question in every template version used in some years."""

    kind: str
    years: tuple[int, ...]
    reference_id: int | None  # the newest version used: the comparable items are its items
    items: tuple[ItemSide, ...]  # comparable items (of the reference version), in its order
    to_reference: dict[int, dict[int, int]]  # template id → {its item id: reference item id}
    excluded: tuple[ItemSide, ...]  # items of any version used that are left out

    @property
    def excluded_count(self) -> int:
        return len(self.excluded)

    def reference_item(self, template_id: int, item_id: int) -> int | None:
        return self.to_reference.get(template_id, {}).get(item_id)

    def note(self) -> str:
        """「文言が変わった等で比較できない 2 項目を除いています（4-3、9-1）」 or ''."""
        if not self.excluded:
            return ""
        numbers = "、".join(dict.fromkeys(i.number for i in self.excluded))
        return f"文言の変更・追加・削除で年度間を比較できない {self.excluded_count} 項目を除いています（{numbers}）"


def templates_used(session: Session, years, kind: str) -> list[ChecklistTemplate]:
    """The versions the completed checklists of ``kind`` used in ``years`` (oldest first)."""
    ids = set(
        session.scalars(
            select(Checklist.template_id).where(
                Checklist.fy.in_(list(years)), Checklist.kind == kind, Checklist.status == "complete"
            )
        )
    )
    templates = [session.get(ChecklistTemplate, i) for i in ids]
    return sorted(templates, key=lambda t: (t.valid_from_fy, t.version))


def comparable_items(session: Session, years, kind: str) -> Comparability:
    years = tuple(sorted(set(years)))
    used = templates_used(session, years, kind)
    if not used:
        from jukidesk.core.templates import template_for_year

        reference = template_for_year(session, years[-1]) if years else None
        used = [reference] if reference is not None else []
    if not used:
        return Comparability(kind, years, None, (), {}, ())
    reference = used[-1]
    applicable = [i for i in sorted(reference.items, key=lambda i: i.position) if i.applies_to(kind)]
    keep = {i.id for i in applicable}
    to_reference: dict[int, dict[int, int]] = {}
    excluded: dict[tuple[int, int], ItemSide] = {}
    for template in used:
        links = item_links(template, reference)  # reference item → this version's item
        back = {old: new for new, old in links.items()}
        to_reference[template.id] = back
        keep &= set(links)
        for item in template.items:
            if item.applies_to(kind) and item.id not in back:
                excluded[(template.id, item.id)] = ItemSide(item.id, item.number, item.text, item.category.name)
    items = tuple(ItemSide(i.id, i.number, i.text, i.category.name) for i in applicable if i.id in keep)
    for item in applicable:
        if item.id not in keep:
            excluded[(reference.id, item.id)] = ItemSide(item.id, item.number, item.text, item.category.name)
    kept = {i.item_id for i in items}
    to_reference = {tid: {old: new for old, new in m.items() if new in kept} for tid, m in to_reference.items()}
    # counted per item number: a reworded item is one item left out, not its old and new text
    unique: dict[str, ItemSide] = {}
    for side in excluded.values():
        unique.setdefault(side.number, side)
    ordered = sorted(unique.values(), key=lambda side: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", side.number)])
    return Comparability(kind, years, reference.id, items, to_reference, tuple(ordered))


def _comparable_scores(session: Session, years, kind: str, comparability: Comparability):
    """{(fy, institution_id): {reference item id: (score, category)}} of the completed
    checklists, comparable items only (rows through core.summary.completed_answers)."""
    from jukidesk.core.summary import completed_answers

    rows = session.execute(
        completed_answers(
            select(Checklist.fy, Checklist.institution_id, Checklist.template_id, Answer.item_id, Answer.score),
            years,
        ).where(Checklist.kind == kind)
    )
    scores: dict[tuple[int, int], dict[int, int | None]] = defaultdict(dict)
    for fy, institution_id, template_id, item_id, score in rows:
        reference = comparability.reference_item(template_id, item_id)
        if reference is not None:
            scores[(fy, institution_id)][reference] = score
    return scores


@dataclass(frozen=True)
class YearComparison:
    """前年度比 of a kind: the average over the comparable items only, this year and the year
    before, with the items left out."""

    kind: str
    fy: int
    previous_fy: int
    current: Fraction | None
    previous: Fraction | None
    compared_items: int
    comparability: Comparability

    @property
    def difference(self) -> Fraction | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    def text(self, style=None) -> str:
        label = (lambda fy: style.short(fy)) if style is not None else (lambda fy: f"{fy}年度")
        current, previous = format_score(self.current) or "－", format_score(self.previous) or "－"
        diff = self.difference
        change = "" if diff is None else f"（{'+' if diff >= 0 else '-'}{format_score(abs(diff))}）"
        line = (
            f"前年度比（{CHECKLIST_KIND_LABELS[self.kind]}、比較できる {self.compared_items} 項目）: "
            f"{label(self.previous_fy)} {previous} → {label(self.fy)} {current}{change}"
        )
        note = self.comparability.note()
        return f"{line}\n{note}" if note else line

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "fy": self.fy,
            "previous_fy": self.previous_fy,
            "current": format_score(self.current),
            "previous": format_score(self.previous),
            "compared_items": self.compared_items,
            "excluded_items": [{"number": i.number, "text": i.text} for i in self.comparability.excluded],
        }


def year_over_year(session: Session, fy: int, kind: str) -> YearComparison:
    """The kind's average over the items comparable between ``fy - 1`` and ``fy``; each
    institution's score is the mean of its comparable answers, then the institutions are
    averaged (as the yearly average is)."""
    years = (fy - 1, fy)
    comparability = comparable_items(session, years, kind)
    scores = _comparable_scores(session, years, kind, comparability)
    per_year: dict[int, list[Fraction | None]] = {year: [] for year in years}
    for (year, _institution), answers in scores.items():
        per_year[year].append(checklist_score(answers.values()))
    return YearComparison(
        kind, fy, fy - 1, mean(per_year[fy]), mean(per_year[fy - 1]), len(comparability.items), comparability
    )


@dataclass(frozen=True)
class CategoryTrend:
    category: str
    values: tuple[Fraction | None, ...]  # one per year


def category_trend(session: Session, years, kind: str) -> tuple[list[CategoryTrend], Comparability]:
    """Per-category averages over the comparable items, per year (each institution's
    category score first, then the mean over institutions, as core.checklists does)."""
    years = tuple(sorted(set(years)))
    comparability = comparable_items(session, years, kind)
    category_of = {i.item_id: i.category for i in comparability.items}
    order = list(dict.fromkeys(i.category for i in comparability.items))
    scores = _comparable_scores(session, years, kind, comparability)
    per: dict[tuple[str, int], list[Fraction | None]] = defaultdict(list)
    for (year, _institution), answers in scores.items():
        by_category: dict[str, list[int | None]] = defaultdict(list)
        for item_id, score in answers.items():
            by_category[category_of[item_id]].append(score)
        for category, values in by_category.items():
            per[(category, year)].append(checklist_score(values))
    trends = [CategoryTrend(c, tuple(mean(per.get((c, y), [])) for y in years)) for c in order]
    return trends, comparability


def low_score_counts(session: Session, years, kind: str, comparability: Comparability) -> dict[tuple[int, int], int]:
    """{(reference item id, fy): institutions that scored the item under 3} (comparable items).

    Counted by SQLite per year, version and item (the グラフ tab's heat map over every year
    of a national-scale file read 3.2 million answers into Python: 8 s), then mapped to the
    reference items: a completed checklist is one per institution, kind and year, and an
    answer one per checklist and item, so the answers counted are institutions."""
    from jukidesk.core.summary import completed_answers

    rows = session.execute(
        completed_answers(select(Checklist.fy, Checklist.template_id, Answer.item_id, func.count()), years)
        .where(Checklist.kind == kind, low_score_clause(Answer.score))
        .group_by(Checklist.fy, Checklist.template_id, Answer.item_id)
    )
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for year, template_id, item_id, institutions in rows:
        reference = comparability.reference_item(template_id, item_id)
        if reference is not None:
            counts[(reference, year)] += institutions
    return counts


@dataclass(frozen=True)
class CategoryRadar:
    """Category averages of one year against the year before and against every institution,
    for one institution (``institution_id``) or for the whole kind, over the items that are
    the same question in both years (as 前年度比): the radar of the グラフ tab and 資料2."""

    kind: str
    fy: int
    institution_id: int | None
    categories: tuple[str, ...]
    current: tuple[Fraction | None, ...]  # the subject in ``fy``
    previous: tuple[Fraction | None, ...]  # the subject in ``fy - 1``
    everyone: tuple[Fraction | None, ...] | None  # every institution of the kind in ``fy`` (an institution's radar)
    comparability: Comparability


def _category_means(scores, category_of, year: int, institution_id: int | None) -> dict[str, Fraction | None]:
    per: dict[str, list[Fraction | None]] = defaultdict(list)
    for (fy, institution), answers in scores.items():
        if fy != year or (institution_id is not None and institution != institution_id):
            continue
        by_category: dict[str, list[int | None]] = defaultdict(list)
        for item_id, score in answers.items():
            by_category[category_of[item_id]].append(score)
        for category, values in by_category.items():
            per[category].append(checklist_score(values))
    return {category: mean(values) for category, values in per.items()}


def category_radar(session: Session, fy: int, kind: str, institution_id: int | None = None) -> CategoryRadar:
    """Each category's mean (per institution first, then over institutions, as
    :func:`category_trend`) in ``fy`` and ``fy - 1`` on the comparable items; with an
    institution, also every institution's means in ``fy``."""
    years = (fy - 1, fy)
    comparability = comparable_items(session, years, kind)
    category_of = {i.item_id: i.category for i in comparability.items}
    order = tuple(dict.fromkeys(i.category for i in comparability.items))
    scores = _comparable_scores(session, years, kind, comparability)
    current = _category_means(scores, category_of, fy, institution_id)
    previous = _category_means(scores, category_of, fy - 1, institution_id)
    everyone = _category_means(scores, category_of, fy, None) if institution_id is not None else None
    return CategoryRadar(
        kind,
        fy,
        institution_id,
        order,
        tuple(current.get(c) for c in order),
        tuple(previous.get(c) for c in order),
        tuple(everyone.get(c) for c in order) if everyone is not None else None,
        comparability,
    )
