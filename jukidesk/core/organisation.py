"""Starting a new organisation's file: the few settings asked at the first start (their labels
and defaults come from ``core.settings.SPECS``) and, optionally, the bundled standard
checklist template so checklists can be sent out at once.

Used by the GUI's first-run dialog (gui/first_run.py); everything happens in the caller's
transaction, so a rejected entry leaves nothing behind.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.core.settings import SPEC_BY_KEY, save_settings

# Asked at the first start, in this order; everything else keeps its default and is edited
# later in 設定 → 組織の設定.
FIRST_RUN_KEYS: tuple[str, ...] = (
    "org_name",
    "org_short_name",
    "security_officer_title",
    "security_officer_section",
    "network_admin_title",
    "cycle_first_fy",
)
REQUIRED_KEYS = frozenset({"org_name", "security_officer_title", "network_admin_title"})

FIRST_FY_RANGE = (1989, 2100)  # 平成元年度 … ; the registry and the audit cycles start here
STANDARD_TEMPLATE = "standard_checklist.toml"


def first_run_values(values: dict[str, Any]) -> dict[str, Any]:
    """The entered values, stripped and checked; raises ``ValidationError`` naming the field."""
    clean: dict[str, Any] = {}
    for key in FIRST_RUN_KEYS:
        spec = SPEC_BY_KEY[key]
        value = values.get(key, spec.default)
        if spec.type is str:
            value = str(value or "").strip()
            if key in REQUIRED_KEYS and not value:
                raise ValidationError(f"「{spec.label}」を入力してください。", key)
        elif spec.type is int:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise ValidationError(f"「{spec.label}」には年度を西暦の数字で入力してください（入力値: {value}）。", key) from None
        clean[key] = value
    first, last = FIRST_FY_RANGE
    if not first <= clean["cycle_first_fy"] <= last:
        label = SPEC_BY_KEY["cycle_first_fy"].label
        raise ValidationError(f"「{label}」は {first}〜{last} の西暦で入力してください（入力値: {clean['cycle_first_fy']}）。", "cycle_first_fy")
    return clean


def start_organisation(session: Session, values: dict[str, Any], *, standard_template: bool = True) -> dict[str, Any]:
    """Store the first-run settings (and the standard checklist template, valid from the first
    cycle year) in an empty file. Returns the stored values."""
    from jukidesk.base.paths import resource
    from jukidesk.core.templates import create_template, latest_template, read_template_toml

    clean = first_run_values(values)
    save_settings(session, clean)
    if standard_template and latest_template(session) is None:
        definition = read_template_toml(resource("templates", STANDARD_TEMPLATE))
        create_template(session, definition, clean["cycle_first_fy"])
    return clean
