"""A fresh Linux desktop without Qt's X11 libraries, or no display at all: a Japanese
message naming the packages, exit 1, no core dump (issue 22)."""

from __future__ import annotations

import os
import subprocess
import sys

from jukidesk.gui.platform_check import debian_package, missing_libraries, problem

LDD = """/x/libqxcb.so:
\tlibQt6XcbQpa.so.6 => /x/libQt6XcbQpa.so.6 (0x1)
\tlibxcb-icccm.so.4 => not found
\tlibxkbcommon-x11.so.0 => not found
/x/libQt6XcbQpa.so.6:
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
"""


def test_missing_libraries_are_named_with_their_debian_packages():
    assert missing_libraries(LDD) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0"]
    assert [debian_package(n) for n in missing_libraries(LDD)] == ["libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"]
    text = problem({"DISPLAY": ":0"}, "linux", LDD)
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0" in text


def test_nothing_to_say_when_qt_can_start():
    assert problem({"DISPLAY": ":0"}, "linux", "") is None
    assert problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", LDD) is None
    assert problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", LDD) is None
    assert problem({}, "win32", LDD) is None


def test_no_display_is_explained_instead_of_a_core_dump(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_DATA_HOME=str(tmp_path / "d"))
    result = subprocess.run([sys.executable, "-m", "jukidesk", "--demo"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "ディスプレイ" in result.stderr and "Traceback" not in result.stderr
