"""actions.papers: one door for each paper, whichever front door (command line, home tab,
資料2 tab) is used. 資料2 always counts as generated (the home tab's step 8) and a change
right after it is seen; notices are dated by the organisation's reference date; default
file names are safe; issuing gives the same stored paper from both tabs; a new paper is
one registration in ``reports.papers``."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from jukidesk.actions.base import Area
from jukidesk.actions.papers import (
    issue_paper,
    make_committee,
    make_paper,
    make_shiryo2,
    mark_notified,
    print_notices,
    save_year_notes,
)
from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.cli import main
from jukidesk.core.settings import save_settings
from jukidesk.core.year_progress import DONE, IN_PROGRESS, NOT_STARTED, year_overview
from jukidesk.reports.document import Document, Paragraph, Section
from jukidesk.reports.issued import list_issued, verify_paper
from jukidesk.reports.papers import PAPERS, Paper, register, safe_file_stem
from jukidesk.storage.models import Audit, Institution, YearEvent
from jukidesk.storage.models_history import ChangeLog

REFERENCE_DATE = dt.date(2014, 4, 7)  # resources/demo/nagano.toml: reference_date


def report_step(db, fy=2013):
    with db.session() as session:
        return year_overview(session, fy).step("report")


def events(db, action="report_generated"):
    with db.session() as session:
        return [(e.fy, e.count, e.change_id) for e in session.scalars(select(YearEvent).where(YearEvent.action == action))]


# ---------------------------------------------------------------------- the GUI doors


class Prompts:
    """Every prompt recorded instead of shown; file and folder choosers answer from ``answers``."""

    def __init__(self, monkeypatch):
        from jukidesk.gui import prompts

        self.calls: list[tuple[str, str]] = []
        self.suggested: list[str] = []  # the file names the save dialogs offered
        self.answers: list = []

        def record(kind):
            def show(parent, text, **kwargs):
                self.calls.append((kind, text))

            return show

        def confirm(parent, text, **kwargs):
            self.calls.append(("confirm", text))
            return True

        def save_file_name(parent, title, directory="", filter="", **_kwargs):
            self.suggested.append(directory)
            return self.answers.pop(0)

        def existing_directory(parent, title, directory="", **_kwargs):
            return self.answers.pop(0)

        for kind in ("info", "warn", "error"):
            monkeypatch.setattr(prompts, kind, record(kind))
        monkeypatch.setattr(prompts, "confirm", confirm)
        monkeypatch.setattr(prompts, "save_file_name", save_file_name)
        monkeypatch.setattr(prompts, "existing_directory", existing_directory)

    def texts(self, kind):
        return [text for k, text in self.calls if k == kind]


@pytest.fixture
def gui(qtbot, demo_db, monkeypatch):
    """The AppContext of the demo file (FY2013 selected), operations run at once."""
    from jukidesk.gui import operations
    from jukidesk.gui.context import AppContext

    context = AppContext(demo_db)
    context.set_fiscal_year(2013)  # the demo opens on its 基準日's year, FY2014
    context.prompts = Prompts(monkeypatch)
    operations.set_synchronous(True)
    yield context
    operations.set_synchronous(False)


def shiryo2_tab(qtbot, context):
    from jukidesk.gui.shiryo2_tab import Shiryo2Tab

    tab = Shiryo2Tab(context)
    qtbot.addWidget(tab)
    return tab


def home_tab(qtbot, context):
    from jukidesk.gui.home_tab import HomeTab

    tab = HomeTab(context)
    qtbot.addWidget(tab)
    tab.show()  # a hidden home tab refreshes only when shown again
    qtbot.waitExposed(tab)
    return tab


# ---------------------------------------------------------------------- 資料2 generated


@pytest.mark.parametrize("door", ["action", "cli", "shiryo2_tab", "home_tab"])
def test_shiryo2_from_every_door_marks_step_8_generated(door, demo_db, demo_path, tmp_path, request, qtbot):
    assert report_step(demo_db).status == NOT_STARTED and events(demo_db) == []
    if door == "action":
        result = make_shiryo2(demo_db, 2013, pdf=tmp_path / "a.pdf")
        assert result.changes == {Area.YEAR} and set(result.value) == {"pdf"}
    elif door == "cli":
        assert main(["report", "shiryo2", "--db", str(demo_path), "--fy", "2013", "--pdf", str(tmp_path / "a.pdf")]) == 0
    elif door == "shiryo2_tab":
        context = request.getfixturevalue("gui")
        context.prompts.answers.append(str(tmp_path / "a.pdf"))
        shiryo2_tab(qtbot, context).export("pdf")
    else:
        context = request.getfixturevalue("gui")
        context.set_fiscal_year(2013)
        context.prompts.answers.append(str(tmp_path))
        home = home_tab(qtbot, context)
        home.generate_report()
        assert home.step_status("report") == IN_PROGRESS and home.status_text("report") == "進行中"
    assert (tmp_path / ("a.pdf" if door != "home_tab" else "資料２_平成25年度.pdf")).read_bytes()[:5] == b"%PDF-"
    step = report_step(demo_db)
    assert step.status == IN_PROGRESS and step.action == "mark_issued" and step.detail.startswith("作成済・未提出")
    ((fy, count, change_id),) = events(demo_db)
    with demo_db.session() as session:
        newest = session.scalar(select(func.max(ChangeLog.id)))
    assert fy == 2013 and count == (2 if door == "home_tab" else 1) and change_id == newest


def test_a_change_right_after_generation_is_seen(demo_db, tmp_path):
    make_shiryo2(demo_db, 2013, folder=tmp_path)
    assert report_step(demo_db).action == "mark_issued"
    saved = save_year_notes(demo_db, 2013, {"progress": "今年度の監査は予定どおり。"})  # no sleep: the same second
    assert saved.changes == {Area.NOTES} and saved.value == {"progress": "今年度の監査は予定どおり。"}
    changed = report_step(demo_db)
    assert changed.action == "report" and "作成後にデータが変更されています" in changed.detail
    make_shiryo2(demo_db, 2013, folder=tmp_path)  # made again: up to date
    assert report_step(demo_db).action == "mark_issued"
    issued = issue_paper(demo_db, "shiryo2", 2013, issued_by="事務担当")
    assert issued.changes == {Area.PAPERS, Area.YEAR}
    step = report_step(demo_db)
    assert step.status == DONE and "事務担当" in step.detail


def test_an_event_recorded_before_0010_compares_timestamps(demo_db):
    # year_event rows of older files have no change_id: the timestamps decide for them
    with demo_db.transaction() as session:
        session.add(YearEvent(fy=2013, action="report_generated", count=2, at=dt.datetime(2099, 1, 1)))
    assert report_step(demo_db).action == "mark_issued"
    with demo_db.transaction() as session:
        session.add(YearEvent(fy=2013, action="report_generated", count=2, at=dt.datetime(2000, 1, 1)))
    assert "作成後にデータが変更されています" in report_step(demo_db).detail


def test_the_committee_summary_is_made_without_recording_anything(demo_db, tmp_path):
    before = events(demo_db)
    made = make_committee(demo_db, 2013, as_of=dt.date(2014, 3, 31), folder=tmp_path)
    assert made.changes == frozenset() and made.backup is None
    assert sorted(p.name for p in made.value.values()) == ["審議会報告_平成25年度.pdf", "審議会報告_平成25年度.xlsx"]
    assert events(demo_db) == before


def test_unknown_papers_and_formats_are_refused(demo_db, tmp_path):
    with pytest.raises(ValidationError, match="報告書の種類"):
        make_paper(demo_db, "nothing", 2013, folder=tmp_path)
    with pytest.raises(ValidationError, match="pdf で保存できます"):
        make_paper(demo_db, "notices", 2014, targets={"xlsx": tmp_path / "n.xlsx"}, options={"kind": "internal"})
    with pytest.raises(ValidationError, match="保存先"):
        make_shiryo2(demo_db, 2013)
    assert events(demo_db) == []


# ---------------------------------------------------------------------- safe file names


UNSAFE_LABEL = '資料2:別紙/案 "A"'


def test_an_unsafe_report_label_gives_a_safe_file_name_in_every_door(demo_db, demo_path, tmp_path, gui, qtbot):
    with demo_db.transaction() as session:
        save_settings(session, {"report_label": UNSAFE_LABEL})
    stem = safe_file_stem(f"{UNSAFE_LABEL}_平成25年度")
    assert stem == "資料2_別紙_案__A__平成25年度"

    cli = tmp_path / "cli"
    assert main(["report", "shiryo2", "--db", str(demo_path), "--fy", "2013", "--out", str(cli)]) == 0
    assert sorted(p.name for p in cli.iterdir()) == [f"{stem}.pdf", f"{stem}.xlsx"]  # no sub-folder "案 …"

    action = make_shiryo2(demo_db, 2013, folder=tmp_path / "action").value
    assert {p.name for p in action.values()} == {f"{stem}.pdf", f"{stem}.xlsx"}

    home = tmp_path / "home"
    gui.prompts.answers.append(str(home))
    home_tab(qtbot, gui).generate_report()
    assert sorted(p.name for p in home.iterdir()) == [f"{stem}.pdf", f"{stem}.xlsx"]

    gui.prompts.answers.append(str(tmp_path / "tab.xlsx"))
    shiryo2_tab(qtbot, gui).export("xlsx")
    assert gui.prompts.suggested == [f"{stem}.xlsx"]  # what the save dialog offered
    assert gui.prompts.texts("error") == []


# ---------------------------------------------------------------------- issuing


def test_issuing_from_both_tabs_and_the_cli_gives_the_same_stored_paper(demo_db, demo_path, gui, qtbot):
    home = home_tab(qtbot, gui)
    assert home.mark_issued() is not None
    shiryo2_tab(qtbot, gui).issue()
    assert main(["report", "issue", "--db", str(demo_path), "--fy", "2013"]) == 0
    with demo_db.session() as session:
        issued = list_issued(session, "shiryo2", 2013)
        assert len(issued) == 3
        assert len({(i.paper, i.fy, i.model_sha256, str(i.parameters)) for i in issued}) == 1
        assert verify_paper(session, "shiryo2", 2013).ok
    assert home.step_status("report") == DONE  # the home tab was told
    assert gui.prompts.texts("error") == []


# ---------------------------------------------------------------------- notices


def test_notices_without_a_date_are_dated_by_the_reference_date(demo_db, tmp_path):
    printed = print_notices(demo_db, 2014, target=tmp_path / "n.pdf", kind="internal")
    assert printed.changes == frozenset() and printed.value.date == REFERENCE_DATE != dt.date.today()
    assert {letter.date for letter in printed.value.letters} == {"平成２６年４月７日"}
    assert printed.value.pending == [letter.audit_id for letter in printed.value.letters]  # nothing marked
    assert (tmp_path / "n.pdf").read_bytes()[:5] == b"%PDF-"

    marked = mark_notified(demo_db, printed.value.pending[:1])
    assert marked.changes == {Area.AUDITS} and len(marked.value) == 1
    with demo_db.session() as session:
        audit = session.get(Audit, printed.value.pending[0])
        assert (audit.status, audit.notified_on) == ("notified", REFERENCE_DATE)


def test_the_cli_dates_and_marks_notices_by_the_reference_date(demo_db, demo_path, tmp_path, capsys):
    args = ["notices", "--db", str(demo_path), "--fy", "2014", "--kind", "external", "--pdf", str(tmp_path / "n.pdf")]
    assert main([*args, "--mark-notified"]) == 0
    assert "（通知日 2014-04-07）" in capsys.readouterr().out
    with demo_db.session() as session:
        audits = session.scalars(select(Audit).where(Audit.fy == 2014, Audit.kind == "external")).all()
        assert audits and {(a.status, a.notified_on) for a in audits} == {("notified", REFERENCE_DATE)}


def test_the_shiryo2_tab_dates_notices_by_the_reference_date(demo_db, tmp_path, gui, qtbot):
    gui.set_fiscal_year(2014)
    tab = shiryo2_tab(qtbot, gui)
    gui.prompts.answers.append(str(tmp_path / "n.pdf"))
    tab.print_notices("internal")
    assert gui.prompts.suggested == ["通知_内部監査_平成26年度.pdf"]
    assert any("通知日 2014-04-07" in text for text in gui.prompts.texts("confirm"))
    with demo_db.session() as session:
        audits = session.scalars(select(Audit).where(Audit.fy == 2014, Audit.kind == "internal")).all()
        assert {(a.status, a.notified_on) for a in audits} == {("notified", REFERENCE_DATE)}


def test_notices_for_chosen_audits_of_several_kinds_are_numbered_in_date_order(demo_db, tmp_path):
    with demo_db.session() as session:
        ids = [a.id for a in session.scalars(select(Audit).join(Institution).where(Audit.fy == 2014))]
    printed = print_notices(
        demo_db, 2014, target=tmp_path / "n.pdf", audit_ids=ids, first_number=7, mark_notified=True
    )
    letters = printed.value.letters
    assert printed.changes == {Area.AUDITS} and len(letters) == len(ids) and printed.value.pending == []
    assert "７" in letters[0].number and "８" in letters[1].number  # consecutive across kinds
    starts = [a.starts_at for a in _audits(demo_db, [letter.audit_id for letter in letters])]
    assert starts == sorted(starts)
    assert len(printed.value.marked) == len(ids)


def _audits(db, ids):
    with db.session() as session:
        return [session.get(Audit, audit_id) for audit_id in ids]


def test_a_failed_notice_marks_nothing(demo_db, tmp_path):
    with pytest.raises(JukideskError):
        print_notices(demo_db, 2020, target=tmp_path / "n.pdf", kind="internal", mark_notified=True)
    con = sqlite3.connect(demo_db.path)
    try:
        assert con.execute("SELECT count(*) FROM audit WHERE status = 'notified' AND notified_on = '2014-04-07'").fetchone() == (0,)
    finally:
        con.close()
    assert not (tmp_path / "n.pdf").exists()


# ---------------------------------------------------------------------- the registry


def _fake_document(session, fy, parameters) -> Document:
    count = session.scalar(select(func.count(Institution.id)))
    return Document(
        title=f"{fy}年度 試しの報告",
        label="試し",
        sections=[Section("１ 概要", [Paragraph(f"機関数 {count}（{parameters['note']}）", bullet="○")])],
    )


def _renderers():
    from jukidesk.reports.pdf_renderer import render_pdf
    from jukidesk.reports.xlsx_renderer import render_xlsx

    return {
        "xlsx": lambda document, target: render_xlsx(document, target, sheet_title="試し"),
        "pdf": render_pdf,
    }


@pytest.fixture
def fake_paper():
    paper = register(
        Paper(
            code="trial",
            label="試しの報告",
            build=_fake_document,
            renderers=_renderers(),
            file_stem=lambda session, fy, parameters: f"試し/{fy}",
            parameters=lambda session, options: {"note": options.get("note", "通常")},
            issuable=True,
        )
    )
    yield paper
    PAPERS.pop(paper.code)


def test_a_new_paper_is_one_registration(fake_paper, demo_db, demo_path, tmp_path, capsys):
    made = make_paper(demo_db, "trial", 2013, folder=tmp_path, options={"note": "特記"})
    assert sorted(p.name for p in made.value.values()) == ["試し_2013.pdf", "試し_2013.xlsx"]
    assert made.changes == frozenset()  # no year event registered for it

    issued = issue_paper(demo_db, "trial", 2013, options={"note": "特記"}, note="試行")
    assert issued.changes == {Area.PAPERS, Area.YEAR}
    assert (issued.value.paper, issued.value.paper_label, issued.value.parameters) == ("trial", "試しの報告", {"note": "特記"})
    with demo_db.session() as session:
        assert verify_paper(session, "trial", 2013).ok
        (info,) = list_issued(session, "trial")
    assert info.id == issued.value.id
    # the command line knows it too
    assert main(["report", "issue", "--db", str(demo_path), "--fy", "2013", "--paper", "trial"]) == 0
    assert "試しの報告 2013年度を発行済みにしました" in capsys.readouterr().out


def test_without_its_registration_the_paper_is_unknown(demo_db, tmp_path):
    assert "trial" not in PAPERS
    with pytest.raises(ValidationError):
        issue_paper(demo_db, "trial", 2013)
    with pytest.raises(SystemExit):
        main(["report", "issue", "--db", str(Path(demo_db.path)), "--fy", "2013", "--paper", "trial"])
