"""Drill-down: a figure's trace lists exactly the answers whose mean it is."""

from __future__ import annotations

import json
import sqlite3

import pytest

from jukidesk.cli import main
from jukidesk.core.checklists import Entry, reopen_checklist, save_answer
from jukidesk.core.scoring import checklist_score, format_points, format_score, mean
from jukidesk.core.summary import institution_scores, summaries
from jukidesk.core.trace import figure_ref, parse_figure_ref, trace_figure
from jukidesk.reports.shiryo2 import build_shiryo2
from jukidesk.storage.models import CHECKLIST_KINDS

YEARS = range(2008, 2017)


def _answers_by_sql(path, fy, kind):
    """The scored answers of the completed checklists, read with plain SQL (independent of the core)."""
    con = sqlite3.connect(path)
    try:
        return sorted(
            con.execute(
                "SELECT c.id, a.item_id, a.score FROM answer a JOIN checklist c ON c.id = a.checklist_id "
                "WHERE c.fy = ? AND c.kind = ? AND c.status = 'complete' AND a.score IS NOT NULL",
                (fy, kind),
            ).fetchall()
        )
    finally:
        con.close()


def test_every_figures_drill_down_lists_exactly_the_answers_of_its_mean(demo_db, demo_path):
    checked = 0
    with demo_db.session() as session:
        figures = summaries(session, YEARS)
        for fy in YEARS:
            for kind in CHECKLIST_KINDS:
                trace = trace_figure(session, fy, kind)
                listed = sorted((c.checklist_id, a.item_id, a.score) for c, a in trace.answers())
                assert listed == _answers_by_sql(demo_path, fy, kind)
                # recompute the mean from the listed answers with core.scoring
                recomputed = mean(checklist_score(a.score for a in c.answers) for c in trace.checklists)
                assert recomputed == figures[fy][kind].average == trace.value
                assert len(trace.checklists) == figures[fy][kind].results
                assert len(trace.counted) == figures[fy][kind].institutions
                checked += trace.value is not None
    assert checked >= 15  # the demo's past years have results for every kind that existed


def test_why_2_98(demo_db):
    """External audit FY2010: 2.98 = mean of 松本 (47×3 + 2×2)/49 and 北安曇 3.00."""
    with demo_db.session() as session:
        trace = trace_figure(session, 2010, "external")
    assert format_points(trace.value) == "2.98 点"
    assert [(c.institution_name, format_score(c.score), len(c.answers)) for c in trace.checklists] == [
        ("松本地方事務所", "2.96", 49),
        ("北安曇地方事務所", "3.00", 49),
    ]
    assert [(c.institution_name, a.number, a.score) for c, a in trace.low_answers] == [
        ("松本地方事務所", "3-4", 2),
        ("松本地方事務所", "4-3", 2),
    ]


def test_an_institutions_score_and_a_changed_answer(demo_db):
    with demo_db.session() as session:
        trace = trace_figure(session, 2008, "self")
        first = trace.checklists[0]
        one = trace_figure(session, 2008, "self", first.institution_id)
        assert one.value == first.score == institution_scores(session, [2008])[(2008, "self")][first.institution_id]
        assert [c.checklist_id for c in one.checklists] == [first.checklist_id]
        item = first.answers[0]
    # reopen: the checklist leaves the figure and its drill-down together
    with demo_db.transaction() as session:
        reopen_checklist(session, first.checklist_id, "確認")
        save_answer(session, 2008, "self", first.institution_id, item.item_id, Entry(None, True, ""))
    with demo_db.session() as session:
        after = trace_figure(session, 2008, "self")
        assert first.checklist_id not in [c.checklist_id for c in after.checklists]
        assert after.value == summaries(session, [2008])[2008]["self"].average
        assert (first.institution_code, first.institution_name, False) in after.counted


def test_the_reports_figures_link_to_their_drill_down(demo_db):
    with demo_db.session() as session:
        document = build_shiryo2(session, 2013)
        refs = [(cell.text, cell.ref) for table in document.tables() for row in table.rows for cell in row if cell.ref]
        assert len(refs) >= 3 + 3 * 6 * 2  # section 3 results + the trend table's past figures
        for text, ref in refs:
            figure = parse_figure_ref(ref)
            assert figure is not None and figure_ref(figure.what, figure.fy, figure.kind) == ref
            trace = trace_figure(session, figure.fy, figure.kind)
            if figure.what == "average" and text.endswith(" 点"):
                assert text == format_points(trace.value)
            if figure.what == "count":
                assert text.replace("機関", "").strip().translate(str.maketrans("０１２３４５６７８９", "0123456789")) == str(
                    len(trace.counted)
                )
    assert parse_figure_ref("average/2013/nonsense") is None and parse_figure_ref("x") is None


def test_report_trace_command(demo_path, capsys):
    assert main(["report", "trace", "--db", str(demo_path), "--fy", "2010", "--kind", "external"]) == 0
    out = capsys.readouterr().out
    assert "2.98" in out and "松本地方事務所  3-4" in out
    assert main(["report", "trace", "--db", str(demo_path), "--fy", "2010", "--kind", "external", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["value"] == "2.98" and data["answers"] == 98
    assert main(["report", "trace", "--db", str(demo_path), "--fy", "2010", "--kind", "external", "--institution", "X"]) == 1


@pytest.mark.parametrize("kind", ["self", "internal"])
def test_trace_of_a_year_without_results(demo_db, kind):
    with demo_db.session() as session:
        trace = trace_figure(session, 2016, kind)
    assert trace.value is None and trace.checklists == ()
