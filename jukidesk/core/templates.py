"""Checklist templates: definitions read from TOML (or an Excel sheet, see
exchange.template_xlsx) and stored as versioned rows.

Copy forward: a version that already has answers is never edited in place. Saving a
changed definition then makes a new version that applies from a coming fiscal year (after
the last year with answers); answers keep pointing at the item rows of the version they
answered, so past answers and past averages never change. A version without answers is
simply edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.core.versioning import SavePlan, plan_version  # noqa: F401 (SavePlan: the editor's type)
from jukidesk.storage.models import (
    CHECKLIST_KINDS,
    Answer,
    Checklist,
    ChecklistTemplate,
    TemplateCategory,
    TemplateItem,
)


@dataclass
class ItemDefinition:
    number: str
    text: str
    guidance: str = ""
    important: bool = False
    kinds: tuple[str, ...] = CHECKLIST_KINDS


@dataclass
class CategoryDefinition:
    code: str
    name: str
    items: list[ItemDefinition] = field(default_factory=list)


@dataclass
class TemplateDefinition:
    name: str
    categories: list[CategoryDefinition]


def read_template_toml(path: Path) -> TemplateDefinition:
    import tomllib  # only when a template file is read: the tabs that show templates need no TOML reader

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError(f"チェックリストのテンプレート {path.name} を読み込めません: {exc}") from exc
    categories = []
    for cat in data.get("category", []):
        items = [
            ItemDefinition(
                number=str(item["number"]),
                text=item["text"],
                guidance=item.get("guidance", ""),
                important=bool(item.get("important", False)),
                kinds=tuple(item.get("kinds", CHECKLIST_KINDS)),
            )
            for item in cat.get("item", [])
        ]
        categories.append(CategoryDefinition(str(cat.get("code", "")), cat["name"], items))
    return TemplateDefinition(data.get("name", path.stem), categories)


def _short(text: str, length: int = 20) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def renumbered(definition: TemplateDefinition) -> TemplateDefinition:
    """The same definition with the items numbered 「区分の順-区分内の順」 (1-1, 1-2, 2-1 …) and the
    categories coded by their order — what the template editor's 「番号を振り直す」 does."""
    return TemplateDefinition(
        definition.name,
        [
            CategoryDefinition(
                str(c_index),
                category.name,
                [replace(item, number=f"{c_index}-{i_index}") for i_index, item in enumerate(category.items, start=1)],
            )
            for c_index, category in enumerate(definition.categories, start=1)
        ],
    )


def validate_definition(definition: TemplateDefinition) -> None:
    """The rules every template version obeys (checked before anything is stored)."""
    if not definition.name.strip():
        raise ValidationError("テンプレートの名称がありません。")
    numbers = [item.number for cat in definition.categories for item in cat.items]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        named = []
        for number in duplicates:
            texts = [f"「{_short(i.text)}」" for c in definition.categories for i in c.items if i.number == number]
            named.append(f"{number}（{'と'.join(texts)}）")
        raise ValidationError(f"項目番号が重複しています: {'、'.join(named)}。番号を直すか「番号を振り直す」を使ってください。")
    if not numbers:
        raise ValidationError("チェックリストに項目がありません。")
    for cat in definition.categories:
        if not cat.name.strip():
            raise ValidationError("名称のない区分があります。")
        for item in cat.items:
            if not item.number.strip() or not item.text.strip():
                raise ValidationError(f"項目番号または項目の文言が空の項目があります（{item.number or cat.name}）。")
            unknown = set(item.kinds) - set(CHECKLIST_KINDS)
            if unknown:
                raise ValidationError(f"項目 {item.number} の対象区分が正しくありません: {'、'.join(sorted(unknown))}")
            if not item.kinds:
                raise ValidationError(f"項目 {item.number} の対象区分がありません。")


def _add_contents(session: Session, template: ChecklistTemplate, definition: TemplateDefinition) -> None:
    position = 0
    for cat_position, cat in enumerate(definition.categories, start=1):
        category = TemplateCategory(template=template, code=cat.code, name=cat.name, position=cat_position)
        session.add(category)
        for item in cat.items:
            position += 1
            session.add(
                TemplateItem(
                    template=template,
                    category=category,
                    number=item.number,
                    text=item.text,
                    guidance=item.guidance,
                    important=item.important,
                    kinds=",".join(k for k in CHECKLIST_KINDS if k in item.kinds),
                    position=position,
                )
            )


def create_template(session: Session, definition: TemplateDefinition, valid_from_fy: int) -> ChecklistTemplate:
    """Store ``definition`` as the next version of the template of that name."""
    validate_definition(definition)
    previous = session.scalars(
        select(ChecklistTemplate.version).where(ChecklistTemplate.name == definition.name)
    ).all()
    template = ChecklistTemplate(
        name=definition.name, version=max(previous, default=0) + 1, valid_from_fy=valid_from_fy
    )
    session.add(template)
    _add_contents(session, template, definition)
    session.flush()
    return template


def template_for_year(session: Session, fy: int) -> ChecklistTemplate | None:
    """The template version in force in ``fy``: the newest one that starts on or before it."""
    return session.scalars(
        select(ChecklistTemplate)
        .where(ChecklistTemplate.valid_from_fy <= fy)
        .order_by(ChecklistTemplate.valid_from_fy.desc(), ChecklistTemplate.version.desc())
    ).first()


# ---------------------------------------------------------------------------------------
# Editing and versioning


def latest_template(session: Session) -> ChecklistTemplate | None:
    """The newest version (the one that applies from the latest fiscal year)."""
    return session.scalars(
        select(ChecklistTemplate).order_by(ChecklistTemplate.valid_from_fy.desc(), ChecklistTemplate.version.desc())
    ).first()


def list_templates(session: Session) -> list[ChecklistTemplate]:
    return list(session.scalars(select(ChecklistTemplate).order_by(ChecklistTemplate.valid_from_fy, ChecklistTemplate.version)))


def definition_of(template: ChecklistTemplate) -> TemplateDefinition:
    categories = []
    for category in template.categories:
        items = [
            ItemDefinition(
                number=item.number,
                text=item.text,
                guidance=item.guidance,
                important=bool(item.important),
                kinds=tuple(k for k in CHECKLIST_KINDS if item.applies_to(k)),
            )
            for item in sorted(category.items, key=lambda i: i.position)
        ]
        categories.append(CategoryDefinition(category.code, category.name, items))
    return TemplateDefinition(template.name, categories)


def answered_years(session: Session, template_id: int | None = None) -> list[int]:
    """Fiscal years with at least one stored answer (optionally on one template version)."""
    query = select(func.distinct(Checklist.fy)).join(Answer, Answer.checklist_id == Checklist.id)
    if template_id is not None:
        query = query.where(Checklist.template_id == template_id)
    return sorted(session.scalars(query))


def first_editable_fy(session: Session) -> int | None:
    """The earliest fiscal year a changed template may apply from: the year after the last
    one with answers (``None`` when nothing has been answered yet)."""
    years = answered_years(session)
    return years[-1] + 1 if years else None


@dataclass
class SaveResult:
    template: ChecklistTemplate
    action: str  # 'unchanged', 'edited' (in place, no answers yet) or 'new_version' (copy forward)


def default_start_fy(session: Session, fallback: int) -> int:
    """The year the template editor offers for saving: a version without answers keeps its
    start year (never before the first editable year); otherwise the first year allowed
    (``fallback``, the year on screen, while nothing has been answered)."""
    earliest = first_editable_fy(session)
    latest = latest_template(session)
    if latest is not None and not answered_years(session, latest.id):
        return max(latest.valid_from_fy, earliest or latest.valid_from_fy)
    return earliest if earliest is not None else fallback


def plan_save(session: Session, definition: TemplateDefinition, from_fy: int | None = None) -> SavePlan:
    """The version rule (core.versioning), in one place for the template editor and the
    Excel import. Raises ValidationError for a year that breaks the rule or a definition
    that breaks validate_definition."""
    validate_definition(definition)
    latest = latest_template(session)
    return plan_version(
        session,
        ChecklistTemplate,
        name=definition.name,
        latest=latest,
        unchanged=latest is not None and definition_of(latest) == definition,
        all_answered=answered_years(session),
        latest_answered=answered_years(session, latest.id) if latest is not None else (),
        from_fy=from_fy,
    )


def save_template(session: Session, definition: TemplateDefinition, from_fy: int | None = None) -> SaveResult:
    """Store an edited or imported definition as the template in force from ``from_fy`` on,
    as :func:`plan_save` says. Empty checklists (no answers) of the affected years switch to
    the saved version."""
    plan = plan_save(session, definition, from_fy)
    if plan.action == "unchanged":
        return SaveResult(plan.current, "unchanged")
    if plan.action == "edited":
        _replace_contents(session, plan.current, definition, plan.from_fy)
        _rebind_empty_checklists(session, plan.current, plan.from_fy)
        return SaveResult(plan.current, "edited")
    template = create_template(session, definition, plan.from_fy)
    _rebind_empty_checklists(session, template, plan.from_fy)
    return SaveResult(template, "new_version")


def _replace_contents(
    session: Session, template: ChecklistTemplate, definition: TemplateDefinition, from_fy: int
) -> None:
    """Edit a version that has no answers: its rows are replaced by the definition's."""
    if definition.name != template.name:
        taken = session.scalars(
            select(ChecklistTemplate).where(
                ChecklistTemplate.name == definition.name, ChecklistTemplate.version == template.version
            )
        ).first()
        if taken is not None:
            raise ValidationError(f"テンプレート「{definition.name}」第{template.version}版は既にあります。")
    validate_definition(definition)
    template.items.clear()
    template.categories.clear()
    session.flush()
    template.name = definition.name
    template.valid_from_fy = from_fy
    _add_contents(session, template, definition)
    session.flush()


def _rebind_empty_checklists(session: Session, template: ChecklistTemplate, from_fy: int) -> None:
    for checklist in session.scalars(select(Checklist).where(Checklist.fy >= from_fy)):
        if not checklist.answers and checklist.template_id != template.id:
            checklist.template_id = template.id
    session.flush()
