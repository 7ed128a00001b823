"""The institution registry (機関台帳), effective-dated by fiscal year.

An institution is valid from ``valid_from_fy`` to ``valid_until_fy`` inclusive
(``Institution.valid_in``, usable on an institution and in a query). Retiring one sets its
last fiscal year: it stays in earlier years' reports and leaves later ones.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.storage.models import INSTITUTION_KINDS, Institution, report_name_of, valid_in_clause, valid_in_years
from jukidesk.storage.plain import plain_rows


@dataclass
class InstitutionData:
    """What a user enters for an institution (the dialog and imports fill this)."""

    code: str
    name: str
    short_name: str = ""
    kind: str = "user"
    has_terminal: bool = False
    head_title: str = ""
    address: str = ""
    valid_from_fy: int = 2008
    valid_until_fy: int | None = None

    @classmethod
    def of(cls, institution: Institution) -> InstitutionData:
        return cls(**{f.name: getattr(institution, f.name) for f in fields(cls)})

    def cleaned(self) -> InstitutionData:
        data = InstitutionData(**asdict(self))
        for name in ("code", "name", "short_name", "head_title", "address"):
            setattr(data, name, (getattr(data, name) or "").strip())
        return data


@dataclass(frozen=True)
class InstitutionRow:
    """A plain snapshot of one institution (no ORM object: it may cross threads and is
    what the registry table shows)."""

    id: int
    position: int  # 1-based place in registry order, counting every institution
    data: InstitutionData

    def valid_in(self, fy: int) -> bool:
        """``Institution.valid_in``'s rule, on the snapshot."""
        return valid_in_years(self.data.valid_from_fy, self.data.valid_until_fy, fy)


_DATA_FIELDS = tuple(f.name for f in fields(InstitutionData))


def registry_rows(session: Session) -> list[InstitutionRow]:
    """The whole registry in registry order as plain rows, read in one query of plain
    columns (no ORM objects are built; the registry tab reads this on the worker thread).
    The table's own columns, not the mapped attributes: SQLAlchemy compiles a Core select
    in a fraction of the time of an ORM one, and the tab's first read pays that compile."""
    table = Institution.__table__.c
    query = select(table.id, *(table[name] for name in _DATA_FIELDS)).order_by(table.sort_order, table.id)
    return [
        InstitutionRow(row[0], position, InstitutionData(*row[1:]))
        for position, row in enumerate(plain_rows(session, query), 1)
    ]


_INSTITUTION = Institution.__table__.c
# The columns of a :class:`Registered` (Core: a paper's select may add them to its own).
REGISTERED_COLUMNS = (
    _INSTITUTION.id, _INSTITUTION.name, _INSTITUTION.short_name, _INSTITUTION.kind, _INSTITUTION.has_terminal
)


@dataclass(frozen=True)
class Registered:
    """An institution as the papers print it, as plain values (no ORM object)."""

    id: int
    name: str
    short_name: str
    kind: str
    has_terminal: bool

    @classmethod
    def of(cls, row) -> Registered:
        """From a row holding :data:`REGISTERED_COLUMNS`."""
        return cls(row.id, row.name, row.short_name, row.kind, row.has_terminal)

    @property
    def report_name(self) -> str:
        return report_name_of(self.short_name, self.name)


_YEAR_REGISTRY = (
    select(*REGISTERED_COLUMNS)
    .where(valid_in_clause(_INSTITUTION.valid_from_fy, _INSTITUTION.valid_until_fy, bindparam("fy")))
    .order_by(_INSTITUTION.sort_order, _INSTITUTION.id)
)


def year_registry(session: Session, fy: int) -> list[Registered]:
    """:func:`list_institutions` ``(session, fy)`` as plain values, read as table columns."""
    return [Registered.of(row) for row in plain_rows(session, _YEAR_REGISTRY, {"fy": fy}).all()]


def list_institutions(session: Session, fy: int | None = None) -> list[Institution]:
    """The registry in registry order; only those valid in ``fy`` when it is given."""
    query = select(Institution).order_by(Institution.sort_order, Institution.id)
    if fy is not None:
        query = query.where(Institution.valid_in(fy))
    return list(session.scalars(query))


def validate(session: Session, data: InstitutionData, *, institution_id: int | None = None) -> InstitutionData:
    """Check ``data`` against every registry rule; return it cleaned or raise ``ValidationError``."""
    data = data.cleaned()
    if not data.code:
        raise ValidationError("機関コードを入力してください。", "code")
    if not data.name:
        raise ValidationError("機関名を入力してください。", "name")
    if data.kind not in INSTITUTION_KINDS:
        raise ValidationError(f"区分が正しくありません: {data.kind}", "kind")
    if data.kind == "operator" and data.has_terminal:
        # Terminal institutions are the ones external audits visit; only 事務利用機関 are audited.
        raise ValidationError("業務端末設置機関にできるのは事務利用機関だけです。", "has_terminal")
    if data.valid_until_fy is not None and data.valid_until_fy < data.valid_from_fy:
        raise ValidationError(
            f"有効期間の終了年度（{data.valid_until_fy}年度）が開始年度（{data.valid_from_fy}年度）より前です。",
            "valid_until_fy",
        )
    others = select(Institution).where(Institution.id != institution_id) if institution_id else select(Institution)
    if session.scalars(others.where(Institution.code == data.code)).first():
        raise ValidationError(f"機関コード「{data.code}」は既に使われています。", "code")
    if session.scalars(others.where(Institution.name == data.name)).first():
        raise ValidationError(f"機関名「{data.name}」は既に登録されています。", "name")
    return data


def add_institution(session: Session, data: InstitutionData) -> Institution:
    data = validate(session, data)
    last = session.scalar(select(func.max(Institution.sort_order))) or 0
    institution = Institution(**asdict(data), sort_order=last + 1)
    session.add(institution)
    session.flush()
    return institution


def update_institution(session: Session, institution_id: int, data: InstitutionData) -> Institution:
    institution = _get(session, institution_id)
    data = validate(session, data, institution_id=institution_id)
    for key, value in asdict(data).items():
        setattr(institution, key, value)
    session.flush()
    return institution


def retire_institution(session: Session, institution_id: int, last_fy: int) -> Institution:
    """Keep the institution up to and including ``last_fy``; it leaves the registry after."""
    institution = _get(session, institution_id)
    if last_fy < institution.valid_from_fy:
        raise ValidationError(
            f"最終年度（{last_fy}年度）が有効開始年度（{institution.valid_from_fy}年度）より前です。",
            "valid_until_fy",
        )
    institution.valid_until_fy = last_fy
    session.flush()
    return institution


def move_institution(session: Session, institution_id: int, offset: int) -> None:
    """Move an institution ``offset`` places in registry order (negative = up)."""
    ordered = list_institutions(session)
    index = next(i for i, inst in enumerate(ordered) if inst.id == institution_id)
    target = max(0, min(len(ordered) - 1, index + offset))
    if target == index:
        return
    ordered.insert(target, ordered.pop(index))
    for position, inst in enumerate(ordered, start=1):
        inst.sort_order = position
    session.flush()


def _get(session: Session, institution_id: int) -> Institution:
    institution = session.get(Institution, institution_id)
    if institution is None:
        raise ValidationError("指定された機関が見つかりません（削除された可能性があります）。")
    return institution
