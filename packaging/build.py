"""Build the frozen jukidesk folder with PyInstaller and report its size.

    python packaging/build.py [--dist DIR]

The result is DIR/jukidesk/ (default dist/jukidesk/) with the program ``jukidesk``
(``jukidesk.exe`` on Windows) inside. Needs ``pip install pyinstaller``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def folder_size(path: Path) -> int:
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = parser.parse_args()
    if sys.platform == "win32":
        write_version_info()
    subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
            "--distpath", str(args.dist), "--workpath", str(args.work),
            str(ROOT / "packaging" / "jukidesk.spec"),
        ],
        check=True,
    )
    out = args.dist / "jukidesk"
    print(f"built {out} ({folder_size(out) / 1e6:.0f} MB)")
    return 0


def write_version_info() -> None:
    """A Windows version resource: unsigned executables without one look suspicious to antivirus."""
    sys.path.insert(0, str(ROOT))
    from jukidesk import __version__

    parts = (__version__.split(".") + ["0", "0", "0"])[:4]
    numbers = ", ".join(str(int(p)) for p in parts)
    (ROOT / "packaging" / "version_info.txt").write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers=({numbers}), prodvers=({numbers})),
  kids=[StringFileInfo([StringTable('041104B0', [
    StringStruct('CompanyName', 'jukidesk'),
    StringStruct('FileDescription', 'jukidesk 住基ネット監査事務'),
    StringStruct('FileVersion', '{__version__}'),
    StringStruct('ProductName', 'jukidesk'),
    StringStruct('ProductVersion', '{__version__}')])]),
    VarFileInfo([VarStruct('Translation', [0x0411, 1200])])]
)
""",
        encoding="utf-8",
    )


if __name__ == "__main__":
    sys.exit(main())
