"""Record kinds: each municipal list declared once — its fields (what a form or an import
fills), its columns (what a table, an export or the command line shows) and its rules.

The GUI builds one generic dialog from ``RecordKind.fields``; the GUI tables, the xlsx
exports and the CLI all show ``RecordKind.columns``; every add and edit goes through
``add_record`` / ``update_record``, which check the fields and then the kind's own rules
and raise ``ValidationError`` (Japanese message naming the field, ``.field`` = its key).
Nothing is written unless every check passes; the caller's transaction commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import fiscal_year_bounds, wareki_short
from jukidesk.core.scoring import round_half_up

FIELD_TYPES = ("text", "multiline", "date", "bool", "choice", "combo", "int")


@dataclass(frozen=True)
class Context:
    """What a list is looked at for: the selected fiscal year, the reference date and,
    for a child list (agenda of a meeting …), the parent record's id."""

    fy: int
    as_of: dt.date
    parent_id: int | None = None

    def with_parent(self, parent_id: int | None) -> Context:
        return Context(self.fy, self.as_of, parent_id)


Choices = Callable[[Session, Context], Sequence[tuple[Any, str]]]


@dataclass(frozen=True)
class Field:
    """One input of a record. ``choice`` takes one of ``choices`` (value, label); ``combo``
    is free text with ``choices`` offered as suggestions."""

    key: str
    label: str
    type: str = "text"
    required: bool = False
    choices: Choices | None = None
    default: Callable[[Session, Context], Any] | None = None
    help: str = ""

    def __post_init__(self):
        if self.type not in FIELD_TYPES:
            raise ValueError(f"unknown field type {self.type}")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]  # the raw value: str, date, bool, int, Fraction or None
    width: int = 12  # in half-width characters (Excel's unit; a kanji counts 2)


def _no_rules(session: Session, values: dict, record: Any, ctx: Context) -> None:
    return None


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: str  # 「名簿」…: the list's title
    model: type
    fields: tuple[Field, ...]
    columns: tuple[Column, ...]
    list_records: Callable[[Session, Context], list]
    # Extra rules after the field checks; raise ValidationError(message, field_key).
    rules: Callable[[Session, dict, Any, Context], None] = _no_rules
    # Attributes computed from the cleaned values (e.g. a meeting's fiscal year);
    # ``record`` is None when adding.
    derive: Callable[[Session, dict, Any, Context], dict] | None = None
    after_add: Callable[[Session, Any, Context], None] | None = None
    parent_attr: str | None = None  # set from Context.parent_id on add (e.g. "meeting_id")
    parent_label: str = ""  # what must be selected first, for the message
    record_label: Callable[[Any], str] = field(default=lambda record: str(record.id))
    # What the clerk must see and confirm before saving, although the record is valid (a
    # contract without a Pマーク, a term of another length than the rule's): Japanese
    # sentences. The dialog asks; the command line wants a flag.
    confirmations: Callable[[Session, dict, Any, Context], list[str]] | None = None

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


# ---------------------------------------------------------------- values and display


def parse_date(value: Any, label: str, key: str) -> dt.date | None:
    """A date from a form (date), an xlsx cell (datetime) or typed text (2026-04-01, 2026/4/1)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(
            f"「{label}」の日付が正しくありません（入力値: {value}）。2026-04-01 の形で入力してください。", key
        ) from None


def _clean_value(session: Session, f: Field, value: Any, ctx: Context) -> Any:
    if f.type in ("text", "multiline", "combo"):
        text = "" if value is None else str(value).strip()
        if f.required and not text:
            raise ValidationError(f"「{f.label}」を入力してください。", f.key)
        return text
    if f.type == "date":
        day = parse_date(value, f.label, f.key)
        if f.required and day is None:
            raise ValidationError(f"「{f.label}」を入力してください。", f.key)
        return day
    if f.type == "bool":
        if isinstance(value, str):
            return value.strip() in ("1", "true", "True", "○", "はい")
        return bool(value)
    if f.type == "int":
        if value is None or value == "":
            if f.required:
                raise ValidationError(f"「{f.label}」を入力してください。", f.key)
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValidationError(f"「{f.label}」には整数を入力してください（入力値: {value}）。", f.key) from None
    # choice
    if value is None or value == "":
        if f.required:
            raise ValidationError(f"「{f.label}」を選んでください。", f.key)
        return None
    options = list(f.choices(session, ctx)) if f.choices else []
    for option, text in options:
        if value == option or str(value) == str(option) or str(value) == text:
            return option
    raise ValidationError(f"「{f.label}」の値が正しくありません（入力値: {value}）。", f.key)


def clean(session: Session, kind: RecordKind, raw: dict, ctx: Context, record: Any = None) -> dict:
    """Every field checked and converted, then the kind's rules; raises ``ValidationError``."""
    values = {f.key: _clean_value(session, f, raw.get(f.key), ctx) for f in kind.fields}
    kind.rules(session, values, record, ctx)
    return values


def entry_warnings(session: Session, kind: RecordKind, raw: dict, ctx: Context, record_id: int | None = None) -> list[str]:
    """What saving ``raw`` asks the clerk to confirm (``RecordKind.confirmations``); raises
    ``ValidationError`` as saving would when the values are not valid."""
    record = get_record(session, kind, record_id) if record_id is not None else None
    values = clean(session, kind, raw, ctx, record)
    return list(kind.confirmations(session, values, record, ctx)) if kind.confirmations is not None else []


def defaults(session: Session, kind: RecordKind, ctx: Context) -> dict:
    """The values a new record's form starts with."""
    values = {}
    for f in kind.fields:
        if f.default is not None:
            values[f.key] = f.default(session, ctx)
        elif f.type == "bool":
            values[f.key] = False
        elif f.type in ("date", "choice", "int"):
            values[f.key] = None
        else:
            values[f.key] = ""
    return values


def values_of(kind: RecordKind, record: Any) -> dict:
    return {f.key: getattr(record, f.key) for f in kind.fields}


def _apply(session: Session, kind: RecordKind, record: Any, values: dict, ctx: Context, *, new: bool) -> None:
    derived = kind.derive(session, values, None if new else record, ctx) if kind.derive is not None else {}
    for key, value in {**values, **derived}.items():
        setattr(record, key, value)


def _flush(session: Session, kind: RecordKind) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise ValidationError(f"{kind.label}を保存できません。他の記録と重複しているか、矛盾しています。（{exc.orig}）") from exc


def add_record(session: Session, kind: RecordKind, raw: dict, ctx: Context) -> Any:
    if kind.parent_attr and ctx.parent_id is None:
        raise ValidationError(f"先に{kind.parent_label}を選んでください。")
    values = clean(session, kind, raw, ctx)
    record = kind.model()
    if kind.parent_attr:
        setattr(record, kind.parent_attr, ctx.parent_id)
    _apply(session, kind, record, values, ctx, new=True)
    session.add(record)
    _flush(session, kind)
    if kind.after_add is not None:
        kind.after_add(session, record, ctx)
        _flush(session, kind)
    return record


def get_record(session: Session, kind: RecordKind, record_id: int) -> Any:
    record = session.get(kind.model, record_id)
    if record is None:
        raise ValidationError(f"{kind.label}の記録が見つかりません（削除された可能性があります）。")
    return record


def update_record(session: Session, kind: RecordKind, record_id: int, raw: dict, ctx: Context) -> Any:
    record = get_record(session, kind, record_id)
    values = clean(session, kind, raw, ctx, record)
    _apply(session, kind, record, values, ctx, new=False)
    _flush(session, kind)
    return record


def delete_record(session: Session, kind: RecordKind, record_id: int) -> None:
    record = get_record(session, kind, record_id)
    try:
        with session.begin_nested():
            session.delete(record)
            session.flush()
    except IntegrityError as exc:
        raise ValidationError(
            f"この{kind.label}の記録は他の記録（受講記録・点検記録・調査票の項目など）から参照されているため削除できません。"
        ) from exc


# ---------------------------------------------------------------- tables


@dataclass
class Table:
    """A list as plain data: what the GUI shows, the xlsx export writes and the CLI prints."""

    title: str
    headers: list[str]
    rows: list[list[Any]]
    ids: list[int | None]
    widths: list[int] = field(default_factory=list)

    def text_rows(self) -> list[list[str]]:
        return [[display(value) for value in row] for row in self.rows]


def table(session: Session, kind: RecordKind, ctx: Context) -> Table:
    records = kind.list_records(session, ctx)
    return Table(
        kind.label,
        [c.header for c in kind.columns],
        [[c.value(r) for c in kind.columns] for r in records],
        [r.id for r in records],
        [c.width for c in kind.columns],
    )


def format_rate(value: Fraction | None) -> str:
    """'92.9%' (one decimal, half up); '－' when there is nothing to count."""
    if value is None:
        return "－"
    tenths = round_half_up(Fraction(value) * 100, 1) * 10
    whole, frac = divmod(int(tenths), 10)
    return f"{whole}.{frac}%"


def display(value: Any) -> str:
    """How a raw value reads in a table: dates in 和暦 (R8.11.20), booleans as ○."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "○" if value else ""
    if isinstance(value, dt.datetime):
        return wareki_short(value.date())
    if isinstance(value, dt.date):
        return wareki_short(value)
    if isinstance(value, Fraction):
        return format_rate(value)
    return str(value)


# ---------------------------------------------------------------- shared rules


def check_period(values: dict, start: str, end: str, start_label: str, end_label: str) -> None:
    if values.get(start) and values.get(end) and values[end] < values[start]:
        raise ValidationError(f"「{end_label}」が「{start_label}」より前になっています。", end)


def check_in_fiscal_year(values: dict, key: str, label: str, fy: int, fy_label: str) -> None:
    day = values.get(key)
    if day is None:
        return
    first, last = fiscal_year_bounds(fy)
    if not first <= day <= last:
        raise ValidationError(
            f"「{label}」（{day.isoformat()}）が{fy_label}（{first.isoformat()}～{last.isoformat()}）の外です。", key
        )


def active_on(starts: dt.date, ends: dt.date | None, day: dt.date) -> bool:
    return starts <= day and (ends is None or day <= ends)
