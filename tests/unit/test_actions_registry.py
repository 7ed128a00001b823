"""actions.registry and actions.settings on the demo: what is stored, what a refusal leaves
(nothing), and the areas each outcome names."""

import pytest
from sqlalchemy import select

from jukidesk.actions import registry as act
from jukidesk.actions.base import Area
from jukidesk.actions.settings import save_settings
from jukidesk.base.errors import ValidationError
from jukidesk.core.registry import InstitutionData, list_institutions
from jukidesk.core.settings import load_settings
from jukidesk.storage.models import Institution
from tests.conftest import sql_dump


def _codes(db) -> list[str]:
    with db.session() as session:
        return [inst.code for inst in list_institutions(session)]


def _get(db, institution_id) -> Institution:
    with db.session() as session:
        return session.get(Institution, institution_id)


def test_adding_and_editing_an_institution(demo_db):
    added = act.save_institution(demo_db, InstitutionData(code="  999 ", name="新設課", valid_from_fy=2014))
    assert added.changes == {Area.REGISTRY, Area.AUDITS}  # a new 事務利用機関 joins the cycle's plan
    assert _codes(demo_db)[-1] == "999"  # a new institution goes to the end of the registry
    assert (_get(demo_db, added.value.id).code, _get(demo_db, added.value.id).name) == ("999", "新設課")
    edited = act.save_institution(
        demo_db, InstitutionData(code="999", name="新設課", has_terminal=True, valid_from_fy=2014), institution_id=added.value.id
    )
    assert edited.value.id == added.value.id and _get(demo_db, added.value.id).has_terminal


def test_a_refused_institution_stores_nothing_and_names_the_field(demo_db, demo_path):
    before = sql_dump(demo_path)
    with pytest.raises(ValidationError) as caught:
        act.save_institution(demo_db, InstitutionData(code="101", name="別の課"))
    assert caught.value.field == "code" and "既に使われています" in str(caught.value)
    assert sql_dump(demo_path) == before


def test_retiring_keeps_the_institution_up_to_its_last_year(demo_db, demo_path):
    with demo_db.session() as session:
        fire = session.scalars(select(Institution).where(Institution.code == "101")).one()
    outcome = act.retire_institution(demo_db, fire.id, 2015)
    assert _get(demo_db, fire.id).valid_until_fy == 2015
    assert outcome.changes == {Area.REGISTRY, Area.AUDITS}  # its FY2016 audit moved to a year it is in
    before = sql_dump(demo_path)
    with pytest.raises(ValidationError, match="有効開始年度"):
        act.retire_institution(demo_db, fire.id, fire.valid_from_fy - 1)
    assert sql_dump(demo_path) == before


def test_moving_an_institution_in_the_registry_order(demo_db):
    codes = _codes(demo_db)
    with demo_db.session() as session:
        second = session.scalars(select(Institution.id).where(Institution.code == codes[1])).one()
    outcome = act.move_institution(demo_db, second, -1)
    assert outcome.changes == {Area.REGISTRY}
    assert _codes(demo_db) == [codes[1], codes[0], *codes[2:]]
    act.move_institution(demo_db, second, 1)
    assert _codes(demo_db) == codes


# -- settings ---------------------------------------------------------------------------------


def _settings(db) -> dict:
    with db.session() as session:
        return load_settings(session)


def test_settings_are_saved_all_or_none(demo_db, demo_path):
    outcome = save_settings(demo_db, {"org_name": "みなみ県", "backup_generations": 12})
    assert outcome.changes == {Area.SETTINGS}
    assert (_settings(demo_db)["org_name"], _settings(demo_db)["backup_generations"]) == ("みなみ県", 12)
    before = sql_dump(demo_path)
    with pytest.raises(ValidationError) as caught:
        save_settings(demo_db, {"org_name": "きた県", "reference_date": "2014/04/07"})
    assert caught.value.field == "reference_date"
    assert sql_dump(demo_path) == before


def test_nothing_to_save_changes_nothing(demo_db, demo_path):
    before = sql_dump(demo_path)
    outcome = save_settings(demo_db, {})
    assert outcome.changes == frozenset() and not outcome.changed
    assert sql_dump(demo_path) == before
