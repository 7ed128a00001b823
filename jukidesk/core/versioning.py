"""The version rule of an item list answered year by year (the checklist template and the
調査票's item list): an unchanged list changes nothing; the newest version is edited in
place while it has no answers; otherwise a new version starts from a year after the last
one with answers, so past years keep the items they were answered on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError


@dataclass(frozen=True)
class SavePlan:
    """What saving a definition will do (shown before saving, then done by the caller)."""

    action: str  # 'unchanged', 'edited' or 'new_version'
    from_fy: int
    version: int  # the version that will hold the definition
    current: Any | None  # the newest version now
    earliest: int | None  # the first year a changed list may apply from (None: no answers yet)
    answered: tuple[int, ...]  # years with answers on the current version

    def text(self, year=None) -> str:
        """One or two sentences for the editor and the import dialog; ``year`` formats a
        fiscal year (default 「2015年度」)."""
        year = year or (lambda fy: f"{fy}年度")
        current = self.current
        if self.action == "unchanged":
            return "現在の版から変更はありません（保存しても何も変わりません）。"
        if self.action == "edited":
            return (
                f"第{self.version}版にはまだ回答がないため、この版をそのまま書き換えます"
                f"（{year(self.from_fy)}から適用）。"
            )
        if current is None:
            return f"第{self.version}版として登録し、{year(self.from_fy)}から使います。"
        answered = f"{year(self.answered[0])}～{year(self.answered[-1])}" if self.answered else "過去の年度"
        return (
            f"第{current.version}版には回答があるため（{answered}）書き換えず、第{self.version}版を作って"
            f"{year(self.from_fy)}から使います。これまでの回答と平均点は変わりません。"
        )


def plan_version(
    session: Session,
    model: type,
    *,
    name: str,
    latest: Any | None,
    unchanged: bool,
    all_answered: Sequence[int],
    latest_answered: Sequence[int],
    from_fy: int | None,
    what: str = "テンプレート",
) -> SavePlan:
    """The rule for ``model`` (a versioned table with ``name``, ``version`` and
    ``valid_from_fy``): ``latest`` is its newest row, ``unchanged`` whether the definition
    equals it, ``all_answered`` the years with answers on any version and
    ``latest_answered`` those on ``latest``. Raises ValidationError for a year that breaks
    the rule; ``what`` names the list in that message."""
    earliest = all_answered[-1] + 1 if all_answered else None
    answered = tuple(latest_answered)
    if from_fy is None:
        from_fy = earliest if earliest is not None else (latest.valid_from_fy if latest else None)
        if from_fy is None:
            raise ValidationError("適用を始める年度を指定してください。", "from_fy")
    if earliest is not None and from_fy < earliest:
        raise ValidationError(
            f"{earliest - 1}年度までは回答が登録されているため、変更した{what}は"
            f"{earliest}年度以降から適用してください（指定: {from_fy}年度）。",
            "from_fy",
        )
    if latest is not None and unchanged and latest.valid_from_fy <= from_fy:
        return SavePlan("unchanged", latest.valid_from_fy, latest.version, latest, earliest, answered)
    if latest is not None and not answered:
        later = session.scalars(select(model).where(model.id != latest.id, model.valid_from_fy > from_fy)).first()
        if later is None:
            return SavePlan("edited", from_fy, latest.version, latest, earliest, answered)
    if latest is not None and from_fy < latest.valid_from_fy:
        raise ValidationError(
            f"新しい版は、現在の最新版の適用開始年度（{latest.valid_from_fy}年度）以降から適用してください。", "from_fy"
        )
    versions = session.scalars(select(model.version).where(model.name == name)).all()
    return SavePlan("new_version", from_fy, max(versions, default=0) + 1, latest, earliest, answered)
