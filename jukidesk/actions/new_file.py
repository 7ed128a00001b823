"""``jukidesk new``: a new organisation's empty data file, with the default settings and the
standard checklist template (the same start as the GUI's 新しく始める, through
``actions.files.start_organisation``). An existing file is never touched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jukidesk.actions.base import Outcome
from jukidesk.actions.files import start_organisation
from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.core.organisation import FIRST_RUN_KEYS, first_run_values
from jukidesk.core.settings import SPEC_BY_KEY
from jukidesk.storage.database import open_database

ORGANISATION_KINDS = ("prefecture", "city")
# What the kind of organisation changes in the defaults (everything else: core.settings).
_KIND_DEFAULTS: dict[str, dict[str, Any]] = {
    "prefecture": {"org_short_name": "県"},
    "city": {"org_short_name": "市"},
}


def new_file(
    path: Path | str, organisation: str, *, kind: str = "prefecture", first_cycle_fy: int | None = None
) -> Outcome[Path]:
    """Create ``path`` for ``organisation`` (refuses a file already there). A refused value
    (``ValidationError``) leaves no file behind."""
    from jukidesk.storage.adapter import storage_for

    storage = storage_for(path)
    if kind not in ORGANISATION_KINDS:
        raise ValidationError(f"組織の種類は {' / '.join(ORGANISATION_KINDS)} のどちらかです（指定: {kind}）。", "kind")
    if storage.kind != "sqlite":  # a server database: an empty one made by its administrator
        if storage.exists():
            raise JukideskError(f"{storage.display} には既に jukidesk のデータがあります。")
        path = storage.target
    else:
        path = Path(path)
        for candidate in (path, Path(f"{path}-wal")):
            if candidate.exists():
                raise JukideskError(f"{candidate} は既に存在します。新しいファイルは、まだないファイル名で作ってください。")
    values: dict[str, Any] = {**_KIND_DEFAULTS[kind], "org_name": organisation}
    if first_cycle_fy is not None:
        values["cycle_first_fy"] = first_cycle_fy
    full = {key: values.get(key, SPEC_BY_KEY[key].default) for key in FIRST_RUN_KEYS}
    first_run_values(full)  # a refused value creates no file
    db = open_database(path)
    try:
        done = start_organisation(db, full)
    except BaseException:
        db.close()
        if storage.kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    db.close()
    return Outcome(path, done.changes, None)
