"""The registry from the organisation's own file, and back to a file.

``import_registry(db, path, from_fy=…, dry_run=…)``: rows are matched to the registry by
コード; new codes are added, changed rows updated, rows with an 終了年度 retired (the same
retire logic as the registry tab, so the stored audit plan follows). The whole file goes
in one transaction after a ``before-import`` backup — all or nothing. ``dry_run`` (the
preview) computes the same lists without writing. A file that changes nothing writes
nothing (and takes no backup).

``from_fy`` (default: the fiscal year of the reference date) is the 開始年度 of a new row
that gives none. The registry keeps one name and 区分 per institution (no history of
names), so a rename or a change of 区分 shows in every year's reports; the preview says so
for an institution that was already in the registry before ``from_fy``.

``export_registry(db, path, fy=…)`` writes the registry (or those valid in ``fy``) with the
same columns: export → edit → import changes nothing it was not told to.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from jukidesk.actions.base import Area, Outcome, outcome, read, today, write
from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import fiscal_year_of
from jukidesk.core import registry as core_registry
from jukidesk.core.planner import follow_registry
from jukidesk.core.registry import InstitutionData
from jukidesk.exchange.registry_io import (
    KIND_LABELS,
    RegistryFile,
    RegistryRow,
    normal_code,
    read_registry,
    refuse,
    write_registry,
)
from jukidesk.storage.database import Database
from jukidesk.storage.models import Institution

_FIELD_LABELS = {
    "name": "名称",
    "short_name": "略称",
    "kind": "区分",
    "has_terminal": "業務端末",
    "head_title": "長の職名",
    "address": "所在地",
    "valid_from_fy": "開始年度",
    "valid_until_fy": "終了年度",
}
_PLAN_FIELDS = ("kind", "has_terminal", "valid_from_fy", "valid_until_fy")


def _shown(key: str, value) -> str:
    if key == "kind":
        return KIND_LABELS.get(value, str(value))
    if key == "has_terminal":
        return "有" if value else "無"
    if value is None or value == "":
        return "（空）"
    return f"{value}年度" if key.endswith("_fy") else str(value)


@dataclass(frozen=True)
class Step:
    """One institution the import adds, changes or retires."""

    row: int
    code: str
    data: InstitutionData
    institution_id: int | None = None
    differences: tuple[tuple[str, object, object], ...] = ()  # (field, before, after)
    retire_fy: int | None = None  # retired after this year (the retire logic)

    def text(self) -> str:
        what = "、".join(f"{_FIELD_LABELS[k]} {_shown(k, a)} → {_shown(k, b)}" for k, a, b in self.differences)
        return f"{self.code} {self.data.name}" + (f"（{what}）" if what else "")


@dataclass
class RegistryImport:
    """What an import does (or, in a preview, would do)."""

    file: str
    from_fy: int
    dry_run: bool
    added: list[Step] = field(default_factory=list)
    changed: list[Step] = field(default_factory=list)
    retired: list[Step] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    plan_lines: list[str] = field(default_factory=list)
    steps: list[tuple[RegistryRow, Step]] = field(default_factory=list, repr=False)  # what _apply writes

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.retired)

    def lines(self) -> list[str]:
        """The preview (or the report) in Japanese, one line each."""
        verb = "取り込む予定" if self.dry_run else "取り込みました"
        out = [
            f"{self.file}: 追加 {len(self.added)} 件・変更 {len(self.changed)} 件・終了 {len(self.retired)} 件"
            f"・変更なし {self.unchanged} 件（{verb}）"
        ]
        for title, steps in (("追加", self.added), ("変更", self.changed), ("終了", self.retired)):
            for step in steps:
                suffix = f"（{step.retire_fy}年度まで）" if title == "終了" and step.retire_fy is not None else ""
                out.append(f"  {title}: {step.text() if title != '終了' else f'{step.code} {step.data.name}'}{suffix}")
        out += [f"  注意: {note}" for note in self.notes]
        out += [f"  監査計画: {line}" for line in self.plan_lines]
        return out

    def as_json(self) -> dict:
        def step(s: Step) -> dict:
            return {
                "row": s.row,
                "code": s.code,
                "name": s.data.name,
                "changes": {k: {"before": a, "after": b} for k, a, b in s.differences},
                **({"last_fy": s.retire_fy} if s.retire_fy is not None else {}),
            }

        return {
            "file": self.file,
            "from_fy": self.from_fy,
            "dry_run": self.dry_run,
            "added": [step(s) for s in self.added],
            "changed": [step(s) for s in self.changed],
            "retired": [step(s) for s in self.retired],
            "unchanged": self.unchanged,
            "notes": self.notes,
            "plan": self.plan_lines,
        }


def _plan(session: Session, registry: RegistryFile, from_fy: int | None, dry_run: bool) -> RegistryImport:
    """Match the file's rows to the registry; raises ``ValidationError`` listing every row
    that cannot go in (nothing is changed here)."""
    start = from_fy if from_fy is not None else fiscal_year_of(today(session))
    result = RegistryImport(registry.table.path.name, start, dry_run)
    existing = {normal_code(inst.code): inst for inst in core_registry.list_institutions(session)}
    final_names: dict[str, str] = {code: inst.name for code, inst in existing.items()}
    problems: list[str] = []
    planned: list[tuple[RegistryRow, Step]] = []
    for row in registry.rows:
        inst = existing.get(row.code)
        base = InstitutionData.of(inst) if inst is not None else InstitutionData(code=row.code, name=row.name, valid_from_fy=start)
        data = InstitutionData(**asdict(base))
        data.name = row.name
        for key in ("short_name", "kind", "has_terminal", "head_title", "address", "valid_from_fy"):
            value = getattr(row, key)
            if value is not None:
                setattr(data, key, value)
        if row.until_given:
            data.valid_until_fy = row.valid_until_fy
        if inst is None:
            if registry.table.has("kind") and row.kind is None:
                problems.append(f"{registry.where(row, 'kind')}: 区分が空です（事務利用機関 または 運用機関）。")
            if row.has_terminal is None:
                data.has_terminal = False
        data = data.cleaned()
        if data.valid_until_fy is not None and data.valid_until_fy < data.valid_from_fy:
            problems.append(
                f"{registry.where(row, 'valid_until_fy')}: 終了年度（{data.valid_until_fy}年度）が開始年度"
                f"（{data.valid_from_fy}年度）より前です。"
            )
        if data.kind == "operator" and data.has_terminal:
            problems.append(f"{registry.where(row, 'has_terminal')}: 業務端末を設置できるのは事務利用機関だけです（区分が運用機関です）。")
        final_names[row.code] = data.name
        if inst is None:
            step = Step(row.number, row.code, data)
            planned.append((row, step))
            result.added.append(step)
            continue
        before = InstitutionData.of(inst)
        differences = tuple(
            (key, getattr(before, key), getattr(data, key))
            for key in _FIELD_LABELS
            if getattr(before, key) != getattr(data, key)
        )
        if not differences:
            result.unchanged += 1
            continue
        retiring = data.valid_until_fy is not None and data.valid_until_fy != before.valid_until_fy
        others = tuple(d for d in differences if d[0] != "valid_until_fy" or not retiring)
        step = Step(row.number, row.code, data, inst.id, others, data.valid_until_fy if retiring else None)
        planned.append((row, step))
        if others:
            result.changed.append(step)
        if retiring:
            result.retired.append(step)
        if before.valid_from_fy < start and any(k in ("name", "kind") for k, _a, _b in differences):
            result.notes.append(
                f"{row.code} {data.name}: 名称・区分の変更は {start}年度より前の年度の帳票にも表示されます"
                "（機関台帳は名称・区分の履歴を持たないため）。"
            )
    seen: dict[str, str] = {}
    rows_by_code = {row.code: row for row in registry.rows}
    for code, name in final_names.items():
        if name in seen:
            row = rows_by_code.get(code) or rows_by_code.get(seen[name])
            problems.append(f"{registry.where(row, 'name')}: 名称「{name}」は機関コード {seen[name] if row.code == code else code} の機関と同じです。")
        else:
            seen[name] = code
    refuse(problems)
    result.steps = planned
    return result


def _apply(session: Session, registry: RegistryFile, plan: RegistryImport) -> RegistryImport:
    day = today(session)
    for row, step in plan.steps:
        try:
            if step.institution_id is None:
                saved = core_registry.add_institution(session, step.data)
                update = follow_registry(session, saved.id, day, place=True)
            else:
                update = None
                if step.differences:
                    inst = session.get(Institution, step.institution_id)
                    old = tuple(getattr(inst, name) for name in _PLAN_FIELDS)
                    data = InstitutionData(**asdict(step.data))
                    if step.retire_fy is not None:
                        data.valid_until_fy = inst.valid_until_fy  # the retire logic sets it below
                    saved = core_registry.update_institution(session, step.institution_id, data)
                    place = old != tuple(getattr(saved, name) for name in _PLAN_FIELDS)
                    update = follow_registry(session, saved.id, day, place=place)
                if step.retire_fy is not None:
                    core_registry.retire_institution(session, step.institution_id, step.retire_fy)
                    retired = follow_registry(session, step.institution_id, day)
                    plan.plan_lines += [f"{step.code} {step.data.name}: {line}" for line in retired.lines()]
        except ValidationError as exc:
            column = {"code": "code", "name": "name", "kind": "kind", "has_terminal": "has_terminal"}.get(exc.field or "", "")
            raise ValidationError(
                f"機関台帳を取り込めません（何も登録していません）。\n{registry.where(row, column or None)}: {exc}"
            ) from exc
        if update is not None:
            plan.plan_lines += [f"{step.code} {step.data.name}: {line}" for line in update.lines()]
    return plan


def import_registry(
    db: Database, path: Path | str, *, from_fy: int | None = None, dry_run: bool = False
) -> Outcome[RegistryImport]:
    """Import ``path`` (.xlsx/.csv) into the registry; ``dry_run`` only previews. The value
    lists what was (would be) added, changed and retired (``.lines()``). Any bad row
    refuses the whole file (``ValidationError`` naming file, row and column)."""
    registry = read_registry(path)
    preview = read(db, lambda session: _plan(session, registry, from_fy, True))
    if dry_run or preview.empty:
        preview.dry_run = dry_run
        return outcome(preview)

    def work(session: Session) -> RegistryImport:
        return _apply(session, registry, _plan(session, registry, from_fy, False))

    done = write(db, (Area.REGISTRY, Area.AUDITS), work, backup="before-import")
    areas = [Area.REGISTRY] + ([Area.AUDITS] if done.value.plan_lines else [])
    return Outcome(done.value, frozenset(areas), done.backup)


def export_registry(db: Database, path: Path | str, *, fy: int | None = None) -> Outcome[int]:
    """Write the registry (only those valid in ``fy`` when given) to ``path`` (.xlsx).
    Returns the number of institutions written."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(f"書き出し先は .xlsx のファイルにしてください: {path.name}")

    def work(session: Session) -> int:
        institutions = core_registry.list_institutions(session, fy)
        write_registry(institutions, path)
        return len(institutions)

    return outcome(read(db, work))
