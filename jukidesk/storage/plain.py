"""Reading plain table columns (SQLAlchemy Core) through an ORM session.

A select of ``Model.__table__`` columns compiles and runs several times cheaper than the
same select of ORM attributes or entities (no ORM compile step, no identity map, and no
mapper configuration when it is the process's first statement): the papers and the tabs
read what they only show this way."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Result
from sqlalchemy.orm import Session


def plain_rows(session: Session, statement, params: Mapping[str, Any] | None = None) -> Result:
    """Run a select of table columns in ``session``, after flushing pending ORM changes as an
    ORM statement would (autoflush): the rows are what the ORM would read."""
    if session.autoflush:
        session.flush()
    return session.execute(statement, params)
