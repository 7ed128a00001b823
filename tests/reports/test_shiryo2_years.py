"""資料2 ten years on (issue 17): every report year, not only the demo's FY2013.

The demo is advanced through FY2022 with the core's own functions (the year's self-checks
filled in and completed, the planned audits notified, held, recorded and reported, the
next cycles planned with the planner, two institutions added from FY2017 so the registry
grows from 19 to 21), and FY2023 is left running. Then for FY2014, FY2016, FY2019
(令和元年度) and FY2023:

- the trend table shows three cycles, nine years, the report year among them;
- every section has its paragraphs, with the year's numbers and nothing left over from
  another year;
- no figure (``19 機関``, ``(実施中)``, ``2.98 点``) breaks inside its cell, in the PDF
  (read back with ``pdftotext -layout``) and in the Excel sheet — at every allowed width;
- no line starts with 。、）」, headings stay with what follows, tables repeat their
  header rows on a new page, row heights follow the text;
- 指摘内容と対応 counts institutions, not items; a year before the first cycle is refused.

Pages are rendered to ``tests/artifacts`` (PNG) for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.base.text_layout import NO_LINE_START, text_width
from jukidesk.cli import main
from jukidesk.core.audits import AuditData, list_audits, set_status, update_audit
from jukidesk.core.checklists import Entry, applicable_items, complete_checklist, ensure_checklist, write_entry
from jukidesk.core.notes import save_year_notes
from jukidesk.core.planner import apply_plan, propose_plan
from jukidesk.core.registry import InstitutionData, add_institution, list_institutions
from jukidesk.core.settings import save_settings
from jukidesk.reports.document import WHOLE_FIGURE, Cell, Document, Paragraph, Section, Table
from jukidesk.reports.issued import document_json
from jukidesk.reports.pdf_renderer import render_pdf
from jukidesk.reports.shiryo2 import build_shiryo2
from jukidesk.reports.xlsx_renderer import CELL_PADDING_PT, render_xlsx, row_height
from jukidesk.storage.database import open_database

YEARS = (2014, 2016, 2019, 2023)
ADVANCED_UNTIL = 2022  # the last year carried out in full; FY2023 is running
NEW_INSTITUTIONS = (("108", "マイナンバー推進課"), ("109", "国保援護課"))  # from FY2017
LINE_START_MARKS = "。、）」"

# FY2013 is the seed, word for word (shared/seeds/000_*.txt): sections ３ and ４.
SEED_PROGRESS = [
    "平成25年度の監査は実施中であるが、前年度に引き続き、担当者研修会等において必要なセキュリティ対策や"
    "自己点検の趣旨等について周知を図った結果、全機関で自己点検においては３点満点となった。また、外部監査に"
    "ついては、12月中に完了予定であるが、現在のところ改善を要する項目はない。"
]
SEED_PLAN = [
    "平成25年度で監査の２巡目が終了し、26年度からは３巡目を迎える。",
    "過去の指摘を踏まえつつ、現在のセキュリティ水準を維持するため、下記のとおり、セキュリティ対策を実施する。",
    "＜セキュリティ対策の実施内容（予定）＞",
    "以下の基準を踏まえた平成26年度から28年度までの年度別監査計画を策定し、実施する。",
    "基準①自己点検は全19機関で実施する",
    "基準②17事務利用機関について、３年に１回、内部監査もしくは外部監査の受検対象とする",
    "新規担当職員等を対象とした研修会を4月に実施",
    "なお、番号制度の導入により、平成27年度から事務利用機関が増えることが見込まれており、必要に応じて、"
    "セキュリティ対策の実施内容を見直す。",
]


# ---------------------------------------------------------------------- advancing the demo


def _fill(session, fy: int, kind: str, institution_id: int, low: dict[str, tuple[int, str]] | None = None) -> None:
    """A completed checklist: every applicable item 3 points unless listed in ``low``."""
    checklist = ensure_checklist(session, fy, kind, institution_id)
    low = low or {}
    for item in applicable_items(checklist.template, kind):
        score, remark = low.get(item.number, (3, ""))
        write_entry(session, checklist, item, Entry(score=score, remark=remark))
    session.flush()
    complete_checklist(session, checklist.id)


def _plan_cycle(session, first_fy: int) -> None:
    """The cycle's rotation (19 事務利用機関 from FY2017: internal 4+4+5, external 2+2+2)."""
    apply_plan(session, propose_plan(session, first_fy, internal=(4, 4, 5), external=(2, 2, 2)))


def advance_demo(db, until: int = ADVANCED_UNTIL) -> None:
    with db.transaction() as session:
        for code, name in NEW_INSTITUTIONS:
            add_institution(
                session, InstitutionData(code=code, name=name, head_title=f"{name}長", address="長野県庁", valid_from_fy=2017)
            )
    for fy in range(2014, until + 1):
        with db.transaction() as session:
            if (fy + 1 - 2008) % 3 == 0 and fy + 1 > 2016:  # the last year of a cycle plans the next one
                _plan_cycle(session, fy + 1)
            year_end = dt.date(fy + 1, 3, 31)
            for n, audit in enumerate(a for a in list_audits(session, fy) if a.status == "planned"):
                if audit.starts_at is None:
                    start = dt.datetime(fy, 10, 1, 10) + dt.timedelta(days=7 * n)
                    data = replace(AuditData.of(audit), starts_at=start, ends_at=start + dt.timedelta(hours=2))
                    update_audit(session, audit.id, data, today=year_end)
                set_status(session, audit.id, "notified", on=audit.starts_at.date() - dt.timedelta(days=14), today=year_end)
                low = {}
                if fy == 2016 and audit.kind == "internal" and audit.institution.code == "101":
                    low = {number: (2, "改善予定") for number in ("3-2", "3-3", "3-4")}  # three items, one institution
                elif fy == 2016 and audit.kind == "internal" and audit.institution.code == "104":
                    low = {"3-2": (2, "改善予定")}
                _fill(session, fy, audit.kind, audit.institution_id, low)
                set_status(session, audit.id, "done", today=year_end)
                set_status(session, audit.id, "reported", today=year_end)
            for institution in list_institutions(session, fy):
                _fill(session, fy, "self", institution.id)
    with db.transaction() as session:  # the year in progress: half the self-checks in, audits planned
        fy = until + 1
        if (fy - 2008) % 3 == 0:
            _plan_cycle(session, fy)
        for institution in list_institutions(session, fy)[:10]:
            _fill(session, fy, "self", institution.id)


@pytest.fixture(scope="module")
def advanced(demo_template, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("advanced") / "demo.sqlite"
    shutil.copy(demo_template, path)
    db = open_database(path)
    try:
        advance_demo(db)
    finally:
        db.close()
    return path


@pytest.fixture(scope="module")
def papers(advanced, tmp_path_factory) -> dict[int, tuple[Document, Path, Path]]:
    """{fy: (model, xlsx, pdf)} for FY2013 and the years under test, on the advanced demo."""
    folder = tmp_path_factory.mktemp("papers")
    db = open_database(advanced)
    result = {}
    try:
        for fy in (2013, *YEARS):
            with db.session() as session:
                document = build_shiryo2(session, fy)
            xlsx = render_xlsx(document, folder / f"shiryo2-FY{fy}.xlsx")
            pdf = render_pdf(document, folder / f"shiryo2-FY{fy}.pdf")
            result[fy] = (document, xlsx, pdf)
    finally:
        db.close()
    return result


def paragraphs(section: Section) -> list[str]:
    return [block.text for block in section.blocks if isinstance(block, Paragraph)]


def all_text(document: Document) -> str:
    return "\n".join(document.texts())


def pdf_layout(path: Path, *, layout: bool = True) -> str:
    options = ["-layout"] if layout else []
    return subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def whole_figures(document: Document) -> list[str]:
    return [cell.text for table in document.tables() for row in table.rows for cell in row if cell.whole]


def assert_figures_on_one_line_in_pdf(document: Document, pdf: Path) -> None:
    """Every figure cell's text appears whole on a line of the PDF (a figure broken in its
    cell would show as ``19 機`` on one line and ``関`` on the next)."""
    text = pdf_layout(pdf).replace(" ", "")
    wanted: dict[str, int] = {}
    for figure in whole_figures(document):
        key = figure.replace(" ", "")
        wanted[key] = wanted.get(key, 0) + 1
    for figure, count in wanted.items():
        found = sum(line.count(figure) for line in text.splitlines())
        assert found >= count, (figure, count, found)


def merged_width_pt(ws, cell) -> float:
    from openpyxl.utils import get_column_letter

    first, last = cell.column, cell.column
    for merged in ws.merged_cells.ranges:
        if cell.coordinate in merged:
            first, last = merged.min_col, merged.max_col
    return sum(ws.column_dimensions[get_column_letter(c)].width * 7 * 72 / 96 for c in range(first, last + 1))


def assert_figures_on_one_line_in_xlsx(path: Path) -> None:
    ws = load_workbook(path).active
    checked = 0
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and WHOLE_FIGURE.fullmatch(cell.value.replace("\n", "")):
                assert "\n" not in cell.value, cell.coordinate
                needed = text_width(cell.value, cell.font.sz) + 2 * CELL_PADDING_PT
                assert merged_width_pt(ws, cell) >= needed, (cell.coordinate, cell.value, cell.font.sz)
                checked += 1
    assert checked > 20


# ---------------------------------------------------------------------- the model


@pytest.mark.parametrize("fy", YEARS)
def test_the_trend_table_shows_three_cycles_of_three_years(papers, fy):
    document = papers[fy][0]
    trend = list(document.tables())[2]
    cycles, years = trend.rows[0][1:], trend.rows[1]
    assert len(years) == 9 and [c.colspan for c in cycles] == [3, 3, 3]
    short = {2014: "H26", 2016: "H28", 2019: "R1", 2023: "R5"}[fy]
    assert short in [c.text for c in years[3:6]]  # the report year's cycle is the middle one
    assert cycles[2].text.endswith("予定") and not cycles[1].text.endswith("予定")
    assert trend.caption == f"【参考】監査結果の年度別推移と{cycles[2].text[1:-3]}以降の予定"


@pytest.mark.parametrize("fy", YEARS)
def test_every_section_has_its_paragraphs_and_no_stale_text(papers, fy):
    document = papers[fy][0]
    for section in document.sections:
        texts = paragraphs(section)
        assert texts and all(text.strip() for text in texts), section.heading
    text = all_text(document)
    for leftover in ("{", "}", "None", "平成25年度で監査の２巡目", "番号制度", "12月中に完了予定"):
        assert leftover not in text, leftover
    labels = {2014: "平成26年度", 2016: "平成28年度", 2019: "令和元年度", 2023: "令和５年度"}
    assert document.sections[2].heading == f"３ {labels[fy]}監査経過"


def test_each_year_says_what_happened_that_year(papers):
    progress = {fy: paragraphs(papers[fy][0].sections[2]) for fy in YEARS}
    plan = {fy: paragraphs(papers[fy][0].sections[3]) for fy in YEARS}
    assert "平成26年度の自己点検、内部監査及び外部監査は、今後実施する予定である。" not in progress[2014]  # held by now
    assert "平成26年度の自己点検は全19機関で実施し、平均点は3.00点であった。" in progress[2014]
    assert "平成28年度の内部監査は４機関で実施し、平均点は2.98点であった。" in progress[2016]
    assert "内部監査において改善を要する項目が４件あり、指摘内容と対応は下表のとおりである。" in progress[2016]
    assert "令和元年度の自己点検は全21機関で実施し、平均点は3.00点であった。" in progress[2019]
    assert "令和５年度の自己点検は実施中であり、年度内に完了する予定である。" in progress[2023]
    assert "令和５年度の内部監査及び外部監査は、今後実施する予定である。" in progress[2023]
    assert not any("平均点は" in text for text in progress[2023])  # nothing complete yet
    assert "平成26年度は監査の３巡目（平成26年度から28年度まで）の１年目であり、引き続き年度別監査計画に基づき監査を実施する。" in plan[2014]
    assert "平成28年度で監査の３巡目が終了し、平成29年度からは４巡目を迎える。" in plan[2016]
    # written in FY2016, before 令和 was announced (2019-04-01): FY2019 is 平成31年度
    assert "以下の基準を踏まえた平成29年度から31年度までの年度別監査計画を策定し、実施する。" in plan[2016]
    assert "令和元年度で監査の４巡目が終了し、令和２年度からは５巡目を迎える。" in plan[2019]
    assert [t for t in plan[2016] if t.startswith("基準")] == [
        "基準①自己点検は全19機関で実施する",
        "基準②17事務利用機関について、３年に１回、内部監査もしくは外部監査の受検対象とする",
    ]
    for fy in (2019, 2023):  # the registry grew to 21 (19 事務利用機関) in FY2017
        assert "基準①自己点検は全21機関で実施する" in plan[fy]
        assert "基準②19事務利用機関について、３年に１回、内部監査もしくは外部監査の受検対象とする" in plan[fy]
        assert "全19機関" not in all_text(papers[fy][0]) and "17事務利用機関" not in all_text(papers[fy][0])
        method = list(papers[fy][0].tables())[0]
        assert method.rows[2][3].text.startswith("全21機関\n○事務利用機関（全21機関のうち19機関）")


def test_findings_count_institutions_not_items(papers):
    """消防課 has three items under 3 with the same remark, 地域福祉課 one: two institutions."""
    progress = list(papers[2016][0].tables())[1]
    internal = progress.rows[2][4].text
    assert internal == "改善を要する項目 4件\n・改善予定（2機関）"


def test_fy2013_is_the_seed_and_stays_it_ten_years_on(demo_db, papers):
    with demo_db.session() as session:
        plain = build_shiryo2(session, 2013)
    _overview, _method, progress, plan = plain.sections
    assert paragraphs(progress) == SEED_PROGRESS
    assert paragraphs(plan) == SEED_PLAN
    assert document_json(plain) == document_json(papers[2013][0])


def test_the_fy2013_notes_follow_the_registry(demo_db):
    """The demo's FY2013 notes write their counts as fields: two more institutions in the
    registry of FY2013 and the paper says 21, everywhere."""
    with demo_db.transaction() as session:
        for code, name in NEW_INSTITUTIONS:
            add_institution(session, InstitutionData(code=code, name=name, valid_from_fy=2013))
    with demo_db.session() as session:
        document = build_shiryo2(session, 2013)
    text = all_text(document)
    assert "基準①自己点検は全21機関で実施する" in paragraphs(document.sections[3])
    assert "基準②19事務利用機関について、３年に１回、内部監査もしくは外部監査の受検対象とする" in paragraphs(document.sections[3])
    assert "全19機関" not in text and "17事務利用機関" not in text


def test_a_note_replaces_or_adds_to_the_template(demo_db):
    with demo_db.session() as session:
        before = paragraphs(build_shiryo2(session, 2014).sections[2])
    with demo_db.transaction() as session:
        save_year_notes(session, 2014, {"progress": "{定型文}\n○このほか、{対象機関数}機関に研修を行った。{未定義}"})
        save_year_notes(session, 2014, {"next_plan": "○{翌年度}も引き続き監査を行う。"})
    with demo_db.session() as session:
        document = build_shiryo2(session, 2014)
    assert paragraphs(document.sections[2]) == before + ["このほか、19機関に研修を行った。{未定義}"]
    assert paragraphs(document.sections[3]) == ["平成27年度も引き続き監査を行う。"]


def test_a_mistyped_field_in_a_template_names_the_setting(demo_db):
    with demo_db.transaction() as session:
        save_settings(session, {"report_plan_text": "○{年度}で{巡目X}が終了"})
    with demo_db.session() as session, pytest.raises(JukideskError) as error:
        build_shiryo2(session, 2014)
    assert "４ 今後の対策" in str(error.value) and "{巡目X}" in str(error.value) and "{次の巡目}" in str(error.value)


def test_fy2019_follows_the_era_setting(advanced):
    db = open_database(advanced)
    try:
        with db.transaction() as session:
            save_settings(session, {"reiwa_for_fy2019": False})
        with db.session() as session:
            document = build_shiryo2(session, 2019)
        with db.transaction() as session:
            save_settings(session, {"reiwa_for_fy2019": True})
    finally:
        db.close()
    assert document.sections[2].heading == "３ 平成31年度監査経過"
    assert "平成31年度の自己点検は全21機関で実施し、平均点は3.00点であった。" in paragraphs(document.sections[2])
    assert "令和元" not in all_text(document)


def test_years_before_the_first_cycle_are_refused(demo_db, demo_path, tmp_path, capsys):
    for fy, reason in ((2007, "１巡目"), (1900, "平成元年度")):
        with demo_db.session() as session, pytest.raises(ValidationError) as error:
            build_shiryo2(session, fy)
        assert reason in str(error.value) and "明治" not in str(error.value)
    pdf = tmp_path / "2007.pdf"
    assert main(["report", "shiryo2", "--db", str(demo_path), "--fy", "2007", "--pdf", str(pdf)]) == 1
    assert "１巡目" in capsys.readouterr().err and not pdf.exists()
    with demo_db.transaction() as session:
        save_settings(session, {"cycle_first_fy": 1900})
    with demo_db.session() as session, pytest.raises(ValidationError) as error:
        build_shiryo2(session, 1900)  # never 明治33年度, never ＜-35巡目＞
    assert "明治" not in str(error.value)


# ---------------------------------------------------------------------- the print


@pytest.mark.parametrize("fy", (2013, *YEARS))
def test_no_figure_breaks_in_its_cell(papers, fy):
    document, xlsx, pdf = papers[fy]
    assert_figures_on_one_line_in_pdf(document, pdf)
    assert_figures_on_one_line_in_xlsx(xlsx)


@pytest.mark.parametrize("past", (0, 1, 2))
def test_no_figure_breaks_at_any_allowed_width(advanced, tmp_path, past):
    """The trend table at each setting of the past cycles (6, 9 and 12 years), and in the
    first cycle (6 years: no cycle before it)."""
    db = open_database(advanced)
    try:
        with db.transaction() as session:
            save_settings(session, {"report_trend_past_cycles": past})
        with db.session() as session:
            documents = {fy: build_shiryo2(session, fy) for fy in (2009, 2019)}
        with db.transaction() as session:
            save_settings(session, {"report_trend_past_cycles": 1})
    finally:
        db.close()
    assert len(list(documents[2019].tables())[2].rows[1]) == 3 * (past + 2)
    assert len(list(documents[2009].tables())[2].rows[1]) == 6
    for fy, document in documents.items():
        pdf = render_pdf(document, tmp_path / f"{fy}.pdf")
        xlsx = render_xlsx(document, tmp_path / f"{fy}.xlsx")
        assert_figures_on_one_line_in_pdf(document, pdf)
        assert_figures_on_one_line_in_xlsx(xlsx)


def test_the_past_cycles_setting_is_bounded(demo_db):
    with demo_db.transaction() as session, pytest.raises(ValidationError):
        save_settings(session, {"report_trend_past_cycles": 3})


@pytest.mark.parametrize("fy", (2013, *YEARS))
def test_no_line_starts_with_a_closing_mark(papers, fy):
    _document, xlsx, pdf = papers[fy]
    ws = load_workbook(xlsx).active
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                for line in cell.value.split("\n")[1:]:
                    assert not line.lstrip("\u3000 ").startswith(tuple(LINE_START_MARKS)), (cell.coordinate, cell.value)
    for line in pdf_layout(pdf, layout=False).splitlines():
        assert not line.strip().startswith(tuple(LINE_START_MARKS)), line


def test_the_line_breaker_keeps_closing_marks_on_the_line_before():
    from jukidesk.base.text_layout import break_lines, measurer

    measure = measurer(10)
    for width in range(60, 200, 5):
        for text in ("（以下「住基ネット」という。）の適正な運用を図る。", "監査を実施。、ａ）」"):
            lines = break_lines(text, width, measure)
            assert "".join(lines) == text
            assert all(line[:1] not in NO_LINE_START for line in lines[1:]), (width, lines)
            assert all(measure(line) <= width + measure("。") for line in lines), (width, lines)
    assert break_lines("全19機関で実施", 35, measure) == ["全", "19機関", "で実施"]  # never 19 | 機関


def headings(document: Document) -> list[str]:
    return [section.heading for section in document.sections]


@pytest.mark.parametrize("fy", (2013, *YEARS))
def test_headings_stay_with_what_follows_in_the_pdf(papers, fy):
    document, _xlsx, pdf = papers[fy]
    pages = pdf_layout(pdf).split("\f")
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip() and not re.fullmatch(r"- \d+ -", line.strip())]
        if lines:
            assert lines[-1].replace(" ", "") not in [h.replace(" ", "") for h in headings(document)], lines[-3:]
    # the paragraph that introduces the section ３ table is on the page where the table starts
    # (FY2013: the heading, its paragraph and the table's first rows stay on page 1)
    intro = paragraphs(document.sections[2])[-1].replace(" ", "")[:20]
    page = next(p for p in pages if intro in p.replace(" ", "").replace("\n", ""))
    assert "指摘内容と対応" in page


@pytest.mark.parametrize("fy", (2013, *YEARS))
def test_headings_stay_with_what_follows_in_the_xlsx(papers, fy):
    document, xlsx, _pdf = papers[fy]
    ws = load_workbook(xlsx).active
    heading_rows = {cell.row for row in ws.iter_rows() for cell in row if cell.value in headings(document)}
    breaks = [b.id for b in ws.row_breaks.brk]
    for after in breaks:
        assert after not in heading_rows  # the row before the break is never a heading
        assert ws.cell(after + 1, 1).value or any(ws.cell(after + 1, c).value for c in range(1, ws.max_column + 1))


def test_xlsx_row_heights_follow_the_text(papers):
    """Each table row is as high as its most wrapped single-row cell (no fixed heights)."""
    ws = load_workbook(papers[2016][1]).active
    merged = {}
    for rng in ws.merged_cells.ranges:
        merged[(rng.min_row, rng.min_col)] = rng
    checked = 0
    for row in ws.iter_rows():
        needs = []
        for cell in row:
            if not isinstance(cell.value, str) or not cell.border.left.style:
                continue  # table cells only
            rng = merged.get((cell.row, cell.column))
            if rng is not None and rng.max_row > rng.min_row:
                continue
            needs.append(row_height(cell.value.count("\n") + 1, cell.font.sz))
        if needs:
            assert ws.row_dimensions[row[0].row].height == pytest.approx(max(needs), abs=0.15), row[0].row
            checked += 1
    assert checked > 15


def long_document(rows: int = 70) -> Document:
    header = [Cell("区分", header=True, align="center"), Cell("内容", header=True, align="center"), Cell("件数", header=True)]
    body = [[Cell(f"項目{n}"), Cell("説明の文章が入ります。" * (1 + n % 3)), Cell(f"{n} 機関", align="center")] for n in range(rows)]
    table = Table(widths=[10, 30, 8], rows=[header, *body], header_rows=1, caption="【参考】長い表")
    return Document(
        title="長い表の試験",
        label="資料２",
        sections=[Section("１ 見出し", [Paragraph("前置きの段落。", bullet="○"), table]), Section("２ 次の見出し", [Paragraph("結び。")])],
    )


def test_a_table_that_runs_on_repeats_its_header_rows(tmp_path):
    document = long_document()
    pdf = render_pdf(document, tmp_path / "long.pdf")
    pages = pdf_layout(pdf).split("\f")
    body_pages = [p for p in pages if "項目" in p]
    assert len(body_pages) >= 2
    assert all("区分" in p and "件数" in p for p in body_pages)
    ws = load_workbook(render_xlsx(document, tmp_path / "long.xlsx")).active
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks
    for after in breaks:
        first = [ws.cell(after + 1, c).value for c in range(1, ws.max_column + 1)]
        if any(str(v).startswith("項目") for v in first if v) or "区分" in first:
            assert "区分" in first, first  # the header, written again at the top of the page


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) がありません")
def test_the_xlsx_prints_like_it_was_laid_out(papers, tmp_path):
    """LibreOffice prints the sheet: A4, the figures whole, no line starting with 。、）」, and
    the page breaks where the renderer put them."""
    _document, xlsx, _pdf = papers[2019]
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
        check=True, capture_output=True, timeout=180,
    )
    printed = tmp_path / (xlsx.stem + ".pdf")
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    ws = load_workbook(xlsx).active
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages == len(ws.row_breaks.brk) + 1
    assert_figures_on_one_line_in_pdf(papers[2019][0], printed)
    for line in pdf_layout(printed, layout=False).splitlines():
        assert not line.strip().startswith(tuple(LINE_START_MARKS)), line


def test_list_workbooks_print_on_a4_fitted_to_the_width(advanced, tmp_path):
    from jukidesk.core.change_history import ChangeEntry
    from jukidesk.exchange.findings_xlsx import write_open_findings
    from jukidesk.exchange.history_xlsx import export_history_xlsx
    from jukidesk.exchange.list_sheet import text_lines

    db = open_database(advanced)
    try:
        with db.session() as session:
            findings, count = write_open_findings(session, 2022, tmp_path / "findings.xlsx", today=dt.date(2023, 4, 1))
    finally:
        db.close()
    long = "変更前の長い説明文です。" * 12
    entry = ChangeEntry(
        1, dt.datetime(2023, 4, 1, 9, 0), "clerk", "audit", "監査", "1", "消防課 内部監査", "update", "変更",
        "note", "備考", long, "短い", None, "", 2023, "令和５年度",
    )
    history = export_history_xlsx([entry, replace(entry, id=2, old_text="短い")], tmp_path / "history.xlsx", title="変更履歴")
    assert count > 0
    for path in (findings, history):
        ws = load_workbook(path).active
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), path.name
        assert ws.sheet_properties.pageSetUpPr.fitToPage and (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    ws = load_workbook(history).active
    tall, short = ws.row_dimensions[4].height, ws.row_dimensions[5].height
    assert text_lines(long, ws.column_dimensions["I"].width) >= 3
    assert tall >= 3 * short > 0  # the wrapped row grew; the other did not


# ---------------------------------------------------------------------- looking at it


def test_render_pages_to_look_at(demo_db, papers, artifacts):
    """PNG pages of FY2013 (the seed) and the years under test, PDF and — when LibreOffice
    is there — the printed Excel sheet, in tests/artifacts (kept after the run)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm がありません")
    with demo_db.session() as session:
        seed = build_shiryo2(session, 2013)
    outputs = {2013: render_pdf(seed, artifacts / "shiryo2-years-FY2013.pdf")}
    xlsx = {2013: render_xlsx(seed, artifacts / "shiryo2-years-FY2013.xlsx")}
    for fy in YEARS:
        outputs[fy] = papers[fy][2]
        xlsx[fy] = papers[fy][1]
    for old in artifacts.glob("shiryo2-years-*.png"):
        old.unlink()
    for fy, pdf in outputs.items():
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(artifacts / f"shiryo2-years-FY{fy}-pdf")], check=True)
    if shutil.which("soffice"):
        folder = artifacts / "shiryo2-years-xlsx"
        folder.mkdir(exist_ok=True)
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
             *[str(path) for path in xlsx.values()]],
            check=True, capture_output=True, timeout=300,
        )
        for fy, path in xlsx.items():
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", str(folder / (path.stem + ".pdf")), str(artifacts / f"shiryo2-years-FY{fy}-xlsx")],
                check=True,
            )
    assert len(list(artifacts.glob("shiryo2-years-FY*-pdf-*.png"))) >= 2 * len(outputs)
