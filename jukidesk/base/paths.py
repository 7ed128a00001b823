"""Where files live: bundled resources (from source or a frozen build) and user data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "jukidesk"


def resource_root() -> Path:
    """The ``resources/`` folder: inside a PyInstaller bundle, inside the installed package
    (setup.py copies it there when a wheel is built), or beside the package in a checkout."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    package = Path(__file__).resolve().parent.parent  # jukidesk/, from jukidesk/base/paths.py
    installed = package / "resources"
    return installed if installed.is_dir() else package.parent / "resources"


def resource(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def font_path(role: str) -> Path:
    """The bundled TrueType font for a role: 'gothic', 'mincho' or 'gothic_bold'."""
    return resource("fonts", FONT_FILES[role])


FONT_FILES = {"gothic": "ipaexg.ttf", "mincho": "ipaexm.ttf", "gothic_bold": "BIZUDGothic-Bold.ttf"}


def default_database_path() -> Path:
    """``JUKIDESK_DB`` if set, else ``jukidesk.sqlite`` in the user data folder."""
    env = os.environ.get("JUKIDESK_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "jukidesk.sqlite"
