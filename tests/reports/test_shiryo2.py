"""資料2 for the Nagano demo, FY2013: the model, the Excel sheet and the PDF against the spec
(shared/spec/shiryo2.md). Deliberate differences from the scrambled seed: single digits are
always full-width (``（２機関）``, ``＜３巡目＞予定``) and counts have no space (``19機関``
would be ``19 機関`` only where pdftotext invented the space)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.cli import main
from jukidesk.core.settings import save_settings
from jukidesk.reports.document import Table
from jukidesk.reports.shiryo2 import build_shiryo2
from tests.conftest import sql_dump

TITLE = "県における住民基本台帳ネットワークシステムセキュリティ対策（監査経過報告）について"
HEADINGS = [
    "１ 監査の概要",
    "２ 監査の実施方法",
    "３ 平成25年度監査経過",
    "４ 平成26年度以降のセキュリティ対策（案）",
]
SELF_SCOPE = (
    "全19機関\n○事務利用機関（全19機関のうち17機関）\n"
    "消防課、職員課、税務課、地域福祉課、ものづくり振興課、建築指導課、国際課、10地方事務所地域政策課\n"
    "□運用機関（２機関）\n情報システム推進室、市町村課"
)
METHOD_ROWS = [
    ["自己点検\n（H20年度～）", "調査表の該当項目について、１点から３点の３段階で自己点検を行う", "各機関の責任者", SELF_SCOPE, "毎年1回"],
    [
        "内部監査\n（H20年度～）",
        "自己点検結果について内部監査人が実地に検証する",
        "セキュリティ責任者及びネットワーク管理者の指定する職員",
        "○事務利用機関（全19機関のうち17機関）\n同上",
        "1機関あたり3年に1回",
    ],
    [
        "外部監査\n（H21年度～）",
        "自己点検結果について外部監査人が実地に検証する",
        "一定の資格・能力を有する監査人",
        "業務端末設置機関（17事務利用機関のうち11機関）\n国際課、10地方事務所地域政策課",
        "1機関あたり3年に1回",
    ],
]
PROGRESS_ROWS = [
    ["区分", "実施機関", "監査者", "監査結果", "指摘内容と対応"],
    ["自己点検", "全事務利用機関等\n（19機関）", "事務利用機関等", "3.00 点", "改善を要する項目なし"],
    ["内部監査", "消防課、地域福祉課、佐久・上小地方事務所\n（４機関）", "市町村課\n情報ｼｽﾃﾑ推進室", "3.00 点", "改善を要する項目なし"],
    ["外部監査", "松本・北安曇地方事務所\n（２機関）", "外部監査人\n(TIS㈱)", "－", "12月18日に実施予定"],
]
YEARS = ["H20", "H21", "H22", "H23", "H24", "H25", "H26", "H27", "H28"]
C19, BL = "19 機関", ""
TREND_ROWS = [
    ["区分", "＜１巡目＞", "＜２巡目＞", "＜３巡目＞予定"],
    YEARS,
    ["自己点検", "対象機関数"] + [C19] * 9,
    ["平均点", "2.91 点", "2.96 点", "3.00 点", "3.00 点", "3.00 点", "3.00 点", BL, BL, BL],
    ["内部監査", "対象機関数", "５機関", "４機関", "５機関", "３機関", "４機関", "４機関", "３機関", "４機関", "４機関"],
    ["平均点", "2.73 点", "2.70 点", "3.00 点", "3.00 点", "3.00 点", "3.00 点", BL, BL, BL],
    ["外部監査", "対象機関数", "―"] + ["２機関"] * 8,
    ["平均点", "―", "3.00 点", "2.98 点", "3.00 点", "3.00 点", "(実施中)", BL, BL, BL],
    ["フォローアップ（※）", "―", "―", "―", "10 機関", "―", "―", "必要があれば実施"],
]
FOOTNOTE = "（※１巡目の内部・外部監査で3点未満となった項目について、実地で改善状況を確認）"


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


@pytest.fixture
def report(demo_db):
    with demo_db.session() as session:
        return build_shiryo2(session, 2013)


def test_the_model_has_the_spec_sections_and_tables(report):
    assert report.label == "資料２"
    assert report.title == TITLE
    assert [s.heading for s in report.sections] == HEADINGS
    method, progress, trend = list(report.tables())
    assert texts(method)[:2] == [["区分", "方法等", "対象機関", "実施時期"], ["内容", "監査人"]]
    assert texts(method)[2:] == METHOD_ROWS
    assert [(c.colspan, c.rowspan) for c in method.rows[0]] == [(1, 2), (2, 1), (1, 2), (1, 2)]
    assert texts(progress) == PROGRESS_ROWS
    assert texts(trend) == TREND_ROWS
    assert [c.colspan for c in trend.rows[0]] == [2, 3, 3, 3]
    assert trend.rows[0][0].rowspan == 2
    assert [(c.rowspan) for c in (trend.rows[2][0], trend.rows[4][0], trend.rows[6][0])] == [2, 2, 2]
    assert trend.rows[8][0].colspan == 2 and trend.rows[8][-1].colspan == 3
    assert trend.caption == "【参考】監査結果の年度別推移と３巡目以降の予定"
    assert trend.note == FOOTNOTE
    for table in (method, progress, trend):
        table.placed()  # spans tile the grid


def test_paragraphs_come_from_settings_and_year_notes(report):
    overview, method, progress, plan = report.sections
    assert [p.bullet for p in overview.blocks] == ["○", "○"]
    assert overview.blocks[0].text.startswith("長野県本人確認情報保護管理規程第７条")
    assert method.blocks[0].text.endswith("外部監査の３種類を実施。")
    assert progress.blocks[0].text.startswith("平成25年度の監査は実施中であるが")
    bullets = [(p.bullet, p.indent) for p in plan.blocks if not isinstance(p, Table)]
    assert bullets == [("○", 0), ("○", 0), ("", 1), ("・", 1), ("⇒", 2), ("⇒", 2), ("・", 1), ("○", 0)]


def test_nothing_is_nagano_specific(demo_db):
    """Change the organisation's wording and the registry: the report follows."""
    with demo_db.transaction() as session:
        save_settings(
            session,
            {
                "report_title": "市における住基ネット監査の経過について",
                "report_label": "資料３",
                "report_self_scope_label": "全課",
                "report_heading_progress": "{year}の監査",
                "name_merge_suffixes": "",
            },
        )
    with demo_db.session() as session:
        doc = build_shiryo2(session, 2013)
    assert (doc.title, doc.label) == ("市における住基ネット監査の経過について", "資料３")
    assert doc.sections[2].heading == "３ 平成25年度の監査"
    method, progress, _ = list(doc.tables())
    assert progress.rows[1][1].text == "全課\n（19機関）"
    assert progress.rows[2][1].text.startswith("消防課、地域福祉課、佐久地方事務所、上小地方事務所")
    assert "佐久地方事務所地域政策課、上小地方事務所地域政策課" in method.rows[2][3].text


def test_a_bad_placeholder_in_a_setting_is_a_clear_error(demo_db):
    with demo_db.transaction() as session:
        save_settings(session, {"report_heading_plan": "{next_yaer}以降"})
    with demo_db.session() as session, pytest.raises(JukideskError) as error:
        build_shiryo2(session, 2013)
    assert "４の見出し" in str(error.value) and "{next_year}" in str(error.value)


def test_an_empty_database_is_refused_with_a_reason(empty_db):
    """No registry, no paper (it would only print empty tables): the reason, not a paper."""
    with empty_db.session() as session, pytest.raises(ValidationError) as error:
        build_shiryo2(session, 2013)
    assert "機関台帳" in str(error.value)


# ---------------------------------------------------------------------- Excel


def flat(text) -> str:
    """A cell's text without its line breaks (the renderer breaks the lines itself, with
    禁則, and indents continuation lines): what the model's text is, however it wraps."""
    return re.sub(r"\n[\u3000 ]*", "", text) if isinstance(text, str) else text


def raw_borders(path) -> dict[str, set[str]]:
    """{'B11': {'top', 'right'}, …}: the border sides each cell has in the saved file."""
    import zipfile
    from xml.etree import ElementTree

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as archive:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    borders = [
        {side for side in ("left", "right", "top", "bottom") if (b.find(f"m:{side}", ns) is not None and b.find(f"m:{side}", ns).get("style"))}
        for b in styles.find("m:borders", ns)
    ]
    xfs = [int(xf.get("borderId", 0)) for xf in styles.find("m:cellXfs", ns)]
    return {c.get("r"): borders[xfs[int(c.get("s", 0))]] for c in sheet.iter(f"{{{ns['m']}}}c")}


def merged_extent(ws, cell):
    for rng in ws.merged_cells.ranges:
        if cell.coordinate in rng:
            return rng.min_row, rng.min_col, rng.max_row, rng.max_col
    return cell.row, cell.column, cell.row, cell.column


def find(ws, value, *, after_row=1):
    for row in ws.iter_rows(min_row=after_row):
        for cell in row:
            if flat(cell.value) == flat(value):
                return cell
    raise AssertionError(f"{value!r} not in the sheet")


def table_rows(ws, first_value, rows):
    """The values of ``rows`` sheet rows starting at the row holding ``first_value`` in column A."""
    top = find(ws, first_value).row
    return [[flat(c.value) for c in ws[r] if c.value is not None] for r in range(top, top + rows)]


@pytest.fixture
def outputs(demo_path, tmp_path):
    xlsx, pdf = tmp_path / "shiryo2.xlsx", tmp_path / "shiryo2.pdf"
    before = sql_dump(demo_path)
    assert main(["report", "shiryo2", "--db", str(demo_path), "--fy", "2013", "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 0
    # the only change: 資料2 is recorded as generated (the home tab's step 8), whichever door made it
    old, new = set(before.splitlines()), set(sql_dump(demo_path).splitlines())
    added = sorted(new - old)
    assert len(added) == 1 and added[0].startswith('INSERT INTO "year_event"') and "'report_generated'" in added[0]
    assert old - new == set()
    return xlsx, pdf


def test_xlsx_cells_merges_and_numbers_match_the_spec(outputs):
    wb = load_workbook(outputs[0])
    assert wb.sheetnames == ["資料2"]
    ws = wb.active
    label = find(ws, "資料２")
    assert label.row == 1 and merged_extent(ws, label)[3] == ws.max_column  # top right
    # the title, one row a line, broken at a phrase (base.text_layout.title_lines)
    title = next(c for r in ws.iter_rows(max_row=6, max_col=1) for c in r if c.value and TITLE.startswith(flat(c.value)))
    lines = [flat(ws.cell(title.row + n, 1).value or "") for n in range(2)]
    assert "".join(lines) == flat(TITLE) and lines[1].startswith("（"), lines
    assert merged_extent(ws, title)[1::2] == (1, ws.max_column)
    assert [find(ws, h).column for h in HEADINGS] == [1, 1, 1, 1]

    method_top = find(ws, "方法等")
    assert table_rows(ws, "区分", 5) == [
        ["区分", "方法等", "対象機関", "実施時期"],
        ["内容", "監査人"],
        *[[flat(text) for text in row] for row in METHOD_ROWS],
    ]
    content, auditor = find(ws, "内容"), find(ws, "監査人")
    assert merged_extent(ws, method_top) == (method_top.row, content.column, method_top.row, merged_extent(ws, auditor)[3])
    assert merged_extent(ws, find(ws, "対象機関"))[2] == method_top.row + 1  # rowspan 2

    progress_top = find(ws, "実施機関").row
    assert [[flat(c.value) for c in ws[r] if c.value is not None] for r in range(progress_top, progress_top + 4)] == [
        [flat(text) for text in row] for row in PROGRESS_ROWS
    ]

    trend_top = find(ws, "＜１巡目＞").row
    trend = [[c.value for c in ws[r] if c.value is not None] for r in range(trend_top, trend_top + 9)]
    assert trend == [[v for v in row if v] for row in TREND_ROWS]
    h20, h22, h26, h28 = (find(ws, y, after_row=trend_top) for y in ("H20", "H22", "H26", "H28"))
    assert merged_extent(ws, find(ws, "＜１巡目＞"))[1::2] == (h20.column, merged_extent(ws, h22)[3])
    assert merged_extent(ws, find(ws, "必要があれば実施"))[1::2] == (h26.column, merged_extent(ws, h28)[3])
    kind = find(ws, "自己点検", after_row=trend_top)
    assert merged_extent(ws, kind)[2] == kind.row + 1  # 自己点検 spans 対象機関数 and 平均点
    assert find(ws, "【参考】監査結果の年度別推移と３巡目以降の予定").row == trend_top - 1
    assert find(ws, FOOTNOTE).row == trend_top + 9

    scores = sorted(c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.endswith(" 点"))
    assert scores == sorted(
        ["3.00 点"] * 2 + ["2.91 点", "2.96 点"] + ["3.00 点"] * 4 + ["2.73 点", "2.70 点"] + ["3.00 点"] * 4
        + ["3.00 点", "2.98 点", "3.00 点", "3.00 点"]
    )


def test_xlsx_prints_on_a4_with_borders_on_every_table_cell(outputs):
    ws = load_workbook(outputs[0]).active
    setup = ws.page_setup
    assert (int(setup.paperSize), setup.orientation) == (int(ws.PAPERSIZE_A4), "portrait")
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert ws.print_area == f"'資料2'!$A$1:${get_column_letter(ws.max_column)}${ws.max_row}"
    assert ws.page_margins.left >= 0.7 and ws.page_margins.top >= 0.7
    assert ws.oddFooter.center.text
    # every cell of the three tables, merged ones included, has its outer edges drawn in the
    # file itself (openpyxl re-derives merged borders on load, so read the XML)
    drawn = raw_borders(outputs[0])
    for first, rows in (("方法等", 5), ("実施機関", 4), ("＜１巡目＞", 9)):
        top = find(ws, first).row  # the table's first row
        for r in range(top, top + rows):
            for cell in ws[r]:
                min_row, min_col, max_row, max_col = merged_extent(ws, cell)
                sides = drawn.get(cell.coordinate, set())
                expected = {
                    side
                    for side, on_edge in (
                        ("left", cell.column == min_col),
                        ("right", cell.column == max_col),
                        ("top", cell.row == min_row),
                        ("bottom", cell.row == max_row),
                    )
                    if on_edge
                }
                assert expected <= sides, (cell.coordinate, expected, sides)
    # text only, Japanese font named, wrapped — or one line of running text (the title) that
    # shrinks rather than breaks where a spreadsheet measures it wider than we do
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                assert cell.data_type == "s" and cell.font.name.startswith("BIZ UD"), cell.coordinate
                one_line = cell.alignment.shrink_to_fit and not cell.alignment.wrap_text and "\n" not in cell.value
                assert cell.alignment.wrap_text or one_line, cell.coordinate
    title = next(c for r in ws.iter_rows(max_row=5) for c in r if c.value and "報告" in c.value)
    assert title.alignment.shrink_to_fit and not title.alignment.wrap_text


def test_xlsx_column_widths_and_row_heights_leave_room_for_the_text(outputs):
    from jukidesk.reports.xlsx_renderer import TABLE_SIZE, line_count, row_height

    ws = load_workbook(outputs[0]).active
    widths = {c: ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)}
    assert all(w > 0.5 for w in widths.values())
    cell = find(ws, "(実施中)")
    _, c0, _, c1 = merged_extent(ws, cell)
    px = sum(widths[c] * 7 for c in range(c0, c1 + 1))
    assert line_count("(実施中)", px, TABLE_SIZE) <= 2
    scope = find(ws, SELF_SCOPE)
    _, c0, r1, c1 = merged_extent(ws, scope)
    lines = line_count(SELF_SCOPE, sum(widths[c] * 7 for c in range(c0, c1 + 1)), TABLE_SIZE)
    assert ws.row_dimensions[scope.row].height >= row_height(lines, TABLE_SIZE) >= row_height(5, TABLE_SIZE)


def test_texts_from_the_database_never_become_formulas(demo_db, tmp_path):
    from jukidesk.reports.xlsx_renderer import render_xlsx

    with demo_db.transaction() as session:
        save_settings(session, {"report_title": "=HYPERLINK(\"http://x\",\"y\")", "self_auditor_label": "@SUM(A1)"})
    with demo_db.session() as session:
        doc = build_shiryo2(session, 2013)
    target = render_xlsx(doc, tmp_path / "injected.xlsx")
    ws = load_workbook(target).active
    title = find(ws, '=HYPERLINK("http://x","y")')
    assert title.data_type == "s" and title.quotePrefix
    assert find(ws, "@SUM(A1)").quotePrefix


# ---------------------------------------------------------------------- PDF and both renderers

# scores, 巡目 years, (実施中) and counts standing alone in a cell or in brackets (（４機関）, 19 機関)
FIGURE = re.compile(r"\d\.\d\d 点|\(実施中\)|H\d\d|(?<![^\s（(])(?:\d+ ?|[０-９])機関(?=[）)\s]|$)")


def figures(text: str) -> list[str]:
    return sorted(m.replace(" ", "") for m in FIGURE.findall(text))


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_pdf_text_is_extractable_and_the_fonts_embedded(outputs, artifacts):
    pdf = outputs[1]
    text = pdf_text(pdf)
    flat = re.sub(r"\s+", "", text)
    for needle in [TITLE, *HEADINGS, "佐久・上小地方事務所", "10地方事務所地域政策課", "12月18日に実施予定", "必要があれば実施"]:
        assert needle.replace(" ", "") in flat, needle
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb column
    assert {"IPAexMincho", "IPAexGothic", "BIZUDGothic-Bold"} <= {line.split()[0].split("+")[-1] for line in fonts}
    if shutil.which("pdftoppm"):
        for old in artifacts.glob("shiryo2-FY2013-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(artifacts / "shiryo2-FY2013")], check=True)
        assert list(artifacts.glob("shiryo2-FY2013-*.png"))


def test_model_xlsx_and_pdf_carry_the_same_figures(report, outputs):
    model = figures("\n".join(report.texts()))
    ws = load_workbook(outputs[0]).active
    sheet = figures("\n".join(flat(str(c.value)) for row in ws.iter_rows() for c in row if c.value is not None))
    pdf = figures(pdf_text(outputs[1]))
    assert model == sheet
    # The PDF has every figure of the model; a cell wrapped just before a figure with its unit
    # (…のうち / 11機関）) shows it at a line start, where the pattern also finds it.
    from collections import Counter

    assert not Counter(model) - Counter(pdf)
    extra = Counter(pdf) - Counter(model)
    model_text = "".join(report.texts()).replace(" ", "")
    assert sum(extra.values()) <= 1 and all(figure in model_text for figure in extra), extra
    assert model.count("3.00点") == 13 and model.count("(実施中)") == 1 and model.count("19機関") == 10
    assert "（４機関）" in pdf_text(outputs[1]) and len(model) == 62


def test_cli_needs_an_output_and_an_existing_file(demo_path, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "shiryo2", "--db", str(demo_path), "--fy", "2013"])
    assert exit_info.value.code == 2
    assert main(["report", "shiryo2", "--db", str(tmp_path / "none.sqlite"), "--fy", "2013", "--pdf", str(tmp_path / "a.pdf")]) == 1
    assert "見つかりません" in capsys.readouterr().err
    assert not (tmp_path / "a.pdf").exists()
