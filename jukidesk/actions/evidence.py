"""Evidence: files attached to an answer, a finding, an audit or a drill (``core.evidence``
keeps the rules: size limit, no programs, SHA-256). One transaction per action: several
files are added all together or not at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from jukidesk.actions.base import Area, Outcome, write
from jukidesk.core import evidence
from jukidesk.core.evidence import AttachmentInfo, Owner
from jukidesk.storage.database import Database

CHANGED = frozenset({Area.EVIDENCE})


def add_attachments(
    db: Database,
    owner: Owner,
    paths: Sequence[Path | str],
    *,
    evidence_date: dt.date | None,
    description: str = "",
) -> Outcome[list[AttachmentInfo]]:
    """Store every file as evidence of ``owner`` — all of them, or none when one is refused
    (too large, a program, unreadable). Value: the stored attachments, in order."""

    def work(session: Session) -> list[AttachmentInfo]:
        added = [
            evidence.add_attachment(session, owner, Path(path), evidence_date=evidence_date, description=description)
            for path in paths
        ]
        return [evidence.attachment_info(session, attachment) for attachment in added]

    return write(db, CHANGED, work)


def update_attachment(
    db: Database, attachment_id: int, *, evidence_date: dt.date | None, description: str
) -> Outcome[AttachmentInfo]:
    """Change an attachment's evidence date and description (the file itself never changes)."""

    def work(session: Session) -> AttachmentInfo:
        attachment = evidence.update_attachment(
            session, attachment_id, evidence_date=evidence_date, description=description
        )
        return evidence.attachment_info(session, attachment)

    return write(db, CHANGED, work)


def remove_attachment(db: Database, attachment_id: int) -> Outcome[str]:
    """Delete an attachment with its content (a backup still holds it). Value: its file name."""

    def work(session: Session) -> str:
        name = evidence.get_attachment(session, attachment_id).file_name
        evidence.delete_attachment(session, attachment_id)
        return name

    return write(db, CHANGED, work)
