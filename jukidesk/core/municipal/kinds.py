"""Every municipal record kind and the views that group them (the GUI's left-hand list,
the sheets of the xlsx export), declared once."""

from __future__ import annotations

from dataclasses import dataclass

from jukidesk.core.municipal.contracts import CONTRACT
from jukidesk.core.municipal.council import COUNCIL_DECISION, COUNCIL_REPLY
from jukidesk.core.municipal.emergency import DRILL, EMERGENCY_DOCUMENT
from jukidesk.core.municipal.inspections import INSPECTION
from jukidesk.core.municipal.internal_audit import METHOD, PROPOSAL, REPORT
from jukidesk.core.municipal.meetings import AGENDA, ATTENDANCE, MEETING, MEMBER, REPLY
from jukidesk.core.municipal.records import RecordKind
from jukidesk.core.municipal.roster import ROSTER
from jukidesk.core.municipal.rules import RULE
from jukidesk.core.municipal.training import COMPLETION, COURSE, STAFF

RECORD_KINDS: dict[str, RecordKind] = {
    kind.key: kind
    for kind in (
        ROSTER,
        STAFF,
        COURSE,
        COMPLETION,
        EMERGENCY_DOCUMENT,
        DRILL,
        INSPECTION,
        MEETING,
        AGENDA,
        ATTENDANCE,
        REPLY,
        MEMBER,
        RULE,
        CONTRACT,
        COUNCIL_DECISION,
        COUNCIL_REPLY,
        REPORT,
        METHOD,
        PROPOSAL,
    )
}

# A child list shows the records of the row selected in its parent list.
PARENT_OF = {
    "completion": "course", "agenda": "meeting", "attendance": "meeting", "reply": "meeting",
    "council_reply": "council_decision",
    "audit_method": "audit_report", "audit_proposal": "audit_report",
}


@dataclass(frozen=True)
class View:
    key: str
    label: str
    kinds: tuple[str, ...]


VIEWS: tuple[View, ...] = (
    View("roster", "名簿", ("roster",)),
    View("training", "職員・研修", ("course", "completion", "staff")),
    View("emergency", "緊急時対応", ("emergency_document", "drill")),
    View("inspections", "日次・月次点検", ("inspection",)),
    View("meetings", "会議・審議会", ("meeting", "agenda", "attendance", "reply", "member")),
    View("rules", "例規・手順書", ("rule",)),
    View("contracts", "委託契約", ("contract",)),
    View("survey", "調査票", ()),  # its own page (gui/survey_page.py), no record lists
    View("council", "審議会の開催要否", ("council_decision", "council_reply")),
    View("internal_audit", "内部監査報告書", ("audit_report", "audit_method", "audit_proposal")),
)

VIEW_BY_KEY = {view.key: view for view in VIEWS}
