"""The city demo (みどり市) built once per run; each test gets its own copy."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

# The demo's explicit reference date (settings.reference_date in resources/demo/city.toml).
DEMO_TODAY = dt.date(2026, 11, 20)
DEMO_FY = 2026


@pytest.fixture(autouse=True)
def _municipal_pc_screen(monkeypatch):
    """The free part of a 1366×768 screen for windows that fit themselves to it (offscreen
    Qt's own screen is 800×600); see tests/gui/conftest.py."""
    from PySide6.QtCore import QRect

    from jukidesk.gui import widgets

    monkeypatch.setattr(widgets, "available_rect", lambda _widget: QRect(0, 0, 1366, 728))


@pytest.fixture(scope="session")
def city_template(tmp_path_factory) -> Path:
    from jukidesk.demo.builder import write_demo

    return write_demo(tmp_path_factory.mktemp("city") / "city.sqlite", name="city")


@pytest.fixture
def city_path(city_template, tmp_path) -> Path:
    target = tmp_path / "city.sqlite"
    shutil.copy(city_template, target)
    return target


@pytest.fixture
def city_db(city_path):
    from jukidesk.storage.database import open_database

    db = open_database(city_path)
    yield db
    db.close()


@pytest.fixture
def ctx():
    from jukidesk.core.municipal.records import Context

    return Context(DEMO_FY, DEMO_TODAY)
