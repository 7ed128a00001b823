"""Row versions on the rows two clerks are likely to edit at once (issue 19, migration 0015):
a finding (指摘事項), an audit (監査) and a setting (設定). Two ``Database`` objects on one
data file — and on one PostgreSQL database when ``JUKIDESK_TEST_DB`` is set — stand for two
clerks: the second save of a row read before the other clerk's change is refused with a
Japanese message naming the table and who changed it (user and PC), and nothing is
overwritten."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import select

from jukidesk.base.settings_specs import SPEC_BY_KEY
from jukidesk.core.settings import save_settings
from jukidesk.storage import history
from jukidesk.storage.conflicts import ConflictError
from jukidesk.storage.database import open_database
from jukidesk.storage.models import Audit, Finding, Setting
from jukidesk.storage.models_history import ChangeLog


@pytest.fixture(params=["file", "server"])
def two_clerks(request, monkeypatch):
    """Two open databases on one demo (a copy of the SQLite file, or a server database)."""
    target = request.getfixturevalue("demo_path" if request.param == "file" else "server_demo")
    first, second = open_database(target, create=False), open_database(target, create=False)
    monkeypatch.setattr(history, "os_user", lambda: "tanaka")
    yield first, second, monkeypatch
    first.close()
    second.close()


def _first_finding(session) -> Finding:
    return session.scalars(select(Finding).order_by(Finding.id)).first()


def _first_audit(session) -> Audit:
    return session.scalars(select(Audit).order_by(Audit.id)).first()


SETTING = "org_name"


def _stored_setting(session) -> Setting:
    row = session.get(Setting, SETTING)
    if row is None:  # the demo may keep the default: store one first
        save_settings(session, {SETTING: "長野県"})
        row = session.get(Setting, SETTING)
    return row


def _refused(first, second, monkeypatch, load, change_mine, change_theirs) -> ConflictError:
    """Clerk 1 (tanaka) is shown a row; clerk 2 (suzuki) changes and saves it; clerk 1 then
    saves their change of the row as shown (its old version): the ``ConflictError`` of that save."""
    with first.session() as session:
        shown = load(session)  # detached when the session closes: what clerk 1's window keeps
    monkeypatch.setattr(history, "os_user", lambda: "suzuki")
    with second.transaction() as other:
        change_theirs(load(other))
    monkeypatch.setattr(history, "os_user", lambda: "tanaka")
    with pytest.raises(ConflictError) as refused:
        with first.transaction() as session:
            session.add(shown)
            change_mine(shown, session)
            session.flush()
    return refused.value


def _says_who(error: ConflictError, table_label: str) -> None:
    message = str(error)
    assert table_label in message, message
    assert "suzuki" in message and socket.gethostname()[:200] in message, message
    assert "変更は保存していません" in message
    assert "suzuki" in error.who


def _versions_not_logged(db, table: str) -> None:
    with db.session() as session:
        fields = set(session.scalars(select(ChangeLog.field).where(ChangeLog.table_name == table)))
    assert "version" not in fields


def test_a_finding_saved_from_a_stale_row_is_refused_naming_who(two_clerks):
    first, second, monkeypatch = two_clerks
    with first.session() as session:
        finding_id, before = _first_finding(session).id, _first_finding(session).version

    def theirs(finding):
        finding.response = "鈴木の対応"

    def mine(finding, _session):
        finding.response = "田中の対応"

    error = _refused(first, second, monkeypatch, _first_finding, mine, theirs)
    _says_who(error, "指摘事項")
    with first.session() as session:
        finding = session.get(Finding, finding_id)
        assert (finding.response, finding.version) == ("鈴木の対応", before + 1)  # nothing overwritten
    # after the refresh the clerk may change it
    with first.transaction() as session:
        session.get(Finding, finding_id).response = "田中の対応"
    with second.session() as session:
        assert (session.get(Finding, finding_id).response, session.get(Finding, finding_id).version) == ("田中の対応", before + 2)
    _versions_not_logged(first, "finding")


def test_a_finding_deleted_from_a_stale_row_is_refused(two_clerks):
    first, second, monkeypatch = two_clerks
    with first.session() as session:
        finding_id = _first_finding(session).id

    def theirs(finding):
        finding.status = "in_progress"

    def delete(finding, session):
        session.delete(finding)

    error = _refused(first, second, monkeypatch, _first_finding, delete, theirs)
    _says_who(error, "指摘事項")
    with first.session() as session:
        assert session.get(Finding, finding_id).status == "in_progress"


def test_an_audit_saved_from_a_stale_row_is_refused_naming_who(two_clerks):
    first, second, monkeypatch = two_clerks
    with first.session() as session:
        audit_id = _first_audit(session).id

    def theirs(audit):
        audit.place = "第1会議室"

    def mine(audit, _session):
        audit.place = "第2会議室"

    error = _refused(first, second, monkeypatch, _first_audit, mine, theirs)
    _says_who(error, "監査")
    with first.session() as session:
        audit = session.get(Audit, audit_id)
        assert audit.place == "第1会議室"
        assert audit.version >= 2
    _versions_not_logged(first, "audit")


def test_a_setting_saved_from_a_stale_row_is_refused_naming_who(two_clerks):
    first, second, monkeypatch = two_clerks
    with first.transaction() as session:
        _stored_setting(session)

    def theirs(row):
        row.value = "鈴木県"

    def mine(row, session):
        save_settings(session, {SETTING: "田中県"})

    error = _refused(first, second, monkeypatch, _stored_setting, mine, theirs)
    _says_who(error, "設定")
    assert SPEC_BY_KEY[SETTING].label in str(error)
    with first.session() as session:
        assert session.get(Setting, SETTING).value == "鈴木県"
    _versions_not_logged(first, "setting")


# -- a dialog open for minutes: what it showed is compared, not only the row version ---------


def test_a_dialog_save_over_another_clerks_change_is_refused(two_clerks):
    """Clerk 1 opens the audit, the findings and the settings dialogs; clerk 2 saves the
    same rows; clerk 1's OK (a new transaction that reads the new versions) is refused by
    what the dialogs showed, naming clerk 2 — and nothing of clerk 2 is overwritten. A save
    of an unchanged row, or of the value clerk 2 already stored, goes through."""
    from dataclasses import replace

    from jukidesk.actions import audits as audit_actions
    from jukidesk.actions import settings as setting_actions
    from jukidesk.core.audits import AuditData

    first, second, monkeypatch = two_clerks
    with first.transaction() as session:
        shown_name = _stored_setting(session).value
    with first.session() as session:
        audit = _first_audit(session)
        audit_id, shown_audit = audit.id, AuditData.of(audit)
        finding = _first_finding(session)
        finding_id, finding_audit, shown_finding = finding.id, finding.audit_id, audit_actions.finding_view(finding)

    monkeypatch.setattr(history, "os_user", lambda: "suzuki")
    audit_actions.save_audit(second, replace(shown_audit, place="第1会議室"), audit_id=audit_id, seen=shown_audit)
    audit_actions.save_findings(second, finding_audit, [audit_actions.FindingEdit(
        finding_id, shown_finding[0], "鈴木の対応", shown_finding[2], None, seen=shown_finding)])
    setting_actions.save_settings(second, {SETTING: "鈴木県"}, seen={SETTING: shown_name})

    monkeypatch.setattr(history, "os_user", lambda: "tanaka")
    refusals = [
        lambda: audit_actions.save_audit(first, replace(shown_audit, place="第2会議室"), audit_id=audit_id, seen=shown_audit),
        lambda: audit_actions.save_findings(first, finding_audit, [audit_actions.FindingEdit(
            finding_id, shown_finding[0], "田中の対応", shown_finding[2], None, seen=shown_finding)]),
        lambda: setting_actions.save_settings(first, {SETTING: "田中県"}, seen={SETTING: shown_name}),
    ]
    for refuse, label in zip(refusals, ("監査", "指摘事項", "設定")):
        with pytest.raises(ConflictError) as refused:
            refuse()
        _says_who(refused.value, label)
        assert "開き直して" in str(refused.value)
    with second.session() as session:
        assert session.get(Audit, audit_id).place == "第1会議室"
        assert session.get(Finding, finding_id).response == "鈴木の対応"
        assert session.get(Setting, SETTING).value == "鈴木県"
    # the same value as clerk 2 saved, or no ``seen`` (the command line), is not a conflict
    audit_actions.save_audit(first, replace(shown_audit, place="第1会議室"), audit_id=audit_id, seen=shown_audit)
    setting_actions.save_settings(first, {SETTING: "田中県"})
    with first.session() as session:
        assert session.get(Setting, SETTING).value == "田中県"
