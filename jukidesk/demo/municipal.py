"""The municipal part of a demo (``[municipal]`` in ``resources/demo/city.toml``).

Every record goes through the same core services and rules as the GUI and the imports,
so the demo is also a check that the rules accept realistic data. One small function per
view; ``populate_municipal`` calls them in order.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.fiscal import fiscal_year_of
from jukidesk.base.paths import resource
from jukidesk.core.calendar import closed_days, is_working_day
from jukidesk.core.municipal import contracts, council, emergency, internal_audit, meetings, roster, rules, survey, training
from jukidesk.core.municipal.inspections import (
    InspectionEntry,
    month_end,
    record_inspection,
    save_template,
    template_for,
)
from jukidesk.core.municipal.records import Context, add_record, update_record
from jukidesk.core.settings import reference_date
from jukidesk.storage.models import Institution
from jukidesk.storage.models_municipal import CommitteeMember, Staff


def populate_municipal(session: Session, data: dict) -> None:
    today = reference_date(session)
    ctx = Context(fiscal_year_of(today), today)
    sites = {inst.code: inst for inst in session.scalars(select(Institution))}
    _roster(session, data.get("roster", []), ctx)
    _staff(session, data.get("staff", []), sites, ctx)
    _courses(session, data.get("course", []), ctx)
    _emergency(session, data.get("emergency", {}), data.get("drill", []), ctx)
    _inspections(session, data, sites, today)
    _committee(session, data.get("committee", {}), ctx)
    _meetings(session, data.get("meeting", []), ctx)
    _register(session, data.get("register", {}), data.get("outsourcing", {}), ctx)
    _survey(session, data.get("survey", {}))
    _council_decisions(session, data.get("council_decision", []), ctx)
    _internal_audit_reports(session, data.get("internal_audit_report", []), ctx)
    session.flush()


def _optional(row: list, index: int):
    return row[index] if len(row) > index else None


def _roster(session: Session, rows: list, ctx: Context) -> None:
    for row in rows:
        role, title, person, section, starts = row[:5]
        add_record(session, roster.ROSTER, {
            "role": role, "title": title, "person": person, "section": section,
            "starts_on": starts, "ends_on": _optional(row, 5),
        }, ctx)


def _staff(session: Session, rows: list, sites: dict, ctx: Context) -> None:
    for row in rows:
        code, name, site, starts = row[:4]
        add_record(session, training.STAFF, {
            "code": code, "name": name, "institution_id": sites[site].id,
            "starts_on": starts, "ends_on": _optional(row, 4),
        }, ctx)


def _courses(session: Session, courses: list, ctx: Context) -> None:
    staff = {s.code: s for s in session.scalars(select(Staff))}
    for entry in courses:
        course_ctx = Context(entry["fy"], ctx.as_of)
        course = add_record(session, training.COURSE, {
            "kind": entry["kind"], "title": entry["title"], "planned_from": entry.get("planned_from"),
            "planned_until": entry.get("planned_until"), "due_on": entry.get("due_on"),
            "required": entry.get("required", True),
        }, course_ctx)
        for code, day in entry.get("completed", {}).items():
            add_record(session, training.COMPLETION, {"staff_id": staff[code].id, "completed_on": day},
                       course_ctx.with_parent(course.id))


def _emergency(session: Session, documents: dict, drills: list, ctx: Context) -> None:
    for kind, title, version, revised, note in documents.get("documents", []):
        add_record(session, emergency.EMERGENCY_DOCUMENT,
                   {"kind": kind, "title": title, "version": version, "revised_on": revised, "note": note}, ctx)
    for drill in drills:
        add_record(session, emergency.DRILL, dict(drill), ctx)


def _inspections(session: Session, data: dict, sites: dict, today: dt.date) -> None:
    items = data.get("inspection_items")
    if not items:
        return
    for kind in ("daily", "monthly"):
        save_template(session, kind, items[kind], items[f"{kind}_from"])
    closed = closed_days(session)

    def record(kind: str, site: str, day: dt.date, block: dict) -> None:
        failed = {}
        for f_site, f_day, position, remark in block.get("failed", []):
            if f_site == site and f_day == day:
                template = template_for(session, kind, day)
                failed[template.items[position - 1].id] = remark
        entry = InspectionEntry(kind, sites[site].id, day, failed, block["inspectors"][site])
        record_inspection(session, entry, today=today)

    daily = data.get("daily")
    if daily:
        gaps = {(site, day) for site, day in daily.get("gaps", [])}
        day = daily["from"]
        while day <= daily["until"]:
            if is_working_day(day, closed):
                for site in daily["inspectors"]:
                    if (site, day) not in gaps:
                        record("daily", site, day, daily)
            day += dt.timedelta(days=1)
    monthly = data.get("monthly")
    if monthly:
        month = monthly["from"]
        while month <= monthly["until"]:
            for site in monthly["inspectors"]:
                record("monthly", site, month, monthly)
            month = month_end(month) + dt.timedelta(days=1)


def _committee(session: Session, committee: dict, ctx: Context) -> None:
    for name, affiliation, role, start, end in committee.get("members", []):
        add_record(session, meetings.MEMBER, {
            "name": name, "affiliation": affiliation, "role": role, "term_start": start, "term_end": end,
        }, ctx)


def _meetings(session: Session, entries: list, ctx: Context) -> None:
    members = {m.name: m for m in session.scalars(select(CommitteeMember))}
    for entry in entries:
        day = entry.get("materials_sent_on") if entry.get("written") else entry.get("held_on")
        meeting_ctx = Context(fiscal_year_of(day), ctx.as_of)
        values = {k: v for k, v in entry.items() if k not in ("agenda", "attendance", "replies")}
        meeting = add_record(session, meetings.MEETING, values, meeting_ctx)
        child = meeting_ctx.with_parent(meeting.id)
        for position, row in enumerate(entry.get("agenda", [])):
            if len(row) == 3:  # an item of its own: [title, report, decision]
                add_record(session, meetings.AGENDA, {"title": row[0], "report": row[1], "decision": row[2]}, child)
            else:  # the report and decision of the standing item at this position
                item = meeting.agenda[position]
                item.report, item.decision = row
        for name, capacity in entry.get("attendance", []):
            member = members.get(name)
            add_record(session, meetings.ATTENDANCE, {
                "member_id": member.id if member else None, "name": name, "capacity": capacity, "present": True,
            }, child)
        for name, received, opinion in entry.get("replies", []):
            add_record(session, meetings.REPLY, {
                "member_id": members[name].id, "received_on": received,
                "has_opinion": bool(opinion), "opinion": opinion,
            }, child)


def _register(session: Session, register: dict, outsourcing: dict, ctx: Context) -> None:
    for row in register.get("rules", []):
        kind, title, status = row[:3]
        add_record(session, rules.RULE, {
            "kind": kind, "title": title, "status": status, "version": _optional(row, 3) or "",
            "revised_on": _optional(row, 4), "next_review_on": _optional(row, 5),
        }, ctx)
    for vendor, subject, start, end, number, expires, checked, note in outsourcing.get("contracts", []):
        add_record(session, contracts.CONTRACT, {
            "vendor": vendor, "subject": subject, "starts_on": start, "ends_on": end,
            "privacy_mark_number": number, "privacy_mark_expires_on": expires,
            "requirements_checked": checked is not None, "checked_on": checked, "note": note,
        }, ctx)


def _survey(session: Session, data: dict) -> None:
    """The 調査票's item list with its links to the register, and each year's answers: the
    first year answered outright, each later one started from the year before (carried as
    未確認, 未整備 from the register) and then reviewed, except the ``unconfirmed`` items."""
    if not data:
        return
    definition = survey.read_survey_toml(resource("templates", data.get("template", survey.STANDARD_FILE)))
    links = data.get("links", {})
    definition.questions = [
        survey.QuestionDefinition(q.chapter, q.number, q.text, tuple(links.get(q.number, ()))) for q in definition.questions
    ]
    survey.save_template(session, definition, data["from_fy"])
    years = sorted(data.get("answers", {}), key=int)
    for index, fy_text in enumerate(years):
        fy = int(fy_text)
        answers = data["answers"][fy_text]
        if index:
            survey.start_year(session, fy)
        for question in survey.template_for_year(session, fy).questions:
            if index and index == len(years) - 1 and question.number in data.get("unconfirmed", []):
                continue
            status, note = answers.get(question.number, ["done", ""])
            survey.answer_question(session, fy, question.id, status, note)

def _council_decisions(session: Session, entries: list, ctx: Context) -> None:
    members = {m.name: m for m in session.scalars(select(CommitteeMember))}
    for entry in entries:
        decision_ctx = Context(fiscal_year_of(entry["sent_on"]), ctx.as_of)
        values = {k: v for k, v in entry.items() if k != "replies"}
        decision = add_record(session, council.COUNCIL_DECISION, values, decision_ctx)
        for name, received, answer, opinion in entry.get("replies", []):
            add_record(session, council.COUNCIL_REPLY, {
                "member_id": members[name].id, "received_on": received, "answer": answer, "opinion": opinion,
            }, decision_ctx.with_parent(decision.id))


def _internal_audit_reports(session: Session, entries: list, ctx: Context) -> None:
    for entry in entries:
        report_ctx = Context(entry["fy"], ctx.as_of)
        audit = internal_audit.audit_of(session, entry["fy"], entry["institution"])
        report = add_record(session, internal_audit.REPORT, {
            "audit_id": audit.id, "reported_on": entry["reported_on"], "auditors": entry.get("auditors", ""),
            "scope": entry.get("scope", ""), "summary": entry.get("summary", ""),
        }, report_ctx)
        child = report_ctx.with_parent(report.id)
        rows = {m.method: m for m in report.methods}
        for method, no_problem, result in entry.get("methods", []):
            values = {"method": method, "no_problem": no_problem, "result": result}
            if method in rows:
                update_record(session, internal_audit.METHOD, rows[method].id, values, child)
            else:
                add_record(session, internal_audit.METHOD, values, child)
        for method, content, owner, due, status, done, response in entry.get("proposals", []):
            add_record(session, internal_audit.PROPOSAL, {
                "method": method, "content": content, "owner": owner, "due_on": due, "status": status,
                "done_on": done or None, "response": response,
            }, child)
