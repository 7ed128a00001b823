"""Checklist templates: definitions read from TOML and stored as versioned rows."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.core.errors import ValidationError
from jukidesk.storage.models import CHECKLIST_KINDS, ChecklistTemplate, TemplateCategory, TemplateItem


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


def create_template(session: Session, definition: TemplateDefinition, valid_from_fy: int) -> ChecklistTemplate:
    """Store ``definition`` as the next version of the template of that name."""
    numbers = [item.number for cat in definition.categories for item in cat.items]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        raise ValidationError(f"項目番号が重複しています: {'、'.join(duplicates)}")
    if not numbers:
        raise ValidationError("チェックリストに項目がありません。")
    previous = session.scalars(
        select(ChecklistTemplate.version).where(ChecklistTemplate.name == definition.name)
    ).all()
    template = ChecklistTemplate(
        name=definition.name, version=max(previous, default=0) + 1, valid_from_fy=valid_from_fy
    )
    session.add(template)
    position = 0
    for cat_position, cat in enumerate(definition.categories, start=1):
        category = TemplateCategory(template=template, code=cat.code, name=cat.name, position=cat_position)
        session.add(category)
        for item in cat.items:
            position += 1
            unknown = set(item.kinds) - set(CHECKLIST_KINDS)
            if unknown:
                raise ValidationError(f"項目 {item.number} の対象区分が正しくありません: {'、'.join(sorted(unknown))}")
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
    session.flush()
    return template


def template_for_year(session: Session, fy: int) -> ChecklistTemplate | None:
    """The template version in force in ``fy``: the newest one that starts on or before it."""
    return session.scalars(
        select(ChecklistTemplate)
        .where(ChecklistTemplate.valid_from_fy <= fy)
        .order_by(ChecklistTemplate.valid_from_fy.desc(), ChecklistTemplate.version.desc())
    ).first()
