"""The three-year rotation planner (巡目の監査計画).

For one cycle (the fiscal years of ``YearStyle.cycle``), the planner assigns every
事務利用機関 valid in the cycle to exactly one (fiscal year, kind) slot:

1. every 事務利用機関 valid in any year of the cycle is audited exactly once in it, in a
   year in which it is valid (an institution created or retired mid-cycle only in its
   own years);
2. an external audit only at a 業務端末設置機関 (``has_terminal``);
3. each year has exactly the target number of internal and of external audits (default:
   the previous cycle's counts from the stored audits; spread evenly when those no longer
   add up to the institutions due now; fitted to the audits already stored in the cycle
   when those leave no room for them — ``Plan.notes`` says which);
4. pins are kept: audits already carried out or notified in the cycle, planned audits
   the clerk pinned, planned audits in general unless ``replace_planned``, and pins given
   by the caller (``--pin CODE:2015:internal``);
5. priority: the institution whose last audit is oldest comes first (never audited before
   = oldest), then the lowest score of that last audit (scores from core.summary), then
   registry order. Higher priority means an earlier year. Nothing random: the same input
   gives the same plan.

How the algorithm guarantees a valid plan whenever one exists
---------------------------------------------------------------
The problem is a bipartite assignment: institutions on one side, slots (year, kind) with
capacities (target minus pins) on the other; institution i may take slot (y, k) when it is
valid in y and (k is internal or i has a terminal). A complete assignment exists iff a
maximum flow saturates every institution (Hall's condition), which ``_Matcher`` decides
with augmenting paths; when it fails, the institutions its last search visited form a
set S whose admissible slots hold fewer places than |S| (Kőnig): that set is what the
error message names.

The simple rule "fill the external slots first from terminal institutions by priority,
then the internal slots with the rest" is valid when every institution is valid in every
year of the cycle (external slots are only fillable by terminals, and any terminal can
take an internal slot, so taking terminals for external first never blocks anything).
With institutions created or retired mid-cycle and with pins it can paint itself into a
corner, so the planner uses the general form of the same greedy idea:

    take the institutions in priority order; give each the first slot in its preference
    order (earliest year first; within a year, for a terminal, the kind of its last audit
    first, external when it has none) such that the REMAINING institutions can still be
    assigned to the REMAINING places (checked by the matcher).

Invariant: before each step the remaining problem has a complete assignment A (true at
the start, checked). Institution i is placed in some slot s by A, so at least one slot in
i's preference list (s itself) keeps the remainder feasible, and the step always
succeeds; after the last step every institution has a slot. Because the sum of targets
equals the number of institutions, every place is filled, so rule 3 holds exactly; rules
1, 2 and 4 hold by construction. Each step is deterministic (total orders everywhere), so
the whole plan is. Preferring the kind of the last audit keeps the organisation's pattern
(the demo's third cycle comes out exactly as the clerk planned it).

A year before the first cycle (the setting ``cycle_first_fy``) has no plan: it is refused
with the reason, never planned as a cycle ０. Registry changes reach the stored plan through
``follow_registry`` (the registry actions call it): audits not carried out that the registry
no longer allows are removed, and an institution due in the current cycle without an audit
gets one in a remaining year; no other institution's audit moves.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import Cycle, YearStyle, fiscal_year_of
from jukidesk.base.vocabulary import AUDIT_STATUS_LABELS, CHECKLIST_KIND_LABELS, kind_from_label
from jukidesk.core import obligations
from jukidesk.core.scoring import FULL_SCORE
from jukidesk.core.settings import year_style
from jukidesk.core.summary import institution_scores
from jukidesk.storage.models import Audit


def rotation_kinds() -> tuple[str, ...]:
    """The kinds the cycle plan distributes (the rotating kinds of ``base.audit_kinds``)."""
    return audit_kinds.rotating_codes()


ROTATION_KINDS = rotation_kinds()  # as at import; the planner itself calls rotation_kinds()
KIND_SHORT = audit_kinds.ROTATING_SHORT_LABELS  # 内部 / 外部


def _labels(kinds: Iterable[str], joiner: str) -> str:
    return joiner.join(CHECKLIST_KIND_LABELS[kind] for kind in kinds)


class PlanError(ValidationError):
    """No plan: ``problems`` lists every rule that fails, each a Japanese sentence."""

    def __init__(self, problems: list[str]):
        super().__init__("監査計画を作成できません。\n" + "\n".join(f"・{p}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Pin:
    """An institution fixed to a year and kind (given by the clerk)."""

    code: str
    fy: int
    kind: str


def parse_pin(text: str) -> Pin:
    """'201:2015:internal' (the kind may also be 内部 / 内部監査 / 外部 / 外部監査)."""
    parts = [p.strip() for p in text.replace("：", ":").split(":")]
    if len(parts) != 3 or not all(parts):
        raise ValidationError(f"固定の指定「{text}」は 機関コード:年度:区分 の形で書いてください（例 201:2015:internal）。", "pin")
    code, fy_text, kind_text = parts
    try:
        fy = int(fy_text)
    except ValueError:
        raise ValidationError(f"固定の指定「{text}」の年度「{fy_text}」は西暦の数字で書いてください。", "pin") from None
    kinds = rotation_kinds()
    kind = kind_from_label(kind_text, {k: CHECKLIST_KIND_LABELS[k] for k in kinds}) or kind_from_label(
        kind_text, {k: KIND_SHORT[k] for k in kinds}
    )
    if kind is None:
        choices = "か ".join(f"{k}（{CHECKLIST_KIND_LABELS[k]}）" for k in kinds)
        raise ValidationError(f"固定の指定「{text}」の区分「{kind_text}」は {choices}です。", "pin")
    return Pin(code, fy, kind)


@dataclass(frozen=True, init=False)
class Targets:
    """Audits per year of the cycle, per rotating kind: ``Targets(internal, external)`` or
    ``Targets(per_kind={kind: counts})``. A kind without counts has none (0 each year)."""

    per_kind: tuple[tuple[str, tuple[int, ...]], ...]
    from_previous_cycle: bool
    note: str  # how the default counts were made when not simply the previous cycle's (Japanese; one sentence a line)

    def __init__(
        self,
        internal: Iterable[int] | None = None,
        external: Iterable[int] | None = None,
        from_previous_cycle: bool = False,
        *,
        per_kind: Mapping[str, Iterable[int]] | None = None,
        note: str = "",
    ):
        given = dict(per_kind or {})
        if internal is not None:
            given["internal"] = internal
        if external is not None:
            given["external"] = external
        ordered = sorted(given, key=lambda k: audit_kinds.order(k) if audit_kinds.is_kind(k) else len(audit_kinds.KINDS))
        object.__setattr__(self, "per_kind", tuple((k, tuple(given[k])) for k in ordered))
        object.__setattr__(self, "from_previous_cycle", from_previous_cycle)
        object.__setattr__(self, "note", note)

    def counts(self, kind: str) -> tuple[int, ...]:
        return next((counts for k, counts in self.per_kind if k == kind), ())

    @property
    def internal(self) -> tuple[int, ...]:
        return self.counts("internal")

    @property
    def external(self) -> tuple[int, ...]:
        return self.counts("external")

    def count(self, index: int, kind: str) -> int:
        counts = self.counts(kind)
        return counts[index] if index < len(counts) else 0

    def kind_total(self, kind: str) -> int:
        return sum(self.counts(kind))

    def year_total(self, index: int) -> int:
        return sum(self.count(index, kind) for kind, _counts in self.per_kind)

    @property
    def total(self) -> int:
        return sum(sum(counts) for _kind, counts in self.per_kind)


def parse_counts(text: str, *, option: str) -> tuple[int, ...]:
    """'3,4,4' → (3, 4, 4)."""
    try:
        counts = tuple(int(p) for p in text.replace("，", ",").replace("、", ",").split(","))
    except ValueError:
        raise ValidationError(f"{option} の「{text}」は 3,4,4 のように年度ごとの件数をカンマで区切って書いてください。", option) from None
    if any(c < 0 for c in counts):
        raise ValidationError(f"{option} の件数に負の数があります: {text}", option)
    return counts


@dataclass(frozen=True)
class PlanInstitution:
    id: int
    code: str
    name: str
    terminal: bool
    valid_years: tuple[int, ...]  # the cycle's years in which it is in the registry
    registry_index: int
    last_fy: int | None  # its last audit of a rotating kind (internal/external) before the cycle
    last_kind: str | None
    last_score: Fraction | None

    def priority_key(self) -> tuple:
        # Oldest last audit first (never audited = oldest), then the lowest score (no score
        # yet counts as full marks: nothing known against it), then registry order.
        return (
            self.last_fy if self.last_fy is not None else -1,
            self.last_score if self.last_score is not None else Fraction(FULL_SCORE),
            self.registry_index,
        )


@dataclass(frozen=True)
class ExistingAudit:
    audit_id: int
    institution_id: int
    fy: int
    kind: str
    status: str
    pinned: bool

    @property
    def fixed(self) -> bool:
        """Carried out or notified: the planner never moves it."""
        return self.status != "planned"


@dataclass(frozen=True)
class PlanEntry:
    institution_id: int
    code: str
    name: str
    fy: int
    kind: str
    # fixed = existing audit already notified/done/reported; kept = existing planned audit
    # kept as a pin; pin = pinned by the clerk; proposed = chosen by the planner.
    source: str
    reason: str = ""  # why it lands in this year and kind (Japanese, short: PlanningContext.reason)


@dataclass(frozen=True)
class Plan:
    cycle: Cycle
    targets: Targets
    entries: tuple[PlanEntry, ...]  # registry order

    @property
    def notes(self) -> tuple[str, ...]:
        """What the clerk should know about how the plan was made (e.g. the counts were
        spread evenly because the previous cycle's no longer fit), Japanese sentences."""
        return tuple(self.targets.note.splitlines())

    def codes(self, fy: int, kind: str) -> list[str]:
        return [e.code for e in self.entries if e.fy == fy and e.kind == kind]

    def entries_for(self, fy: int, kind: str) -> list[PlanEntry]:
        return [e for e in self.entries if e.fy == fy and e.kind == kind]

    def assignment(self) -> dict[int, tuple[int, str]]:
        return {e.institution_id: (e.fy, e.kind) for e in self.entries}

    def reasons(self) -> dict[str, str]:
        """{institution code: why it lands in its year and kind} (registry order)."""
        return {e.code: e.reason for e in self.entries}

    def as_json(self) -> dict:
        return {
            "cycle_start": self.cycle.first_fy,
            "years": {
                str(fy): {kind: self.codes(fy, kind) for kind in rotation_kinds()} for fy in self.cycle.years
            },
            "reasons": self.reasons(),
        }


Slot = tuple[int, str]  # (fiscal year, kind)

EVEN_SPREAD_NOTE = "前の巡目の件数が機関数と合わないため、均等に割り振りました"
STORED_PLAN_NOTE = "この巡目に登録済みの監査に合わせて件数を決めました"
_PENDING = ("planned", "notified")  # not carried out yet (core.audits.PENDING_STATUSES)


def _spread(total: int, room: list[int]) -> list[int]:
    """``total`` over the years as evenly as ``room`` (the most each year can take) allows;
    a remainder goes to the later years. More than the room holds: the room."""
    counts = [0] * len(room)
    left = min(total, sum(room))
    while left:
        open_years = [i for i in range(len(room)) if counts[i] < room[i]]
        share, extra = divmod(left, len(open_years))
        for rank, i in enumerate(open_years):
            want = share + (1 if rank >= len(open_years) - extra else 0)
            take = min(want, room[i] - counts[i])
            counts[i] += take
            left -= take
    return counts


class _Matcher:
    """Can these institutions each take one place, given the places per slot?
    Augmenting paths on the bipartite graph institution → admissible slot."""

    def __init__(self, eligible: dict[int, list[Slot]], capacity: dict[Slot, int]):
        self.eligible = eligible
        self.capacity = capacity

    def solve(self, institutions: list[int]) -> tuple[bool, set[int], set[Slot]]:
        """(True, …) when all can be placed; else (False, S, N(S)) with |S| > places of N(S)."""
        occupants: dict[Slot, list[int]] = defaultdict(list)
        for root in institutions:
            seen_inst: set[int] = set()
            seen_slot: set[Slot] = set()

            def augment(i: int) -> bool:
                seen_inst.add(i)
                for slot in self.eligible[i]:
                    if slot in seen_slot:
                        continue
                    seen_slot.add(slot)
                    if len(occupants[slot]) < self.capacity.get(slot, 0):
                        occupants[slot].append(i)
                        return True
                    for j in list(occupants[slot]):
                        if j not in seen_inst and augment(j):
                            occupants[slot].remove(j)
                            occupants[slot].append(i)
                            return True
                return False

            if not augment(root):
                return False, seen_inst, {s for s in seen_slot if self.capacity.get(s, 0) > 0}
        return True, set(), set()


@dataclass
class PlanningContext:
    """Everything the planner needs about one cycle, loaded once (plain data: the GUI's
    grid checks edits against it live without touching the database)."""

    cycle: Cycle
    style: YearStyle
    institutions: tuple[PlanInstitution, ...]  # registry order
    existing: tuple[ExistingAudit, ...]  # audits of the rotating kinds stored in the cycle
    previous_counts: dict[tuple[int, str], int] = field(default_factory=dict)
    first_cycle: bool = False

    # ---- helpers
    @property
    def by_id(self) -> dict[int, PlanInstitution]:
        return {i.id: i for i in self.institutions}

    def year_label(self, fy: int) -> str:
        return f"{self.style.label(fy, fullwidth=False)}（{fy}年度）"

    def slot_label(self, slot: Slot) -> str:
        return f"{self.style.label(slot[0], fullwidth=False)}の{CHECKLIST_KIND_LABELS[slot[1]]}"

    def validity_text(self, inst: PlanInstitution) -> str:
        years = inst.valid_years
        if len(years) == self.cycle.length:
            return ""
        first, last = years[0], years[-1]
        if first == self.cycle.first_fy:
            return f"{self.style.label(last, fullwidth=False)}まで"
        if last == self.cycle.last_fy:
            return f"{self.style.label(first, fullwidth=False)}から"
        return f"{self.style.label(first, fullwidth=False)}〜{self.style.label(last, fullwidth=False)}"

    def reason(self, inst: PlanInstitution, slot: Slot | None, source: str) -> str:
        """Why ``inst`` lands in ``slot`` (short Japanese): 「指定により固定」, 「実施済のため
        固定」, or for the planner's own choice the last audit and the rule that placed it,
        e.g. 「前回 H23 内部監査・最も長く監査していない」「…・業務端末設置機関のため外部監査」."""
        if slot is None:
            return "この巡目に監査なし"
        if source == "pin":
            return "指定により固定"
        if source == "fixed":
            status = next(
                (a.status for a in self.existing if a.institution_id == inst.id and (a.fy, a.kind) == slot), "notified"
            )
            return f"{AUDIT_STATUS_LABELS[status]}のため固定"
        fy, kind = slot
        parts = []
        if inst.last_fy is None:
            parts.append("監査の記録なし（最優先）")
        else:
            parts.append(f"前回 {self.style.short(inst.last_fy)} {CHECKLIST_KIND_LABELS[inst.last_kind]}")
            oldest = min((i.last_fy for i in self.institutions if i.last_fy is not None), default=None)
            if any(i.last_fy is None for i in self.institutions) or inst.last_fy != oldest:
                parts.append(f"前回から{fy - inst.last_fy}年")
            elif fy == self.cycle.first_fy:
                parts.append("最も長く監査していない")
            else:
                parts.append(f"最も長く監査していない（{self.style.short(self.cycle.first_fy)}の枠は満杯）")
            if inst.last_score is not None and inst.last_score < FULL_SCORE:
                from jukidesk.core.scoring import format_score

                parts.append(f"前回 {format_score(inst.last_score)}点")
        if audit_kinds.kind(kind).needs_terminal:
            parts.append(f"業務端末設置機関のため{CHECKLIST_KIND_LABELS[kind]}")
        validity = self.validity_text(inst)
        if validity:
            parts.append(f"台帳は{validity}")
        if source == "kept":
            parts.insert(0, "登録済みの予定")
        return "・".join(parts)

    def describe(self, inst: PlanInstitution) -> str:
        notes = [n for n in (self.validity_text(inst), "業務端末あり" if inst.terminal else "業務端末なし") if n]
        return f"{inst.name}（{'、'.join(notes)}）"

    def admissible(self, inst: PlanInstitution) -> list[Slot]:
        """Slots in the institution's preference order: earliest year first; within a year
        the kind of its last audit, then the kinds that need a terminal (external when it
        has no last audit), then the table's order. Only the kinds it may receive
        (``core.obligations.rotation_kinds_for``)."""
        kinds = sorted(
            obligations.rotation_kinds_for(inst.terminal),
            key=lambda k: (k != inst.last_kind, not audit_kinds.kind(k).needs_terminal, audit_kinds.order(k)),
        )
        return [(fy, kind) for fy in inst.valid_years for kind in kinds]

    # ---- targets
    def default_targets(self) -> Targets:
        if self.first_cycle or not any(self.previous_counts.values()):
            raise PlanError(
                [
                    f"前の巡目（{self.year_label(self.cycle.first_fy - self.cycle.length)}〜）の監査の記録がないため、"
                    f"年度ごとの件数を既定にできません。{_labels(rotation_kinds(), 'と')}の件数を指定してください"
                    "（例 --internal 3,4,4 --external 2,2,2）。"
                ]
            )
        previous_years = range(self.cycle.first_fy - self.cycle.length, self.cycle.first_fy)
        previous = Targets(
            per_kind={
                kind: tuple(self.previous_counts.get((fy, kind), 0) for fy in previous_years) for kind in rotation_kinds()
            },
            from_previous_cycle=True,
        )
        # Institutions joined or left since: the previous counts cannot be met, so the
        # institutions now due are spread evenly over the years instead.
        ideal = previous if not self._count_problems(previous) else self.even_targets(previous)
        return self._fit_to_stored(ideal)

    def _fit_to_stored(self, ideal: Targets) -> Targets:
        """``ideal`` when the audits already stored in the cycle (carried out, notified,
        planned) leave room for it; else counts made from the stored audits plus a place for
        every institution still without one, as close to ``ideal`` as they allow (a cycle
        whose plan a registry change moved keeps its plan instead of refusing it)."""
        fixed, problems = self._pins([], replace_planned=False)
        if problems or not fixed:
            return ideal
        target = self._capacity(ideal)
        capacity = dict(target)
        counts: dict[Slot, int] = defaultdict(int)
        for slot, _source in fixed.values():
            capacity[slot] = capacity.get(slot, 0) - 1
            counts[slot] += 1
        free = [i for i in self.institutions if i.id not in fixed]
        eligible = {i.id: self.admissible(i) for i in free}
        if all(c >= 0 for c in capacity.values()) and _Matcher(eligible, capacity).solve([i.id for i in free])[0]:
            return ideal
        years = list(self.cycle.years)
        kinds = rotation_kinds()
        # The most constrained first, each to the slot furthest below ``ideal`` (then the
        # year with the fewest audits, then its own preference): every one gets a place it
        # may take, so the counts always admit a plan.
        for inst in sorted(free, key=lambda i: (len(eligible[i.id]), i.priority_key())):
            slots = eligible[inst.id]
            if not slots:
                continue  # valid in none of the years: propose() names it
            slot = min(
                slots,
                key=lambda s: (counts[s] - target.get(s, 0), sum(counts[(s[0], k)] for k in kinds), slots.index(s)),
            )
            counts[slot] += 1
        note = "\n".join(n for n in (ideal.note, STORED_PLAN_NOTE) if n)
        return Targets(per_kind={k: tuple(counts[(fy, k)] for fy in years) for k in kinds}, note=note)

    def even_targets(self, previous: Targets | None = None) -> Targets:
        """Counts that spread the institutions due in the cycle evenly over its years (the
        later years take the remainder, as 3/4/4 does), each kind keeping its share of
        ``previous`` (a kind that needs a 業務端末 never more than there are terminals), and
        no year more than the institutions in the registry that year."""
        kinds = rotation_kinds()
        years = list(self.cycle.years)
        n = len(self.institutions)
        # 1. each kind's total for the cycle: its share of the previous cycle (largest remainder)
        weights = {kind: previous.kind_total(kind) if previous else 0 for kind in kinds}
        if not any(weights.values()):
            weights = {kind: int(not audit_kinds.kind(kind).needs_terminal) for kind in kinds}
        whole = sum(weights.values())
        quotas = {kind: Fraction(weights[kind] * n, whole) for kind in kinds}
        totals = {kind: int(quotas[kind]) for kind in kinds}
        by_remainder = sorted(kinds, key=lambda k: (-(quotas[k] - totals[k]), audit_kinds.order(k)))
        for kind in by_remainder[: n - sum(totals.values())]:
            totals[kind] += 1
        terminal_kinds = [k for k in kinds if audit_kinds.kind(k).needs_terminal]
        open_kinds = [k for k in kinds if k not in terminal_kinds]
        excess = sum(totals[k] for k in terminal_kinds) - sum(i.terminal for i in self.institutions)
        for kind in reversed(terminal_kinds):
            if excess <= 0 or not open_kinds:
                break
            taken = min(excess, totals[kind])
            totals[kind] -= taken
            totals[open_kinds[0]] += taken
            excess -= taken
        # 2. each year's total: even, never more than the institutions valid that year
        valid = [sum(fy in i.valid_years for i in self.institutions) for fy in years]
        valid_terminals = [sum(fy in i.valid_years and i.terminal for i in self.institutions) for fy in years]
        year_totals = _spread(n, valid)
        # 3. each kind over the years: the terminal kinds evenly (within the terminals valid
        #    each year and the year's total), the other kinds fill the rest
        counts: dict[str, list[int]] = {}
        room = list(year_totals)
        terminal_room = [min(r, t) for r, t in zip(room, valid_terminals, strict=True)]
        for kind in terminal_kinds:
            counts[kind] = _spread(totals[kind], terminal_room)
            room = [r - c for r, c in zip(room, counts[kind], strict=True)]
            terminal_room = [t - c for t, c in zip(terminal_room, counts[kind], strict=True)]
        for kind in open_kinds[:-1]:
            counts[kind] = _spread(totals[kind], room)
            room = [r - c for r, c in zip(room, counts[kind], strict=True)]
        if open_kinds:
            counts[open_kinds[-1]] = room
        return Targets(
            per_kind={kind: tuple(counts[kind]) for kind in kinds},
            from_previous_cycle=False,
            note=EVEN_SPREAD_NOTE,
        )

    def targets(
        self,
        internal: tuple[int, ...] | None = None,
        external: tuple[int, ...] | None = None,
        *,
        per_kind: Mapping[str, tuple[int, ...]] | None = None,
    ) -> Targets:
        """The given counts, each kind defaulting to the previous cycle's."""
        given = {kind: tuple(counts) for kind, counts in (per_kind or {}).items()}
        if internal is not None:
            given["internal"] = tuple(internal)
        if external is not None:
            given["external"] = tuple(external)
        from_previous = any(kind not in given for kind in rotation_kinds())
        note = ""
        if from_previous:
            default = self.default_targets()
            given = {kind: given.get(kind, default.counts(kind)) for kind in rotation_kinds()}
            from_previous, note = default.from_previous_cycle, default.note
        problems = []
        for kind in rotation_kinds():
            label, counts = CHECKLIST_KIND_LABELS[kind], given[kind]
            if len(counts) != self.cycle.length:
                problems.append(
                    f"{label}の件数は{self.cycle.length}年度分を指定してください（指定されたのは{len(counts)}年度分: "
                    f"{','.join(map(str, counts))}）。"
                )
            if any(c < 0 for c in counts):
                problems.append(f"{label}の件数に負の数があります（{','.join(map(str, counts))}）。")
        if problems:
            raise PlanError(problems)
        return Targets(
            per_kind={kind: given[kind] for kind in rotation_kinds()}, from_previous_cycle=from_previous, note=note
        )

    # ---- pins
    def _pins(self, pins: list[Pin], replace_planned: bool) -> tuple[dict[int, tuple[Slot, str]], list[str]]:
        """{institution_id: (slot, source)} for every pinned audit, and the rules they break."""
        problems: list[str] = []
        by_code = {i.code: i for i in self.institutions}
        by_id = self.by_id
        fixed: dict[int, tuple[Slot, str]] = {}
        # Existing audits of the cycle: those carried out or notified always stay; planned ones
        # stay when pinned, and all of them unless the clerk asked to recompute them.
        per_inst: dict[int, list[ExistingAudit]] = defaultdict(list)
        for audit in self.existing:
            per_inst[audit.institution_id].append(audit)
        for inst_id, audits in per_inst.items():
            inst = by_id.get(inst_id)
            kept = [a for a in audits if a.fixed or a.pinned or not replace_planned]
            if inst is None:
                continue  # an operator institution or one outside the cycle: validated on entry
            if len(kept) > 1:
                listing = "、".join(
                    f"{self.slot_label((a.fy, a.kind))}（{AUDIT_STATUS_LABELS[a.status]}）" for a in kept
                )
                problems.append(
                    f"{inst.name}にはこの巡目の監査が既に{len(kept)}件登録されています（{listing}）。"
                    "各機関は巡目に１回だけ監査します。不要な予定を削除するか、--replace-planned で予定を作り直してください。"
                )
                continue
            if kept:
                a = kept[0]
                source = "fixed" if a.fixed else ("pin" if a.pinned else "kept")
                fixed[inst_id] = ((a.fy, a.kind), source)
        given: dict[int, Pin] = {}
        for pin in pins:
            inst = by_code.get(pin.code)
            label = f"{pin.code}:{pin.fy}:{pin.kind}"
            if inst is None:
                problems.append(
                    f"固定の指定 {label}: 機関コード「{pin.code}」は、この巡目に監査する事務利用機関にありません"
                    "（運用機関や、巡目の期間に台帳にない機関は監査の対象外です）。"
                )
                continue
            if pin.fy not in self.cycle.years:
                problems.append(
                    f"固定の指定 {label}: {self.year_label(pin.fy)}はこの巡目（{self.year_label(self.cycle.first_fy)}〜"
                    f"{self.year_label(self.cycle.last_fy)}）の外です。"
                )
                continue
            if not obligations.may_receive(inst.terminal, pin.kind):
                kind_label = CHECKLIST_KIND_LABELS[pin.kind]
                problems.append(
                    f"固定の指定 {label}: {inst.name}は業務端末設置機関ではないため、{kind_label}にできません"
                    f"（{kind_label}は業務端末設置機関だけ）。"
                )
                continue
            if pin.fy not in inst.valid_years:
                problems.append(
                    f"固定の指定 {label}: {inst.name}は{self.year_label(pin.fy)}には機関台帳にありません（{self.validity_text(inst)}）。"
                )
                continue
            if inst.id in given and given[inst.id] != pin:
                other = given[inst.id]
                problems.append(
                    f"{inst.name}に固定の指定が２つあります（{other.code}:{other.fy}:{other.kind} と {label}）。各機関は巡目に１回だけ監査します。"
                )
                continue
            given[inst.id] = pin
            current = fixed.get(inst.id)
            if current and current[0] != (pin.fy, pin.kind) and current[1] in ("fixed", "pin"):
                status = "登録済み" if current[1] == "fixed" else "固定済み"
                problems.append(
                    f"固定の指定 {label}: {inst.name}はこの巡目に{self.slot_label(current[0])}が既に{status}です。"
                    "各機関は巡目に１回だけ監査します。"
                )
                continue
            # An explicit pin replaces an unpinned planned audit of the same institution.
            fixed[inst.id] = ((pin.fy, pin.kind), "fixed" if current and current[1] == "fixed" else "pin")
        return fixed, problems

    # ---- checks
    def _capacity(self, targets: Targets) -> dict[Slot, int]:
        return {
            (fy, kind): targets.count(index, kind)
            for index, fy in enumerate(self.cycle.years)
            for kind in rotation_kinds()
        }

    def _count_problems(self, targets: Targets) -> list[str]:
        problems = []
        n = len(self.institutions)
        kinds = rotation_kinds()
        if targets.total != n:
            per_kind = "、".join(
                f"{CHECKLIST_KIND_LABELS[kind]} {'+'.join(map(str, targets.counts(kind)))}＝{targets.kind_total(kind)}件"
                for kind in kinds
            )
            problems.append(
                f"件数の合計（{per_kind}、計{targets.total}件）が、"
                f"この巡目に監査する事務利用機関の数（{n}機関）と一致しません。各機関を巡目に１回ずつ監査するには合計を{n}件にしてください。"
            )
        # Kinds only a 業務端末設置機関 may receive (外部監査): never more than there are terminals.
        terminal_kinds = [kind for kind in kinds if not obligations.may_receive(False, kind)]
        terminal_label = _labels(terminal_kinds, "・")
        terminals = [i for i in self.institutions if i.terminal]
        terminal_total = sum(targets.kind_total(kind) for kind in terminal_kinds)
        if terminal_kinds and terminal_total > len(terminals):
            problems.append(
                f"{terminal_label}の件数（計{terminal_total}件）が業務端末設置機関の数（{len(terminals)}機関）より多くなっています。"
                f"{terminal_label}は業務端末設置機関だけが対象で、各機関は巡目に１回だけ監査します。"
            )
        for index, fy in enumerate(self.cycle.years):
            valid = [i for i in self.institutions if fy in i.valid_years]
            valid_terminals = [i for i in valid if i.terminal]
            year_terminal = sum(targets.count(index, kind) for kind in terminal_kinds)
            if terminal_kinds and year_terminal > len(valid_terminals):
                problems.append(
                    f"{self.year_label(fy)}の{terminal_label}の件数（{year_terminal}件）が、その年度の業務端末設置機関の数"
                    f"（{len(valid_terminals)}機関）より多くなっています。"
                )
            year_total = sum(targets.count(index, kind) for kind in kinds)
            if year_total > len(valid):
                problems.append(
                    f"{self.year_label(fy)}の件数（{year_total}件）が、その年度に台帳にある事務利用機関の数（{len(valid)}機関）より多くなっています。"
                )
        return problems

    def _pin_count_problems(self, fixed: dict[int, tuple[Slot, str]], targets: Targets) -> list[str]:
        problems = []
        capacity = self._capacity(targets)
        per_slot: dict[Slot, list[int]] = defaultdict(list)
        for inst_id, (slot, _source) in fixed.items():
            per_slot[slot].append(inst_id)
        by_id = self.by_id
        for slot in capacity:
            if len(per_slot[slot]) > capacity[slot]:
                names = "、".join(by_id[i].name for i in sorted(per_slot[slot], key=lambda i: by_id[i].registry_index))
                hint = "件数を増やすか、固定を外してください。"
                if any(fixed[i][1] == "kept" for i in per_slot[slot]):
                    hint = "件数を増やすか、固定を外すか、予定（未通知）の監査を作り直してください（--replace-planned）。"
                problems.append(
                    f"{self.slot_label(slot)}の件数は{capacity[slot]}件ですが、既に決まっている監査（登録済み・固定・予定）が"
                    f"{len(per_slot[slot])}件あります（{names}）。{hint}"
                )
        return problems

    def _hall_problem(self, group: set[int], slots: set[Slot], capacity: dict[Slot, int], targets: Targets) -> str:
        by_id = self.by_id
        members = sorted((by_id[i] for i in group), key=lambda i: i.registry_index)
        places = sum(capacity.get(s, 0) for s in slots)
        slot_text = "、".join(f"{self.slot_label(s)} {capacity[s]}件" for s in sorted(slots)) or "なし"
        if len(members) == 1:
            inst = members[0]
            full = self._capacity(targets)
            listing = "、".join(
                f"{self.slot_label(s)}は件数{full[s]}件・決定済み{full[s] - capacity[s]}件" for s in self.admissible(inst)
            )
            return (
                f"{self.describe(inst)}を監査できる枠に空きがありません（{listing}）。件数か固定を見直してください。"
            )
        return (
            f"次の{len(members)}機関を監査できる枠が{places}件しか残っていません"
            f"（空いている枠: {slot_text}）: {'、'.join(self.describe(i) for i in members)}。"
            "有効期間（廃止・新設）、業務端末の有無と固定を考えると、全機関を巡目に１回ずつ監査できません。件数か固定を見直してください。"
        )

    # ---- propose
    def propose(self, targets: Targets, pins: list[Pin] = (), *, replace_planned: bool = False) -> Plan:
        fixed, problems = self._pins(list(pins), replace_planned)
        problems += self._count_problems(targets)
        if not problems:
            problems += self._pin_count_problems(fixed, targets)
        if problems:
            raise PlanError(problems)
        capacity = self._capacity(targets)
        for slot, _source in fixed.values():
            capacity[slot] -= 1
        free = [i for i in self.institutions if i.id not in fixed]
        eligible = {i.id: self.admissible(i) for i in free}
        order = [i.id for i in sorted(free, key=PlanInstitution.priority_key)]
        stranded = [i for i in free if not any(capacity[s] > 0 for s in eligible[i.id])]
        if stranded:
            raise PlanError([self._hall_problem({i.id}, set(), capacity, targets) for i in stranded])
        ok, group, slots = _Matcher(eligible, capacity).solve(order)
        if not ok:
            raise PlanError([self._hall_problem(group, slots, capacity, targets)])
        chosen: dict[int, Slot] = {}
        remaining = list(order)
        for inst_id in order:
            remaining.remove(inst_id)
            for slot in eligible[inst_id]:
                if capacity[slot] == 0:
                    continue
                capacity[slot] -= 1
                if _Matcher(eligible, capacity).solve(remaining)[0]:
                    chosen[inst_id] = slot
                    break
                capacity[slot] += 1
            else:  # pragma: no cover - impossible by the invariant in the module docstring
                raise AssertionError("planner invariant broken")
        entries = []
        for inst in self.institutions:
            if inst.id in fixed:
                slot, source = fixed[inst.id]
            else:
                slot, source = chosen[inst.id], "proposed"
            entries.append(
                PlanEntry(inst.id, inst.code, inst.name, slot[0], slot[1], source, self.reason(inst, slot, source))
            )
        plan = Plan(self.cycle, targets, tuple(entries))
        leftover = self.check(plan.assignment(), targets, replace_planned=replace_planned)
        if leftover:  # pragma: no cover - a bug, never a user's mistake
            raise AssertionError(leftover)
        return plan

    def check(
        self, assignment: dict[int, tuple[int, str] | None], targets: Targets, *, replace_planned: bool = True
    ) -> list[str]:
        """Every rule a (possibly hand-edited) plan breaks; empty when it is valid."""
        problems = []
        by_id = self.by_id
        for inst in self.institutions:
            slot = assignment.get(inst.id)
            if slot is None:
                problems.append(f"{inst.name}がこの巡目に監査されません（各機関を巡目に１回ずつ監査します）。")
                continue
            fy, kind = slot
            if fy not in self.cycle.years:
                problems.append(f"{inst.name}: {self.year_label(fy)}はこの巡目の外です。")
            elif fy not in inst.valid_years:
                problems.append(f"{inst.name}: {self.year_label(fy)}には機関台帳にありません（{self.validity_text(inst)}）。")
            if audit_kinds.is_kind(kind) and not obligations.may_receive(inst.terminal, kind):
                problems.append(f"{inst.name}は業務端末設置機関ではないため、{CHECKLIST_KIND_LABELS[kind]}にできません。")
        for audit in self.existing:
            if audit.fixed and audit.institution_id in by_id:
                if assignment.get(audit.institution_id) != (audit.fy, audit.kind):
                    problems.append(
                        f"{by_id[audit.institution_id].name}の{self.slot_label((audit.fy, audit.kind))}は"
                        f"「{AUDIT_STATUS_LABELS[audit.status]}」のため動かせません。"
                    )
        counts: dict[Slot, int] = defaultdict(int)
        for inst_id, slot in assignment.items():
            if slot is not None and inst_id in by_id:
                counts[slot] += 1
        for slot, target in self._capacity(targets).items():
            if counts[slot] != target:
                problems.append(f"{self.slot_label(slot)}が{counts[slot]}件です（件数の目標は{target}件）。")
        return problems


def before_first_cycle(style: YearStyle, fy: int) -> str:
    """Why a year before the first cycle has no plan (never a cycle ０)."""
    return (
        f"{style.label(fy, fullwidth=False)}（{fy}年度）は監査の１巡目より前です。巡目の監査計画は設定"
        f"「監査の１巡目が始まる年度」（{style.label(style.cycle_first_fy, fullwidth=False)}、"
        f"{style.cycle_first_fy}年度）から作成します。"
    )


def planning_context(session: Session, cycle_start: int) -> PlanningContext:
    """Load the registry, the audits and the scores the planner needs for one cycle."""
    style = year_style(session)
    cycle = style.cycle(cycle_start)
    if cycle.number < 1:
        raise PlanError([before_first_cycle(style, cycle_start)])
    if cycle.first_fy != cycle_start:
        raise PlanError(
            [
                f"{cycle_start}年度は巡目の始まりの年度ではありません（{cycle.label(fullwidth=False)}は"
                f"{cycle.first_fy}〜{cycle.last_fy}年度です。巡目は設定「監査の１巡目が始まる年度」"
                f"（{style.cycle_first_fy}年度）から{style.cycle_length}年ごとです）。"
            ]
        )
    years = list(cycle.years)
    kinds = rotation_kinds()
    users = obligations.due_in_cycle(session, years)
    rows = session.execute(
        select(Audit.institution_id, Audit.fy, Audit.kind)
        .where(Audit.kind.in_(kinds), Audit.fy < cycle.first_fy)
        .order_by(Audit.fy, Audit.starts_at, Audit.id)  # the latest one wins below
    )
    last: dict[int, tuple[int, str]] = {}
    for inst_id, fy, kind in rows:
        last[inst_id] = (fy, kind)
    scores = institution_scores(session, sorted({fy for fy, _ in last.values()}))
    institutions = []
    for index, inst in enumerate(users):
        last_fy, last_kind = last.get(inst.id, (None, None))
        score = scores.get((last_fy, last_kind), {}).get(inst.id) if last_fy is not None else None
        institutions.append(
            PlanInstitution(
                id=inst.id,
                code=inst.code,
                name=inst.name,
                terminal=bool(inst.has_terminal),
                valid_years=tuple(fy for fy in years if inst.valid_in(fy)),
                registry_index=index,
                last_fy=last_fy,
                last_kind=last_kind,
                last_score=score,
            )
        )
    existing = tuple(
        ExistingAudit(a.id, a.institution_id, a.fy, a.kind, a.status, bool(a.pinned))
        for a in session.scalars(
            select(Audit).where(Audit.kind.in_(kinds), Audit.fy.in_(years)).order_by(Audit.fy, Audit.id)
        )
    )
    previous_years = range(cycle.first_fy - cycle.length, cycle.first_fy)
    previous_counts: dict[tuple[int, str], int] = defaultdict(int)
    for fy, kind in session.execute(
        select(Audit.fy, Audit.kind).where(Audit.kind.in_(kinds), Audit.fy.in_(list(previous_years)))
    ):
        previous_counts[(fy, kind)] += 1
    return PlanningContext(
        cycle=cycle,
        style=style,
        institutions=tuple(institutions),
        existing=existing,
        previous_counts=dict(previous_counts),
        first_cycle=cycle.number <= 1,
    )


def propose_plan(
    session: Session,
    cycle_start: int,
    *,
    internal: tuple[int, ...] | None = None,
    external: tuple[int, ...] | None = None,
    pins: list[Pin] = (),
    replace_planned: bool = False,
) -> Plan:
    context = planning_context(session, cycle_start)
    return context.propose(context.targets(internal, external), list(pins), replace_planned=replace_planned)


@dataclass(frozen=True)
class ApplyResult:
    added: int
    removed: int
    unchanged: int
    pinned: int  # audits whose pinned flag was set
    scheduled: int = 0  # planned audits given a proposed date (actions.audits, core.scheduler)


def apply_plan(session: Session, plan: Plan) -> ApplyResult:
    """Store the plan as audits with status 予定 (the caller's one transaction; the caller
    — an action — takes the ``before-bulk`` backup before it, ``actions.audits.apply_plan``).

    Audits the plan already has stay as they are (date, place, auditors kept); planned
    audits of the cycle that the plan no longer contains are removed; audits carried out
    or notified are never touched. Applying the same plan again changes nothing."""
    from jukidesk.core.audits import AuditData, create_audit

    years = list(plan.cycle.years)
    wanted = {(e.institution_id, e.fy, e.kind): e for e in plan.entries}
    existing = list(
        session.scalars(select(Audit).where(Audit.kind.in_(rotation_kinds()), Audit.fy.in_(years)))
    )
    removed = unchanged = pinned = 0
    for audit in existing:
        key = (audit.institution_id, audit.fy, audit.kind)
        entry = wanted.pop(key, None)
        if entry is None:
            if audit.status != "planned":  # pragma: no cover - the plan always keeps them
                raise ValidationError(f"{audit.institution.name}の監査（{AUDIT_STATUS_LABELS[audit.status]}）は削除できません。")
            session.delete(audit)
            removed += 1
            continue
        unchanged += 1
        if entry.source == "pin" and not audit.pinned:
            audit.pinned = True
            pinned += 1
    session.flush()
    added = 0
    from jukidesk.storage.models import Institution

    for (inst_id, fy, kind), entry in sorted(wanted.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0])):
        institution = session.get(Institution, inst_id)
        create_audit(
            session,
            AuditData(
                fy=fy,
                kind=kind,
                institution_id=inst_id,
                status="planned",
                place=institution.address,
                pinned=entry.source == "pin",
            ),
        )
        added += 1
        pinned += entry.source == "pin"
    session.flush()
    return ApplyResult(added, removed, unchanged, pinned)


def plan_table_rows(plan: Plan, style: YearStyle) -> list[list[str]]:
    """Rows 年度 / 区分 / 件数 / 機関 for the command line (marks: ＊ kept or fixed, ◆ pinned)."""
    marks = {"fixed": "＊", "kept": "＊", "pin": "◆", "proposed": ""}
    rows = []
    for fy in plan.cycle.years:
        for kind in rotation_kinds():
            entries = plan.entries_for(fy, kind)
            names = "、".join(f"{e.code} {e.name}{marks[e.source]}" for e in entries)
            rows.append([style.label(fy, fullwidth=False), CHECKLIST_KIND_LABELS[kind], str(len(entries)), names])
    return rows


def plan_reason_rows(plan: Plan, style: YearStyle) -> list[list[str]]:
    """Rows 機関 / 年度 / 区分 / 理由 for the command line (registry order)."""
    return [
        [f"{e.code} {e.name}", style.label(e.fy, fullwidth=False), CHECKLIST_KIND_LABELS[e.kind], e.reason]
        for e in plan.entries
    ]


# ---------------------------------------------------------------- registry changes reach the plan


@dataclass(frozen=True)
class PlanChange:
    """One stored audit a registry change removed, added or moved (removed + added)."""

    institution_id: int
    name: str
    removed: tuple[int, str, str] | None  # (fy, kind, status) of the audit taken out
    added: tuple[int, str] | None  # (fy, kind) of the 予定 audit put in
    text: str  # the clerk's line


@dataclass(frozen=True)
class PlanUpdate:
    """What a registry change did to the stored plan (``follow_registry``)."""

    changes: tuple[PlanChange, ...] = ()
    notes: tuple[str, ...] = ()  # where the institution goes when nothing was stored (Japanese)

    @property
    def changed(self) -> bool:
        """Audits were removed or added."""
        return bool(self.changes)

    @property
    def moved(self) -> tuple[PlanChange, ...]:
        return tuple(c for c in self.changes if c.removed and c.added)

    def lines(self) -> list[str]:
        return [c.text for c in self.changes] + list(self.notes)


def pending_audits_after(session: Session, institution_id: int, last_fy: int) -> list[Audit]:
    """The institution's audits not carried out yet (予定・通知済) after ``last_fy``: what
    retiring it after ``last_fy`` removes (the retire dialog lists them beforehand)."""
    return list(
        session.scalars(
            select(Audit)
            .where(Audit.institution_id == institution_id, Audit.fy > last_fy, Audit.status.in_(_PENDING))
            .order_by(Audit.fy, Audit.id)
        )
    )


def _cycle_has_audits(session: Session, cycle: Cycle) -> bool:
    return bool(
        session.scalars(
            select(Audit.id).where(Audit.fy.in_(list(cycle.years)), Audit.kind.in_(rotation_kinds())).limit(1)
        ).first()
    )


def _removal_reason(institution, fy: int, kind: str, style: YearStyle) -> str:
    if not obligations.auditable(institution):
        return "運用機関は監査の対象外のため"
    if institution.valid_until_fy is not None and fy > institution.valid_until_fy:
        return f"{style.label(institution.valid_until_fy, fullwidth=False)}で廃止のため"
    if fy < institution.valid_from_fy:
        return f"{style.label(institution.valid_from_fy, fullwidth=False)}からの機関のため"
    return f"業務端末設置機関ではないため{CHECKLIST_KIND_LABELS[kind]}の対象外"


def follow_registry(session: Session, institution_id: int, today: dt.date, *, place: bool = True) -> PlanUpdate:
    """Bring the stored plan in line with the registry after ``institution_id`` was added,
    edited or retired (the registry actions call this in their transaction):

    1. its audits not carried out yet (予定 and 通知済) that the registry no longer allows
       — a year after its last year (retired), before its first, an external audit without
       a terminal — are removed; audits carried out (実施済・報告済) are records and stay;
    2. in the cycle of ``today`` (from today's fiscal year on) and in the next cycle, when
       the cycle has a stored plan and the institution is due in it
       (``obligations.due_in_cycle``) but has no audit of a rotating kind there, a 予定
       audit is added in the remaining year with the fewest audits (ties: the earliest year;
       the kind as the planner prefers it). A cycle without a plan gets the institution when
       its plan is made; a cycle whose remaining years are all outside the institution's
       validity cannot take it, and the notes say so. With ``place`` False (an edit that
       changed neither validity, kind nor terminal) only when step 1 removed something.

    Other institutions' audits never move, so a cycle in which every institution was
    planned once still is. Returns the changes, one Japanese line each."""
    from jukidesk.core.audits import AuditData, create_audit
    from jukidesk.core.checklists import ensure_checklist
    from jukidesk.core.templates import template_for_year
    from jukidesk.storage.models import Checklist, Institution

    institution = session.get(Institution, institution_id)
    if institution is None:
        return PlanUpdate()
    style = year_style(session)
    name = institution.report_name
    kinds = rotation_kinds()

    def slot_text(fy: int, kind: str) -> str:
        return f"{style.label(fy, fullwidth=False)}の{CHECKLIST_KIND_LABELS[kind]}"

    # 1. audits the registry no longer allows
    removed: list[tuple[int, str, str, str]] = []  # fy, kind, status, reason
    for audit in session.scalars(
        select(Audit).where(Audit.institution_id == institution_id).order_by(Audit.fy, Audit.id)
    ).all():
        if audit.status not in _PENDING:
            continue
        if obligations.audit_refusal(institution, audit.fy, audit.kind, style) is None:
            continue
        removed.append((audit.fy, audit.kind, audit.status, _removal_reason(institution, audit.fy, audit.kind, style)))
        session.delete(audit)
    session.flush()

    # 2. a place in the current and the next cycle
    today_fy = fiscal_year_of(today)
    current = style.cycle(max(today_fy, style.cycle_first_fy))
    following = style.cycle(current.last_fy + 1)
    added: list[tuple[Cycle, int, str]] = []
    notes: list[str] = []
    if obligations.auditable(institution) and (place or removed):
        for cycle in (current, following):
            if not any(institution.valid_in(fy) for fy in cycle.years):
                continue
            covered = session.scalars(
                select(Audit.id).where(
                    Audit.institution_id == institution_id, Audit.fy.in_(list(cycle.years)), Audit.kind.in_(kinds)
                )
            ).first()
            if covered is not None:
                continue
            span = f"{cycle.label(fullwidth=False)}（{style.label(cycle.first_fy, fullwidth=False)}〜{style.label(cycle.last_fy, fullwidth=False)}）"
            if not _cycle_has_audits(session, cycle):
                if cycle is current or not (notes or added):
                    notes.append(f"{name}は{span}の監査計画を作るときに計画に入ります。")
                break
            remaining = [fy for fy in cycle.years if fy >= today_fy and institution.valid_in(fy)]
            if not remaining:
                notes.append(
                    f"{name}は{span}の残りの年度には機関台帳にないため、この巡目の計画には入れられません"
                    f"（{following.label(fullwidth=False)}から監査します）。"
                    if cycle is current and any(institution.valid_in(fy) for fy in following.years)
                    else f"{name}は{span}の残りの年度には機関台帳にないため、この巡目の計画には入れられません。"
                )
                continue
            last = session.execute(
                select(Audit.fy, Audit.kind)
                .where(Audit.institution_id == institution_id, Audit.kind.in_(kinds), Audit.fy < cycle.first_fy)
                .order_by(Audit.fy.desc(), Audit.starts_at.desc(), Audit.id.desc())
                .limit(1)
            ).first()
            preferred = sorted(
                obligations.rotation_kinds_for(bool(institution.has_terminal)),
                key=lambda k: (k != (last.kind if last else None), not audit_kinds.kind(k).needs_terminal, audit_kinds.order(k)),
            )
            totals = dict(
                session.execute(
                    select(Audit.fy, func.count(Audit.id))
                    .where(Audit.fy.in_(remaining), Audit.kind.in_(kinds))
                    .group_by(Audit.fy)
                ).all()
            )
            fy = min(remaining, key=lambda y: (totals.get(y, 0), y))
            kind = preferred[0]
            create_audit(
                session,
                AuditData(fy=fy, kind=kind, institution_id=institution_id, status="planned", place=institution.address),
            )
            prepared = session.scalars(
                select(Checklist.id).where(Checklist.fy == fy, Checklist.kind == "self").limit(1)
            ).first()
            if prepared is not None and template_for_year(session, fy) is not None:
                ensure_checklist(session, fy, kind, institution_id)  # the year is prepared: as 年度更新 would
            added.append((cycle, fy, kind))
    session.flush()

    changes: list[PlanChange] = []
    for cycle, fy, kind in added:
        before = next((r for r in removed if r[0] in cycle.years and r[1] in kinds), None)
        if before is not None:
            removed.remove(before)
            old_fy, old_kind, status, _reason = before
            text = f"{name}の{slot_text(old_fy, old_kind)}（{AUDIT_STATUS_LABELS[status]}）を{slot_text(fy, kind)}に移しました。"
            if status == "notified":
                text += "送付済みの通知の取消しを連絡してください。"
            changes.append(PlanChange(institution_id, name, (old_fy, old_kind, status), (fy, kind), text))
        else:
            changes.append(
                PlanChange(
                    institution_id, name, None, (fy, kind),
                    f"{name}を{cycle.label(fullwidth=False)}の{slot_text(fy, kind)}の予定に入れました。",
                )
            )
    for fy, kind, status, reason in removed:
        text = f"{name}の{slot_text(fy, kind)}（{AUDIT_STATUS_LABELS[status]}）を削除しました（{reason}）。"
        if status == "notified":
            text += "送付済みの通知の取消しを連絡してください。"
        changes.append(PlanChange(institution_id, name, (fy, kind, status), None, text))
    return PlanUpdate(tuple(changes), tuple(notes))
