"""Writing export files safely: into a temporary file in the same folder, renamed into
place only when complete, so a failure or a cancel never leaves a half-written file
under the real name."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from jukidesk.base.errors import JukideskError


@contextlib.contextmanager
def atomic_output(target: Path | str) -> Iterator[Path]:
    """``with atomic_output(path) as tmp: write(tmp)`` — ``path`` appears only on success."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise JukideskError(f"保存先のフォルダ {target.parent} を作成できません: {exc.strerror}") from exc
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix + ".part", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise JukideskError(
                f"{target} に保存できません。Excel などで開いている場合は閉じてから、もう一度実行してください。"
            ) from exc
        except OSError as exc:
            raise JukideskError(f"{target} に保存できません: {exc.strerror}") from exc
    finally:
        tmp.unlink(missing_ok=True)


def readable_name(path: Path | str) -> str:
    """The file name as text that can be stored and printed: a name that is not valid
    UTF-8 on disk (kept by Python as lone surrogates) shows U+FFFD for the bad bytes."""
    return Path(path).name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
