"""The papers jukidesk makes, each registered ONCE here.

A :class:`Paper` says everything the actions (``actions.papers``), the ``report`` commands
and ``reports.issued`` need to know about it:

- ``code`` and ``label`` (資料2 ``"shiryo2"``, the committee summary ``"committee"``, the
  audit notices ``"notices"``, the calendar month ``"calendar"``);
- ``parameters(session, options)``: what besides the year decides its content, as plain
  JSON data fixed when the paper is made or issued (the committee summary's reference date;
  the notices' audits, date and first number);
- ``build(session, fy, parameters)``: its document, computed once (a
  :class:`~jukidesk.reports.document.Document` for 資料2 and the committee summary, the
  notice letters, a month view);
- ``renderers``: format → ``draw(document, target) -> Path`` (atomic writes);
- ``file_stem(session, fy, parameters)``: the default file name without its suffix, made
  safe by :func:`default_file_name`;
- ``event``: the year event recorded whenever it is made (資料2: ``report_generated``, step 8
  of the home tab), whichever door made it;
- ``issuable``: it can be kept as issued (発行済, ``reports.issued``): a ``Document`` drawn
  as xlsx and PDF.

Adding a paper is one :func:`register` call. Qt-free.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, PAPER_LABELS
from jukidesk.core.settings import load_settings, reference_date, year_style

Renderer = Callable[[Any, Path], Path]
ISSUED_FORMATS = ("xlsx", "pdf")  # what an issued paper keeps (reports.issued)

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\s]')


def _no_parameters(_session: Session, _options: Mapping[str, Any]) -> dict:
    return {}


@dataclass(frozen=True)
class Paper:
    code: str
    label: str
    build: Callable[[Session, int, Mapping[str, Any]], Any]
    renderers: Mapping[str, Renderer]
    file_stem: Callable[[Session, int, Mapping[str, Any]], str]
    parameters: Callable[[Session, Mapping[str, Any]], dict] = _no_parameters
    event: str | None = None
    issuable: bool = False

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.renderers)


PAPERS: dict[str, Paper] = {}


def register(paper: Paper) -> Paper:
    """Make ``paper`` known to the actions, the commands and the issued papers."""
    if paper.issuable and not set(ISSUED_FORMATS) <= set(paper.renderers):
        raise ValueError(f"an issuable paper needs the renderers {ISSUED_FORMATS}: {paper.code}")
    PAPERS[paper.code] = paper
    return paper


def get_paper(code: str) -> Paper:
    paper = PAPERS.get(code)
    if paper is None:
        raise ValidationError(f"報告書の種類が正しくありません: {code}（{' / '.join(PAPERS)}）")
    return paper


def issuable_papers() -> tuple[str, ...]:
    return tuple(code for code, paper in PAPERS.items() if paper.issuable)


def paper_label(code: str) -> str:
    """The paper's label; an unknown code (a paper no longer registered) as it is."""
    paper = PAPERS.get(code)
    return paper.label if paper is not None else code


def paper_parameters(session: Session, code: str, options: Mapping[str, Any] | None = None) -> dict:
    return get_paper(code).parameters(session, options or {})


def build_paper(session: Session, code: str, fy: int, parameters: Mapping[str, Any] | None = None) -> Any:
    """The paper's document from today's data; ``parameters`` as :func:`paper_parameters`
    gives them (computed when not given)."""
    paper = get_paper(code)
    if parameters is None:
        parameters = paper.parameters(session, {})
    return paper.build(session, fy, parameters)


def render_paper(code: str, document: Any, fmt: str, target: Path | str) -> Path:
    paper = get_paper(code)
    draw = paper.renderers.get(fmt)
    if draw is None:
        raise ValidationError(f"{paper.label}は {' / '.join(paper.formats)} で保存できます（{fmt} は使えません）。")
    return draw(document, Path(target))


def safe_file_stem(text: str) -> str:
    """``text`` fit for a file name on Windows: path separators, reserved characters and
    spaces become ``_``."""
    return _UNSAFE.sub("_", text).strip("._") or "_"


def default_file_name(
    session: Session, code: str, fy: int, fmt: str, parameters: Mapping[str, Any] | None = None
) -> str:
    """The name a paper is saved under unless the clerk picks another: ``資料２_平成26年度.pdf``."""
    paper = get_paper(code)
    if parameters is None:
        parameters = paper.parameters(session, {})
    return f"{safe_file_stem(paper.file_stem(session, fy, parameters))}.{fmt}"


def _year_label(session: Session, fy: int) -> str:
    return year_style(session).label(fy, fullwidth=False)


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


# ---------------------------------------------------------------------- 資料2


def _build_shiryo2(session: Session, fy: int, _parameters: Mapping[str, Any]):
    from jukidesk.reports.shiryo2 import build_shiryo2

    return build_shiryo2(session, fy)


def _document_renderers(sheet_title: str) -> dict[str, Renderer]:
    def xlsx(document, target: Path) -> Path:
        from jukidesk.reports.xlsx_renderer import render_xlsx

        return render_xlsx(document, target, sheet_title=sheet_title)

    def pdf(document, target: Path) -> Path:
        from jukidesk.reports.pdf_renderer import render_pdf

        return render_pdf(document, target)

    return {"xlsx": xlsx, "pdf": pdf}


def _shiryo2_stem(session: Session, fy: int, _parameters: Mapping[str, Any]) -> str:
    return f"{load_settings(session)['report_label'] or '資料2'}_{_year_label(session, fy)}"


register(
    Paper(
        code="shiryo2",
        label=PAPER_LABELS["shiryo2"],
        build=_build_shiryo2,
        renderers=_document_renderers("資料2"),
        file_stem=_shiryo2_stem,
        event="report_generated",
        issuable=True,
    )
)


# ---------------------------------------------------------------------- committee summary


def _committee_parameters(session: Session, options: Mapping[str, Any]) -> dict:
    """The reference date the inspections are counted to (given, else the setting's, else today)."""
    return {"as_of": reference_date(session, _date(options.get("as_of"))).isoformat()}


def _build_committee(session: Session, fy: int, parameters: Mapping[str, Any]):
    from jukidesk.reports.committee import build_committee

    return build_committee(session, fy, as_of=_date(parameters.get("as_of")))


register(
    Paper(
        code="committee",
        label=PAPER_LABELS["committee"],
        build=_build_committee,
        renderers=_document_renderers("審議会報告"),
        file_stem=lambda session, fy, _p: f"審議会報告_{_year_label(session, fy)}",
        parameters=_committee_parameters,
        issuable=True,
    )
)


# ---------------------------------------------------------------------- internal audit report


def _internal_audit_parameters(_session: Session, options: Mapping[str, Any]) -> dict:
    try:
        return {"audit_id": int(options["audit_id"])}
    except (KeyError, TypeError, ValueError):
        raise ValidationError("内部監査報告書を作る監査を指定してください。") from None


def _build_internal_audit(session: Session, fy: int, parameters: Mapping[str, Any]):
    from jukidesk.reports.internal_audit import build_internal_audit

    return build_internal_audit(session, fy, parameters["audit_id"])


def _internal_audit_stem(session: Session, fy: int, parameters: Mapping[str, Any]) -> str:
    from jukidesk.storage.models import Audit

    audit = session.get(Audit, parameters["audit_id"])
    name = audit.institution.name if audit is not None else str(parameters["audit_id"])
    return f"内部監査報告書_{_year_label(session, fy)}_{name}"


register(
    Paper(
        code="internal_audit",
        label=PAPER_LABELS.get("internal_audit", "内部監査報告書"),
        build=_build_internal_audit,
        renderers=_document_renderers("内部監査報告書"),
        file_stem=_internal_audit_stem,
        parameters=_internal_audit_parameters,
        issuable=True,  # 発行済 per audit: the audit id is among the fixed parameters
    )
)


# ---------------------------------------------------------------------- audit notices


def _notice_parameters(session: Session, options: Mapping[str, Any]) -> dict:
    """Which letters (``audit_ids``, or ``kind`` with an optional ``institution`` code), their
    date (default: the organisation's reference date) and first document number."""
    audit_ids = options.get("audit_ids")
    kind = options.get("kind")
    if audit_ids is None and not kind:
        raise ValidationError("通知する監査（監査の一覧、または監査区分）を指定してください。")
    return {
        "audit_ids": [int(i) for i in audit_ids] if audit_ids is not None else None,
        "kind": kind or None,
        "institution": options.get("institution") or None,
        "date": _iso(_date(options.get("date"))),  # asked for explicitly; else each letter's own
        "reference": reference_date(session, _date(options.get("reference"))).isoformat(),
        "first_number": options.get("first_number"),
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _build_notices(session: Session, fy: int, parameters: Mapping[str, Any]):
    from jukidesk.reports.notices import build_notices, notices_for_audits

    date, reference = _date(parameters.get("date")), _date(parameters.get("reference"))
    if parameters.get("audit_ids") is not None:
        return notices_for_audits(
            session, fy, parameters["audit_ids"], date=date, reference=reference, first_number=parameters.get("first_number")
        )
    return build_notices(
        session,
        fy,
        parameters["kind"],
        institution_code=parameters.get("institution"),
        date=date,
        reference=reference,
        first_number=parameters.get("first_number"),
    )


def _notices_pdf(letters, target: Path) -> Path:
    from jukidesk.reports.notices import render_notices_pdf

    return render_notices_pdf(letters, target)


def _notices_stem(session: Session, fy: int, parameters: Mapping[str, Any]) -> str:
    kind = parameters.get("kind")
    if kind and parameters.get("audit_ids") is None:
        return f"通知_{CHECKLIST_KIND_LABELS.get(kind, kind)}_{_year_label(session, fy)}"
    return f"監査実施通知_{fy}_{_date(parameters.get('date') or parameters['reference']):%Y%m%d}"


register(
    Paper(
        code="notices",
        label="監査実施通知",
        build=_build_notices,
        renderers={"pdf": _notices_pdf},
        file_stem=_notices_stem,
        parameters=_notice_parameters,
    )
)


# ---------------------------------------------------------------------- calendar month


@dataclass(frozen=True)
class CalendarSheet:
    """A month of the audit calendar as printed: the month view and the organisation."""

    view: Any  # core.calendar.MonthView
    organisation: str = ""


def _calendar_parameters(_session: Session, options: Mapping[str, Any]) -> dict:
    try:
        year, month = int(options["year"]), int(options["month"])
    except (KeyError, TypeError, ValueError):
        raise ValidationError("印刷する月（年と月）を指定してください。") from None
    if not 1 <= month <= 12:
        raise ValidationError(f"月は 1〜12 で指定してください: {month}")
    return {"year": year, "month": month}


def _build_calendar(session: Session, _fy: int, parameters: Mapping[str, Any]) -> CalendarSheet:
    from jukidesk.core.calendar import month_view

    view = month_view(session, parameters["year"], parameters["month"])
    return CalendarSheet(view, load_settings(session).get("org_name", ""))


def _calendar_pdf(sheet: CalendarSheet, target: Path) -> Path:
    from jukidesk.reports.calendar_pdf import write_month_pdf

    return write_month_pdf(sheet.view, target, organisation=sheet.organisation)


register(
    Paper(
        code="calendar",
        label="監査カレンダー（月）",
        build=_build_calendar,
        renderers={"pdf": _calendar_pdf},
        file_stem=lambda _s, _fy, p: f"監査予定_{p['year']}-{p['month']:02d}",
        parameters=_calendar_parameters,
    )
)
