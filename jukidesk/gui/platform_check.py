"""Before Qt starts on Linux: can it show a window at all? Qt's X11 plugin (xcb) needs
system libraries that a fresh desktop may lack (libxcb-icccm4, libxcb-keysyms1 …); without
them, or without any display, Qt aborts the process with a core dump and an English message
that names the wrong cause. This says in Japanese what is missing and how to install it.
Qt-free on purpose: it runs before the first Qt import that could abort."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

_NOT_FOUND = re.compile(r"^\s*(\S+\.so(?:\.\d+)*)\s*=>\s*not found", re.MULTILINE)


def debian_package(library: str) -> str:
    """'libxcb-icccm.so.4' → 'libxcb-icccm4'; 'libxkbcommon-x11.so.0' → 'libxkbcommon-x11-0'."""
    base, _, version = library.partition(".so")
    version = version.lstrip(".").split(".")[0]
    return f"{base}{'-' if base[-1:].isdigit() else ''}{version}"


def _plugin_files() -> list[Path]:
    import PySide6  # the package only: no Qt library is loaded yet

    root = Path(PySide6.__file__).resolve().parent / "Qt"
    return [root / "plugins" / "platforms" / "libqxcb.so", root / "lib" / "libQt6XcbQpa.so.6"]


def missing_libraries(ldd_output: str | None = None) -> list[str]:
    """The shared libraries the xcb plugin needs and the system does not have (``ldd``)."""
    if ldd_output is None:
        ldd = shutil.which("ldd")
        files = [str(p) for p in _plugin_files() if p.exists()]
        if ldd is None or not files:
            return []
        import subprocess  # only on an X11 desktop: offscreen, Wayland and Windows start without it

        try:
            ldd_output = subprocess.run([ldd, *files], capture_output=True, text=True, timeout=20).stdout
        except (OSError, subprocess.SubprocessError):
            return []
    return sorted(set(_NOT_FOUND.findall(ldd_output)))


def problem(environ=os.environ, platform: str = sys.platform, ldd_output: str | None = None) -> str | None:
    """A Japanese explanation when the window cannot be shown here, else ``None``."""
    if not platform.startswith("linux"):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if chosen and chosen != "xcb":
        return None  # offscreen, wayland, vnc …: Qt's own business
    if not environ.get("DISPLAY"):
        if environ.get("WAYLAND_DISPLAY") and not chosen:
            return None
        return (
            "画面（ディスプレイ）が見つからないため、jukidesk のウィンドウを表示できません。\n"
            "デスクトップの端末から起動してください。画面のない環境でコマンドだけを使うときは jukidesk --help を参照してください。"
        )
    missing = missing_libraries(ldd_output)
    if not missing:
        return None
    packages = " ".join(debian_package(name) for name in missing)
    return (
        "ウィンドウの表示に必要なシステムのライブラリが足りません: " + "、".join(missing) + "\n"
        f"Debian / Ubuntu では次のコマンドで入れてから、もう一度起動してください:\n  sudo apt-get install {packages}"
    )
