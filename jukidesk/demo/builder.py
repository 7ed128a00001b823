"""Build a demo database from ``resources/demo/<name>.toml``."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from sqlalchemy.orm import Session

from jukidesk.base.errors import JukideskError
from jukidesk.base.paths import resource
from jukidesk.core.registry import InstitutionData, add_institution
from jukidesk.core.scoring import FULL_SCORE, is_low
from jukidesk.core.settings import save_settings
from jukidesk.core.templates import create_template, read_template_toml
from jukidesk.storage.database import open_database
from jukidesk.storage.models import Answer, Audit, Checklist, ChecklistTemplate, Finding, YearNote

DEMO_AUDITED_METHODS = {
    "internal": "hearing,documents,site_visit",
    "external": "hearing,site_visit,log_analysis",
    "followup": "site_visit,documents",
}


def parse_scores(text: str) -> dict[str, int]:
    """'3-2:2 9-4:1' → {'3-2': 2, '9-4': 1}."""
    scores = {}
    for token in text.split():
        number, _, score = token.partition(":")
        scores[number] = int(score)
    return scores


def write_demo(path: Path, *, name: str = "nagano", force: bool = False) -> Path:
    """Write the demo database to ``path`` (refuses an existing file unless ``force``), or
    to the server database of a ``postgresql+psycopg://…`` URL (emptied first with ``force``)."""
    from jukidesk.storage.adapter import storage_for

    storage = storage_for(path)
    if storage.kind != "sqlite":
        if storage.exists():
            if not force:
                raise JukideskError(f"{storage.display} には既にデータがあります。上書きする場合は --force を指定してください。")
            from jukidesk.storage.server import clear_server_database

            clear_server_database(storage.location)
        _write(storage.target, tomllib.loads(resource("demo", f"{name}.toml").read_text(encoding="utf-8")))
        return storage.target
    path = Path(path)
    if path.exists():
        if not force:
            raise JukideskError(f"{path} は既に存在します。上書きする場合は --force を指定してください。")
        from jukidesk.storage.lock import check_not_in_use

        check_not_in_use(path)  # never delete a file that a jukidesk window has open
        path.unlink()
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    definition = tomllib.loads(resource("demo", f"{name}.toml").read_text(encoding="utf-8"))
    _write(path, definition)
    return path


def _write(path, definition: dict) -> None:
    db = open_database(path)
    try:
        with db.transaction() as session:
            _populate(session, definition)
            if "municipal" in definition:  # a city demo: roster, training, inspections, meetings …
                from jukidesk.demo.municipal import populate_municipal

                populate_municipal(session, definition["municipal"])
    finally:
        db.close()


def _populate(session: Session, demo: dict) -> None:
    save_settings(session, demo["settings"])
    institutions = {}
    for entry in demo["institution"]:
        data = InstitutionData(
            code=entry["code"],
            name=entry["name"],
            short_name=entry.get("short_name", ""),
            kind=entry.get("kind", "user"),
            has_terminal=entry.get("terminal", False),
            head_title=entry.get("head_title", ""),
            address=entry.get("address", ""),
            valid_from_fy=entry.get("valid_from_fy", demo["template_from_fy"]),
            valid_until_fy=entry.get("valid_until_fy"),
        )
        institutions[data.code] = add_institution(session, data)
    template = create_template(
        session, read_template_toml(resource("templates", demo["checklist_template"])), demo["template_from_fy"]
    )
    findings_text = demo.get("findings", {})

    for fy_text, per_institution in demo.get("self", {}).items():
        fy = int(fy_text)
        for code, inst in institutions.items():
            if inst.valid_in(fy):
                _answer(session, template, fy, "self", inst.id, parse_scores(per_institution.get(code, "")), findings_text)

    audits_by_cycle_item: list[tuple[Audit, Finding]] = []
    for block in demo.get("audit", []):
        kind, fy = block["kind"], block["fy"]
        has_result = block.get("result", True)
        scores = block.get("scores", {})
        for code, starts_at in block["at"]:
            audit = Audit(
                fy=fy,
                kind=kind,
                institution_id=institutions[code].id,
                status=block.get("status", "reported"),
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=2),
                place=institutions[code].address,
                auditors=demo["auditors"][kind],
                methods=DEMO_AUDITED_METHODS[kind],
                notified_on=(starts_at.date() - dt.timedelta(days=14)) if block.get("status") != "planned" else None,
            )
            session.add(audit)
            session.flush()
            if block.get("confirms_cycle"):
                _confirm_findings(session, audit, audits_by_cycle_item)
                continue
            if not has_result:
                continue
            item_scores = parse_scores(scores.get(code, ""))
            checklist = _answer(session, template, fy, kind, institutions[code].id, item_scores, findings_text)
            for answer in checklist.answers:
                if is_low(answer.score):
                    text = findings_text.get(answer.item.number, {})
                    finding = Finding(
                        audit=audit,
                        item_id=answer.item_id,
                        content=text.get("finding", answer.remark),
                        response=text.get("response", ""),
                        due_date=starts_at.date() + dt.timedelta(days=90),
                        status="in_progress",
                    )
                    session.add(finding)
                    audits_by_cycle_item.append((audit, finding))
    for fy_text, notes in demo.get("notes", {}).items():
        for key, text in notes.items():
            session.add(YearNote(fy=int(fy_text), key=key, text=text.strip()))
    session.flush()


def _answer(
    session: Session,
    template: ChecklistTemplate,
    fy: int,
    kind: str,
    institution_id: int,
    low_scores: dict[str, int],
    findings_text: dict,
) -> Checklist:
    """A completed checklist: every applicable item full marks unless listed in ``low_scores``."""
    checklist = Checklist(
        fy=fy,
        kind=kind,
        institution_id=institution_id,
        template_id=template.id,
        status="complete",
        filled_on=dt.date(fy, 9, 30),
        completed_at=dt.datetime(fy, 9, 30, 17, 0),
    )
    session.add(checklist)
    known = {item.number for item in template.items}
    unknown = set(low_scores) - known
    if unknown:
        raise JukideskError(f"デモ定義に存在しない項目番号があります: {'、'.join(sorted(unknown))}")
    for item in template.items:
        if not item.applies_to(kind):
            continue
        score = low_scores.get(item.number, FULL_SCORE)
        remark = findings_text.get(item.number, {}).get("finding", "") if is_low(score) else ""
        checklist.answers.append(Answer(item=item, score=score, remark=remark))
    session.flush()
    return checklist


def _confirm_findings(session: Session, followup: Audit, open_findings: list[tuple[Audit, Finding]]) -> None:
    """A follow-up audit confirms the findings of earlier audits of the same institution."""
    for audit, finding in open_findings:
        if audit.institution_id == followup.institution_id and finding.status != "confirmed":
            finding.status = "confirmed"
            finding.confirmed_by_audit_id = followup.id
            finding.confirmed_on = followup.starts_at.date()
