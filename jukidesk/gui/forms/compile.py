"""Recompile every ``ui/*.ui`` into ``jukidesk/gui/forms/ui_<name>.py``.

Run ``python -m jukidesk.gui.forms.compile`` after editing a Designer file. Each generated
file starts with a header naming its source and the source's SHA-256, which a test compares
with the ``.ui`` file so a form that was not recompiled is caught.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

FORMS_DIR = Path(__file__).resolve().parent
UI_DIR = FORMS_DIR.parents[2] / "ui"

HEADER = (
    "# Generated from ui/{ui_name} — do not edit.\n"
    "# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile\n"
    "# source-sha256: {digest}\n"
)


def source_digest(ui_file: Path) -> str:
    return hashlib.sha256(ui_file.read_bytes()).hexdigest()


def form_path(ui_file: Path, forms_dir: Path = FORMS_DIR) -> Path:
    return forms_dir / f"ui_{ui_file.stem}.py"


def recorded_digest(form_file: Path) -> str | None:
    for line in form_file.read_text(encoding="utf-8").splitlines()[:5]:
        if line.startswith("# source-sha256: "):
            return line.split(": ", 1)[1].strip()
    return None


def uic_command() -> list[str]:
    """Qt's uic shipped inside the PySide6 wheel (``pyside6-uic`` is a wrapper around it)."""
    import PySide6

    for name in ("uic", "uic.exe"):
        binary = Path(PySide6.__file__).resolve().parent / "Qt" / "libexec" / name
        if binary.exists():
            return [str(binary), "-g", "python"]
        binary = Path(PySide6.__file__).resolve().parent / name  # Windows wheels
        if binary.exists():
            return [str(binary), "-g", "python"]
    wrapper = shutil.which("pyside6-uic")
    if wrapper:
        return [wrapper]
    raise RuntimeError("uic が見つかりません（PySide6 をインストールしてください）。")


def compile_form(ui_file: Path, forms_dir: Path = FORMS_DIR) -> Path:
    result = subprocess.run(
        [*uic_command(), ui_file.name],
        cwd=ui_file.parent,
        capture_output=True,
        check=True,
    )
    code = result.stdout.decode("utf-8").replace("\r\n", "\n")
    target = form_path(ui_file, forms_dir)
    target.write_text(HEADER.format(ui_name=ui_file.name, digest=source_digest(ui_file)) + code, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    ui_files = sorted(UI_DIR.glob("*.ui"))
    for ui_file in ui_files:
        target = compile_form(ui_file)
        print(f"{ui_file.relative_to(UI_DIR.parent)} -> {target.relative_to(UI_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
