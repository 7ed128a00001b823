"""The fast paths behind the benchmarks compute exactly what the plain definitions do."""

from __future__ import annotations

import datetime as dt
import random
from contextlib import contextmanager
from fractions import Fraction

from jukidesk.core.scoring import mean, mean_of_totals


@contextmanager
def statements_run(engine):
    """The SQL statements ``engine`` runs while the block runs (cleared with ``.clear()``)."""
    from sqlalchemy import event

    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def naive_mean(values):
    present = [v for v in values if v is not None]
    return sum(present, Fraction(0)) / len(present) if present else None


def test_mean_equals_the_plain_sum_of_fractions():
    rng = random.Random(7)
    for _ in range(200):
        values = [
            None if rng.random() < 0.1 else Fraction(rng.randint(0, 300), rng.randint(1, 100))
            for _ in range(rng.randint(0, 60))
        ]
        assert mean(values) == naive_mean(values)
    assert mean([]) is None and mean([None]) is None
    assert mean([1, 2, Fraction(1, 2)]) == Fraction(7, 6)  # ints count too


def test_mean_of_totals_equals_the_mean_of_the_scores_it_groups():
    rng = random.Random(11)
    scores = []
    groups: dict[int, list[int]] = {}
    for _ in range(500):
        applicable = rng.randint(1, 100)
        total = sum(rng.choice((1, 2, 3)) for _ in range(applicable))
        scores.append(Fraction(total, applicable))
        group = groups.setdefault(applicable, [0, 0])
        group[0] += total
        group[1] += 1
    grouped = [(total, applicable, n) for applicable, (total, n) in groups.items()]
    assert mean_of_totals(grouped) == naive_mean(scores)
    assert mean_of_totals([]) is None
    assert mean_of_totals([(5, 2, 0)]) is None  # a group of no checklists adds nothing


def test_summary_of_a_file_matches_the_scores_per_institution(demo_db):
    from jukidesk.core.summary import institution_scores, summaries

    years = range(2008, 2017)
    with demo_db.session() as session:
        figures = summaries(session, years)
        scores = institution_scores(session, years)
    compared = 0
    for fy in years:
        for kind, summary in figures[fy].items():
            per_institution = scores.get((fy, kind), {})
            assert summary.results == len(per_institution)
            assert summary.average == naive_mean(per_institution.values())
            compared += bool(per_institution)
    assert compared > 10


def test_registered_counts_equal_one_count_per_year(demo_db):
    from sqlalchemy import func, select

    from jukidesk.core.summary import registered_counts
    from jukidesk.storage.models import Institution

    years = range(2000, 2030)
    with demo_db.session() as session:
        counts = registered_counts(session, years)
        for fy in years:
            assert counts[fy] == session.scalar(select(func.count(Institution.id)).where(Institution.valid_in(fy)))
    assert counts[2013] > 0 and counts[2000] == 0


def test_findings_of_every_kind_read_together_equal_each_kind_read_alone(demo_db):
    from sqlalchemy import func, select

    from jukidesk.base import audit_kinds
    from jukidesk.core.audits import PERFORMED_STATUSES, findings_summaries
    from jukidesk.storage.models import Audit, Checklist

    kinds = audit_kinds.checklist_codes()
    seen = 0
    with demo_db.session() as session:
        for fy in range(2008, 2016):
            together = findings_summaries(session, fy, kinds)
            assert list(together) == list(kinds)
            for kind in kinds:
                assert together[kind] == findings_summaries(session, fy, [kind])[kind]
                if audit_kinds.is_audit(kind):  # held: the audits carried out, as counted plainly
                    held = select(func.count(Audit.id)).where(
                        Audit.fy == fy, Audit.kind == kind, Audit.status.in_(PERFORMED_STATUSES)
                    )
                else:
                    held = select(func.count(Checklist.id)).where(Checklist.fy == fy, Checklist.kind == kind)
                assert together[kind].held == session.scalar(held)
                seen += together[kind].audits + together[kind].confirmed + len(together[kind].lines)
    assert seen > 50  # audits, confirmations and findings were compared, not empty summaries


def test_open_findings_match_the_plain_rule_with_one_lookup_per_confirmation(demo_db):
    """``open_findings`` reads the confirming audits in its own query; the plain rule looks
    each one up. Both say the same for every year end of the demo (which has findings
    confirmed by follow-ups, and so open until then)."""
    from sqlalchemy import select

    from jukidesk.core.audits import PERFORMED_STATUSES, open_finding_rows, open_findings
    from jukidesk.storage.models import Audit, Finding

    def moment(fy, starts_at):
        return fy, starts_at or dt.datetime.min

    opened = set()
    with demo_db.session() as session:
        everything = list(session.scalars(select(Finding)))
        assert any(f.confirmed_by_audit_id for f in everything)
        for fy in range(2008, 2017):
            cut = (fy + 1, dt.datetime.min)
            plain = []
            for finding in everything:
                source = finding.audit
                if source.status not in PERFORMED_STATUSES or not moment(source.fy, source.starts_at) < cut:
                    continue
                if finding.status == "confirmed":
                    by = session.get(Audit, finding.confirmed_by_audit_id) if finding.confirmed_by_audit_id else None
                    if by is None or moment(by.fy, by.starts_at) < cut:
                        continue
                plain.append(finding)
            found = open_findings(session, before=fy + 1)
            assert sorted(f.id for f in found) == sorted(f.id for f in plain)
            opened.update(f.id for f in found)
            # the plain rows 資料2 reads: the same findings in the same order, with their audits
            assert [
                (r.id, r.audit_id, r.fy, r.kind, r.institution_id, r.institution) for r in open_finding_rows(session, fy + 1)
            ] == [
                (f.id, f.audit.id, f.audit.fy, f.audit.kind, f.audit.institution_id, f.audit.institution.report_name)
                for f in found
            ]
    assert opened


def test_shiryo2_reads_the_database_in_a_fixed_number_of_statements(demo_db):
    """No query per finding, audit or year: the same statements for every report year."""
    from jukidesk.reports.shiryo2 import build_shiryo2

    per_year = {}
    with statements_run(demo_db.engine) as statements:
        for fy in (2008, 2010, 2013):
            statements.clear()
            with demo_db.session() as session:
                build_shiryo2(session, fy)
            per_year[fy] = len(statements)
    assert max(per_year.values()) <= 25, per_year


def test_shiryo2_reads_values_and_builds_no_orm_objects(demo_db):
    """資料2 only shows values: every read is a select of table columns (storage.plain), so
    no ORM object is loaded into the session."""
    from sqlalchemy import event

    from jukidesk.reports.shiryo2 import build_shiryo2

    for fy in (2008, 2010, 2013):
        loaded = []
        with demo_db.session() as session:
            event.listen(session, "loaded_as_persistent", lambda _session, instance: loaded.append(instance))
            assert build_shiryo2(session, fy).sections
        assert loaded == [], fy


def test_unchanged_file_is_known_without_a_copy_and_a_change_still_makes_a_backup(demo_path, monkeypatch):
    import sqlite3

    from jukidesk.storage import backup
    from jukidesk.storage.database import open_database

    first = backup.backup_if_changed_since_last(demo_path)
    assert first is not None  # no generation yet

    copies = []
    real_copy = backup._copy
    monkeypatch.setattr(backup, "_copy", lambda source, target: (copies.append(source), real_copy(source, target)))
    assert backup.backup_if_changed_since_last(demo_path) is None
    assert copies == []  # decided by comparing the files, no copy made

    db = open_database(demo_path)
    try:
        with db.transaction() as session:
            from jukidesk.core.settings import save_settings

            save_settings(session, {"contact_person": "性能 太郎"})
    finally:
        db.close()
    changed = backup.backup_if_changed_since_last(demo_path)
    assert changed is not None and changed != first  # the change is a new generation
    assert copies  # found by the full comparison

    # A write still in the write-ahead log: the main file is not the whole content, so the
    # direct comparison must not decide; the copy (which reads the log) does.
    con = sqlite3.connect(demo_path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA wal_autocheckpoint=0")
        con.execute("UPDATE setting SET value = '性能 花子' WHERE key = 'contact_person'")
        assert (demo_path.parent / (demo_path.name + "-wal")).stat().st_size > 0
        copies.clear()
        assert backup.backup_if_changed_since_last(demo_path) is not None
        assert copies
    finally:
        con.close()


def test_the_calendar_reads_a_year_in_the_same_statements_however_many_audits(demo_db):
    """The audits' institutions and findings come with the audits (a lazy load per audit and
    relationship made a national-scale year about 900 queries)."""
    from sqlalchemy import func, select

    from jukidesk.core.calendar import year_schedule
    from jukidesk.storage.models import Audit

    per_year = {}
    with statements_run(demo_db.engine) as statements:
        for fy in (2009, 2011):  # 6 and 15 audits
            with demo_db.session() as session:
                audits = session.scalar(select(func.count()).select_from(Audit).where(Audit.fy == fy))
                statements.clear()
                entries = year_schedule(session, fy)
                per_year[fy] = (len(statements), audits)
            assert len(entries) == audits > 1
    assert len({n for n, _audits in per_year.values()}) == 1, per_year  # not one more per audit
