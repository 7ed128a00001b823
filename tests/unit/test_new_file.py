"""``jukidesk new``: an empty file with the default settings and the standard checklist
template; an existing file is refused and a refused value leaves no file."""

from __future__ import annotations

import pytest

from jukidesk.actions.new_file import new_file
from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.cli import main
from jukidesk.core.registry import list_institutions
from jukidesk.core.settings import load_settings
from jukidesk.core.templates import latest_template
from jukidesk.storage.database import open_database


def _open(path):
    return open_database(path, create=False)


def test_new_makes_an_empty_file_with_settings_and_the_standard_template(tmp_path, capsys):
    path = tmp_path / "県.sqlite"
    assert main(["new", "--db", str(path), "--organisation", "長野県", "--first-cycle", "H20"]) == 0
    assert "作成しました" in capsys.readouterr().out
    db = _open(path)
    try:
        with db.session() as session:
            settings = load_settings(session)
            assert settings["org_name"] == "長野県" and settings["org_short_name"] == "県"
            assert settings["cycle_first_fy"] == 2008
            template = latest_template(session)
            assert template is not None and template.valid_from_fy == 2008 and template.items
            assert list_institutions(session) == []
    finally:
        db.close()


def test_a_city_and_an_existing_file(tmp_path, capsys):
    path = tmp_path / "市.sqlite"
    new_file(path, "みどり市", kind="city", first_cycle_fy=2024)
    db = _open(path)
    try:
        with db.session() as session:
            assert load_settings(session)["org_short_name"] == "市"
    finally:
        db.close()
    before = path.read_bytes()
    with pytest.raises(JukideskError, match="既に存在します"):
        new_file(path, "別の市")
    assert path.read_bytes() == before
    assert main(["new", "--db", str(path), "--organisation", "別の市"]) == 1
    assert "既に存在します" in capsys.readouterr().err


def test_a_refused_value_leaves_no_file(tmp_path):
    path = tmp_path / "x.sqlite"
    with pytest.raises(ValidationError):
        new_file(path, "  ")
    with pytest.raises(ValidationError):
        new_file(path, "長野県", first_cycle_fy=1900)
    assert not path.exists()
