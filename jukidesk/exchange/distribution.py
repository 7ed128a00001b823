"""Sending the self-inspection workbooks out and taking the returned ones in, a folder at a time.

``distribute_workbooks`` writes one workbook per institution (``checklist_xlsx``) and records
that the year's workbooks went out (``year_event``: the home tab's 自己点検の配布).

``check_returned`` takes a folder (or dropped files): every ``.xlsx`` in it is hashed; a
file whose content was imported before is skipped, never imported twice; the rest are
checked by ``checklist_xlsx.plan_import``. Files with errors are rejected with their
reasons (file, sheet, cell). ``apply_returned`` then writes every valid file in the
caller's ONE transaction (all or nothing for the batch) and records its hash in
``imported_file``; the action between them takes the backup only when something will be
written. ``import_returned`` does both in one session.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.base.files import readable_name
from jukidesk.base.progress import Progress, report
from jukidesk.core.year_events import record_event
from jukidesk.exchange.checklist_xlsx import (
    FileImport,
    ImportPlan,
    ImportResult,
    apply_import,
    export_checklists,
    plan_import,
)
from jukidesk.exchange.problems import Problem
from jukidesk.storage.models import ImportedFile

WORKBOOK_SUFFIX = ".xlsx"
MAX_FILES = 500  # a folder with more is almost certainly the wrong one


def distribute_workbooks(
    session: Session, fy: int, folder: Path | str, *, progress: Progress | None = None
) -> list[Path]:
    """Write every institution's self-inspection workbook for ``fy`` into ``folder`` and
    record it (in the caller's transaction)."""
    folder = Path(folder)
    paths = export_checklists(session, fy, "self", folder, progress=progress)
    record_event(session, fy, "export", count=len(paths), detail=str(folder))
    return paths


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Rejected:
    name: str
    reasons: tuple[str, ...]

    def text(self) -> str:
        return f"{self.name}: " + " / ".join(self.reasons)


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str


@dataclass
class FolderImport:
    """The outcome of one folder (or drop) import."""

    imported: list[str] = field(default_factory=list)  # file names whose contents were written
    unchanged: list[str] = field(default_factory=list)  # valid, but nothing new in them (not recorded)
    rejected: list[Rejected] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # imported before, or a copy in the batch
    ignored: list[str] = field(default_factory=list)  # not .xlsx
    warnings: list[Problem] = field(default_factory=list)
    result: ImportResult | None = None

    @property
    def changed(self) -> bool:
        return bool(self.imported)

    def lines(self) -> list[str]:
        head = f"取り込み {len(self.imported)}件"
        if self.unchanged:
            head += f"・変更なし {len(self.unchanged)}件"
        lines = [head + f"・取り込めないファイル {len(self.rejected)}件・取り込み済みのため省略 {len(self.skipped)}件"]
        if self.result is not None and self.result.completed:
            lines.append(f"完了: {len(self.result.completed)}機関")
        if self.result is not None and self.result.still_open:
            lines.append(f"入力中のまま（未入力または備考のない3点未満あり）: {'、'.join(self.result.still_open)}")
        for rejected in self.rejected:
            lines.append(f"[取り込めません] {rejected.text()}")
        for skipped in self.skipped:
            lines.append(f"[省略] {skipped.name}: {skipped.reason}")
        for problem in self.warnings:
            lines.append(str(problem))
        if self.ignored:
            lines.append(f"Excel ブック（.xlsx）以外のファイル {len(self.ignored)}件は対象外です。")
        return [line.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for line in lines]


def workbook_files(paths: list[Path | str]) -> tuple[list[Path], list[str]]:
    """The .xlsx files among ``paths`` (a folder stands for the files directly in it) and
    the names of the other files. Excel's lock files (~$…) and hidden files are left out."""
    found: list[Path] = []
    others: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            entries = sorted(p for p in path.iterdir() if p.is_file())
        elif path.is_file():
            entries = [path]
        else:
            raise JukideskError(f"{path} が見つかりません。")
        for entry in entries:
            if entry.name.startswith(("~$", ".")):
                continue
            if entry.suffix.lower() == WORKBOOK_SUFFIX:
                found.append(entry)
            else:
                others.append(readable_name(entry))
    if len(found) > MAX_FILES:
        raise ValidationError(f"Excel ブックが {len(found)} 件あります（一度に {MAX_FILES} 件まで）。フォルダを確かめてください。")
    return found, others


@dataclass
class ReturnedCheck:
    """The returned workbooks read and checked (nothing written yet): the outcome so far
    (rejected, skipped, ignored files, warnings) and the valid files to write."""

    outcome: FolderImport
    accepted: list[FileImport] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # file name → SHA-256

    @property
    def writes(self) -> bool:
        """Whether applying it changes the data (a valid file with something new in it)."""
        return any(file.changed for file in self.accepted)


def check_returned(
    session: Session,
    paths: list[Path | str],
    *,
    fy: int | None = None,
    progress: Progress | None = None,
) -> ReturnedCheck:
    """Read and check every returned workbook among ``paths`` (folders and/or files);
    nothing is written. ``fy``: the year expected (a file of another year is rejected)."""
    files, others = workbook_files(paths)
    outcome = FolderImport(ignored=others)
    if not files:
        raise ValidationError("取り込む Excel ブック（.xlsx）がありません。")
    known = {
        row.sha256: row for row in session.scalars(select(ImportedFile))
    }
    candidates: list[tuple[Path, str]] = []
    seen: dict[str, str] = {}
    names: set[str] = set()
    for done, path in enumerate(files):
        report(progress, done, len(files), readable_name(path))
        digest = file_sha256(path)
        if digest in known:
            row = known[digest]
            outcome.skipped.append(
                Skipped(readable_name(path), f"同じ内容のファイル（{row.file_name}）を {row.imported_at:%Y-%m-%d %H:%M} に取り込み済みです。")
            )
        elif digest in seen:
            outcome.skipped.append(Skipped(readable_name(path), f"{seen[digest]} と同じ内容です。"))
        elif path.name in names:
            outcome.rejected.append(
                Rejected(readable_name(path), ("同じ名前の別のファイルが一緒に指定されています。フォルダを分けて取り込んでください。",))
            )
        else:
            seen[digest] = readable_name(path)
            names.add(path.name)
            candidates.append((path, digest))
    if not candidates:
        return ReturnedCheck(outcome)
    checked = plan_import(session, [p for p, _ in candidates], fy=fy, progress=progress)
    # Refusals by path: a name that is not valid UTF-8 has a readable name unlike path.name,
    # and the plan checks everything the write would, so each bad book is refused alone.
    for refused in checked.refused:
        outcome.rejected.append(Rejected(refused.name, refused.reasons()))
    refused_names = {refused.name for refused in checked.refused}
    accepted = checked.files
    outcome.warnings = [p for p in checked.warnings if p.file not in refused_names]
    return ReturnedCheck(outcome, accepted, {p.name: d for p, d in candidates})


def apply_returned(session: Session, check: ReturnedCheck) -> FolderImport:
    """Write the valid files of ``check`` in the caller's ONE transaction and record their
    hashes; returns the outcome with what was imported."""
    outcome = check.outcome
    if not check.accepted:
        return outcome
    if not check.writes:  # valid, but nothing new in any of them: the data is not touched
        outcome.result = ImportResult()
        outcome.unchanged += [readable_name(file.path) for file in check.accepted]
        return outcome
    outcome.result = apply_import(session, ImportPlan(check.accepted, outcome.warnings, replace=False))
    for file in check.accepted:
        if not file.changed:  # nothing new in it (e.g. a blank form): not taken in, not recorded
            outcome.unchanged.append(readable_name(file.path))
            continue
        session.add(
            ImportedFile(
                sha256=check.digests[file.path.name],
                file_name=readable_name(file.path),
                fy=file.fy,
                kind=file.kind,
                institution_id=file.institution_id,
            )
        )
        outcome.imported.append(readable_name(file.path))
    session.flush()
    return outcome


def import_returned(
    session: Session,
    paths: list[Path | str],
    *,
    fy: int | None = None,
    progress: Progress | None = None,
) -> FolderImport:
    """Check and import every valid returned workbook among ``paths`` in the caller's
    transaction (``actions.year.import_workbooks`` checks first, backs up, then writes)."""
    return apply_returned(session, check_returned(session, paths, fy=fy, progress=progress))
