"""Checklists and templates: what the clerk does in the チェックリスト tab, its import dialog
and the ``checklist`` / ``template`` commands.

- ``save_answer`` — one keystroke's answer (a single short transaction; the tab saves on
  every key);
- ``complete_checklist`` / ``reopen_checklist`` (reopening is recorded with its reason);
- ``start_from_previous`` / ``start_many_from_previous`` — last time's answers carried over
  as 未確認, for one institution or several (all or none);
- ``export_workbooks`` — one form per institution, signed with the data file's key (made,
  and committed on its own, at the first export);
- ``plan_checklist_import`` then ``import_checklists`` — returned workbooks: every file is
  checked first (nothing written, no backup: the preview and ``--dry-run``; a folder stands
  for every file in it and the plan names each file it cannot take), then the plan is
  written in one transaction after a "before-import" generation of the file;
- ``read_template`` / ``save_template`` / ``import_template`` — a template from Excel;
  ``current_template`` / ``preview_template`` then ``save_template`` — the template editor
  (the same version rule, core.templates.plan_save).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.actions.base import Area, Outcome, outcome, read, write
from jukidesk.base.errors import ValidationError
from jukidesk.base.progress import Progress
from jukidesk.core import carry_forward, checklists, templates
from jukidesk.core.carry_forward import CarryResult
from jukidesk.core.checklists import Entry
from jukidesk.core.templates import TemplateDefinition
from jukidesk.exchange.problems import Problem
from jukidesk.storage.database import Database
from jukidesk.storage.models import Checklist, Institution

if TYPE_CHECKING:  # the Excel modules load openpyxl: only when a workbook is read
    from jukidesk.exchange.checklist_xlsx import ImportPlan, ImportResult

CHANGED = frozenset({Area.CHECKLISTS})

# ---------------------------------------------------------------------------------------
# Answers, completion, reopening


def save_answer(
    db: Database, fy: int, kind: str, institution_id: int, item_id: int, entry: Entry | None, *, seen=checklists.UNCHECKED
) -> Outcome[int]:
    """Store one item's answer (``None`` or an empty entry removes it); the checklist is
    created on the first answer. Refused while the checklist is complete. Value: the
    checklist's id. ``seen``: the entry the clerk was shown — refused (``ConflictError``
    naming who) when another clerk has changed the answer since."""
    return write(db, CHANGED, lambda s: checklists.save_answer(s, fy, kind, institution_id, item_id, entry, seen=seen).id)


def ensure_checklist(db: Database, fy: int, kind: str, institution_id: int) -> Outcome[int]:
    """The checklist of an institution for a year and kind, created (empty) if there is none
    yet — e.g. to attach evidence to an item before it is answered. Value: its id."""
    existing = read(db, lambda s: _checklist_id(s, fy, kind, institution_id))
    if existing is not None:
        return outcome(existing)
    return write(db, CHANGED, lambda s: checklists.ensure_checklist(s, fy, kind, institution_id).id)


def _checklist_id(session: Session, fy: int, kind: str, institution_id: int) -> int | None:
    checklist = checklists.find_checklist(session, fy, kind, institution_id)
    return checklist.id if checklist is not None else None


def find_checklist_id(db: Database, fy: int, kind: str, institution_code: str) -> int:
    """The id of the checklist the command line names by year, kind and institution code."""

    def find(session: Session) -> int:
        institution = _institution_by_code(session, institution_code, fy)
        checklist_id = _checklist_id(session, fy, kind, institution.id)
        if checklist_id is None:
            raise ValidationError("このチェックリストにはまだ回答がありません。")
        return checklist_id

    return read(db, find)


def complete_checklist(db: Database, checklist_id: int, note: str = "") -> Outcome[None]:
    """Mark a checklist complete (refused while an item is missing, unconfirmed, or under 3
    without a remark)."""

    def work(session: Session) -> None:
        checklists.complete_checklist(session, checklist_id, note)

    return write(db, CHANGED, work)


def reopen_checklist(db: Database, checklist_id: int, reason: str = "") -> Outcome[None]:
    """Make a completed checklist editable again; the reopening is recorded with its reason."""

    def work(session: Session) -> None:
        checklists.reopen_checklist(session, checklist_id, reason)

    return write(db, CHANGED, work)


def delete_checklists(db: Database, checklist_ids: Sequence[int]) -> Outcome[int]:
    """Remove checklists with their answers and events (through the ORM, so the edit
    history records it). Value: how many were removed."""

    def work(session: Session) -> int:
        removed = 0
        for checklist_id in checklist_ids:
            checklist = session.get(Checklist, checklist_id)
            if checklist is not None:
                session.delete(checklist)
                removed += 1
        session.flush()
        return removed

    return write(db, CHANGED, work)


# ---------------------------------------------------------------------------------------
# Starting from the previous answers


def start_from_previous(db: Database, fy: int, kind: str, institution_id: int) -> Outcome[CarryResult]:
    """Fill an institution's (new or empty) checklist with its previous checklist's answers
    to the same questions, each 未確認; reworded items are left for a new answer."""
    return write(db, CHANGED, lambda s: carry_forward.start_from_previous(s, fy, kind, institution_id))


@dataclass(frozen=True)
class Carried:
    institution_name: str
    result: CarryResult


def start_many_from_previous(
    db: Database, fy: int, kind: str, institution_codes: Sequence[str] | None = None
) -> Outcome[list[Carried]]:
    """``start_from_previous`` for the institutions with these codes (``None``: every target
    institution of the year and kind) — all of them or none."""

    def work(session: Session) -> list[Carried]:
        if institution_codes is None:
            institutions = checklists.target_institutions(session, fy, kind)
        else:
            institutions = []
            for code in institution_codes:
                institution = session.scalars(select(Institution).where(Institution.code == code)).first()
                if institution is None:
                    raise ValidationError(f"機関コード「{code}」は機関台帳にありません。")
                institutions.append(institution)
        return [
            Carried(inst.name, carry_forward.start_from_previous(session, fy, kind, inst.id)) for inst in institutions
        ]

    return write(db, CHANGED, work)


def _institution_by_code(session: Session, code: str, fy: int) -> Institution:
    institution = session.scalars(select(Institution).where(Institution.code == code)).first()
    if institution is None:
        raise ValidationError(f"機関コード「{code}」の機関は機関台帳にありません。")
    if not institution.valid_in(fy):
        raise ValidationError(f"{institution.name} は {fy}年度の機関台帳にありません。")
    return institution


# ---------------------------------------------------------------------------------------
# Workbooks sent out and returned


def export_workbooks(
    db: Database,
    fy: int,
    kind: str,
    out_dir: Path | str,
    *,
    institution_code: str | None = None,
    progress: Progress | None = None,
) -> Outcome[list[Path]]:
    """Write the forms of ``fy``/``kind`` (one institution's, or every target's) into
    ``out_dir``, all or none. The only thing stored is the data file's workbook key, once,
    before the first book is signed with it (``exchange.checklist_xlsx.ensure_workbook_key``).
    Value: the files written."""
    from jukidesk.exchange.checklist_xlsx import export_checklists, stored_workbook_key

    if read(db, stored_workbook_key) is None:
        db.ensure_sound()  # the key is about to be written: a damaged file takes no writes
    return outcome(
        read(db, lambda s: export_checklists(s, fy, kind, out_dir, institution_code=institution_code, progress=progress))
    )


def plan_checklist_import(
    db: Database,
    paths: Sequence[Path | str],
    *,
    replace: bool = False,
    fy: int | None = None,
    kind: str | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Check every workbook (a folder: every file in it) and say what importing them would
    change, and which files cannot be taken and why (``plan.refused``). Writes nothing and
    takes no backup (the import dialog's preview, ``checklist import --dry-run``)."""
    from jukidesk.exchange.checklist_xlsx import plan_import

    return read(db, lambda s: plan_import(s, list(paths), replace=replace, fy=fy, kind=kind, progress=progress))


def import_checklists(db: Database, plan: ImportPlan, *, progress: Progress | None = None) -> Outcome[ImportResult]:
    """Store a checked plan, all files or none. A plan with errors is refused before
    anything happens; a plan that changes something first takes a "before-import"
    generation of the file. A checklist changed since the plan was made refuses the whole
    import (check again)."""
    from jukidesk.exchange.checklist_xlsx import ImportResult, apply_import

    if not plan.ok:
        raise ValidationError(f"エラーが {len(plan.errors)} 件あるため、取り込みません。")
    if not plan.changed:
        return outcome(ImportResult())
    return write(db, CHANGED, lambda s: apply_import(s, plan, progress=progress), backup="before-import")


# ---------------------------------------------------------------------------------------
# Templates


class TemplateRefused(ValidationError):
    """A template sheet that cannot be read; ``problems`` say where and why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("テンプレートを読み込めません。\n" + "\n".join(str(p) for p in problems[:20]))
        self.problems = problems


@dataclass(frozen=True)
class SavedTemplate:
    name: str
    version: int
    valid_from_fy: int
    action: str  # 'unchanged', 'edited' (no answers yet) or 'new_version' (copy forward)

    def title(self) -> str:
        return f"{self.name} 第{self.version}版（{self.valid_from_fy}年度から）"


@dataclass(frozen=True)
class TemplatePreview:
    """What saving a definition would do, shown before saving (editor and import alike)."""

    plan: templates.SavePlan
    diff: object  # core.revisions.TemplateDiff against the current version

    @property
    def action(self) -> str:
        return self.plan.action


def current_template(db: Database, fy: int | None = None) -> TemplateDefinition | None:
    """The definition to start editing from: the newest version (or the one in force in
    ``fy``), ``None`` when the file has no template yet."""

    def work(session: Session) -> TemplateDefinition | None:
        template = templates.latest_template(session) if fy is None else templates.template_for_year(session, fy)
        return templates.definition_of(template) if template is not None else None

    return read(db, work)


def template_start_year(db: Database, fallback: int) -> int:
    """The year the template editor offers for saving (core.templates.default_start_fy)."""
    return read(db, lambda session: templates.default_start_fy(session, fallback))


def preview_template(db: Database, definition: TemplateDefinition, from_fy: int | None = None) -> TemplatePreview:
    """The version rule and the diff for ``definition`` (nothing is written). Raises
    ValidationError like ``save_template`` would (duplicate numbers, a year too early)."""
    from jukidesk.core.revisions import diff_definition

    def work(session: Session) -> TemplatePreview:
        plan = templates.plan_save(session, definition, from_fy)
        return TemplatePreview(plan, diff_definition(plan.current, definition, plan.version))

    return read(db, work)


def read_template(path: Path | str) -> TemplateDefinition:
    """The definition in a template sheet (Excel); ``TemplateRefused`` lists its problems."""
    from jukidesk.exchange.template_xlsx import read_template_xlsx

    definition, problems = read_template_xlsx(path)
    if definition is None:
        raise TemplateRefused(problems)
    return definition


def save_template(db: Database, definition: TemplateDefinition, from_fy: int | None = None) -> Outcome[SavedTemplate]:
    """Store a definition as the template in force from ``from_fy`` (default: the year after
    the last one with answers). A version with answers is never edited: a new version is
    made (copy forward), and empty checklists of those years switch to it."""

    def work(session: Session) -> SavedTemplate:
        result = templates.save_template(session, definition, from_fy)
        template = result.template
        return SavedTemplate(template.name, template.version, template.valid_from_fy, result.action)

    saved = write(db, {Area.TEMPLATES, Area.CHECKLISTS}, work)
    return saved if saved.value.action != "unchanged" else outcome(saved.value)


def import_template(db: Database, path: Path | str, from_fy: int | None = None) -> Outcome[SavedTemplate]:
    """``read_template`` then ``save_template`` (``template import``)."""
    return save_template(db, read_template(path), from_fy)
