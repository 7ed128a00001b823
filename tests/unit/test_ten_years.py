"""Ten years on (issue 17): the demo walked from FY2014 to FY2023 the way the clerk works,
through the actions and the command line.

Each April the registry changes where the seed expects it (番号制度: two new 事務利用機関
from H27 = FY2015; ものづくり振興課 retired after H26 = FY2014), the year is prepared
(年度更新, which plans each new cycle), the self-checks are filled in (3 points, a few 2s),
the audits are dated, notified (CLI ``notices --mark-notified``), carried out and reported,
and 資料2 is made (CLI ``report shiryo2``). Every year:

- the figures of the 資料2 document model equal those the test computes from what it entered;
- the trend table has nine year columns, the report year among them; every section has text;
- each notice is dated on or before its audit; a date after the audit is refused;
- the retired institution is in no later plan, checklist or paper;
- every 事務利用機関 is audited once per cycle.

The PDFs of FY2016 and FY2019 (令和元年度) are kept in ``tests/artifacts`` for the manual.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from fractions import Fraction

from sqlalchemy import select

from jukidesk.actions import audits as audit_actions
from jukidesk.actions import registry as registry_actions
from jukidesk.actions import settings as settings_actions
from jukidesk.actions import year as year_actions
from jukidesk.cli import main
from jukidesk.core.audits import AuditData, list_audits
from jukidesk.core.checklists import applicable_items, ensure_checklist
from jukidesk.core.registry import InstitutionData, list_institutions
from jukidesk.core.settings import year_style
from jukidesk.reports.shiryo2 import build_shiryo2
from jukidesk.storage.database import open_database
from jukidesk.storage.models import Audit, Checklist, Institution
from tests.reports.test_notices import pdf_text
from tests.reports.test_shiryo2_years import _fill, all_text, paragraphs

FIRST, LAST = 2014, 2023
NEW_USERS = (("108", "マイナンバー推進課"), ("109", "国保援護課"))  # 番号制度, from H27 (FY2015)
RETIRED = ("105", "ものづくり振興課", 2014)  # in the registry up to H26 (FY2014)
KINDS = ("self", "internal", "external")


def number(text: str) -> int:
    """The count in '19 機関', '（１９機関）', '４機関'."""
    return int(re.search(r"(\d+)\s*機関", unicodedata.normalize("NFKC", text)).group(1))


def points(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").removesuffix("点")


def shown(value: Fraction) -> str:
    """Round half up to two decimals, independently of core.scoring."""
    hundredths = (value * 100 * 2 + 1) // 2
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def set_reference(db, day: dt.date) -> None:
    settings_actions.save_settings(db, {"reference_date": day.isoformat()})


def fill(db, fy: int, kind: str, institution_id: int, lows: int) -> Fraction:
    """A completed checklist, ``lows`` items at 2 points (the rest 3); returns its score."""
    with db.transaction() as session:
        items = applicable_items(ensure_checklist(session, fy, kind, institution_id).template, kind)
        chosen = [items[(fy * 7 + n * 11) % len(items)].number for n in range(lows)]
    with db.transaction() as session:
        _fill(session, fy, kind, institution_id, {item: (2, "改善予定（規程の見直し）") for item in chosen})
    return Fraction(3 * len(items) - len(set(chosen)), len(items))


def audit_days(fy: int, count: int) -> list[dt.datetime]:
    """Tuesdays and Wednesdays from the second week of October (never a holiday week)."""
    day = dt.date(fy, 10, 7)
    while day.weekday() != 1:
        day += dt.timedelta(days=1)
    days = []
    while len(days) < count:
        for offset in (0, 1):
            if len(days) < count:
                days.append(dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(13, 30)))
        day += dt.timedelta(days=14)
    return days


def registry_changes(db, fy: int) -> None:
    if fy != FIRST + 1:
        return
    with db.session() as session:
        retired = session.scalars(select(Institution).where(Institution.code == RETIRED[0])).one()
    saved = registry_actions.retire_institution(db, retired.id, RETIRED[2]).value
    assert any(RETIRED[1] in line for line in saved.lines())  # its FY2015 audit went out of the plan
    for code, name in NEW_USERS:
        data = InstitutionData(code=code, name=name, head_title=f"{name}長", address="長野県庁", valid_from_fy=fy)
        registry_actions.save_institution(db, data)


def date_audits(db, fy: int) -> None:
    with db.session() as session:
        undated = [a.id for a in list_audits(session, fy) if a.status == "planned" and a.starts_at is None]
        taken = {a.starts_at for a in list_audits(session, fy) if a.starts_at is not None}
    days = [d for d in audit_days(fy, len(undated) + len(taken)) if d not in taken]
    for audit_id, start in zip(undated, days):
        with db.session() as session:
            data = AuditData.of(session.get(Audit, audit_id))
        data.starts_at, data.ends_at = start, start + dt.timedelta(hours=2)
        data.place = data.place or "長野県庁"
        audit_actions.save_audit(db, data, audit_id=audit_id)


def print_notices(db, path, fy: int, folder) -> dict[int, dt.date]:
    """Every audit of the year notified through the CLI; the notice dates by audit id."""
    # even years: the clerk prints in September (inside every notice window); odd years only
    # at the end of the year, when each letter is dated the last day of its window
    set_reference(db, dt.date(fy, 9, 1) if fy % 2 == 0 else dt.date(fy, 12, 28))
    with db.session() as session:
        kinds = sorted({a.kind for a in list_audits(session, fy)})
        first = min(a.starts_at for a in list_audits(session, fy))
    if fy == FIRST:  # a date after the audit, asked for explicitly, is refused
        late = first.date() + dt.timedelta(days=1)
        args = ["notices", "--db", str(path), "--fy", str(fy), "--kind", "internal", "--date", late.isoformat()]
        assert main(args + ["--pdf", str(folder / "late.pdf"), "--mark-notified"]) == 1
        assert not (folder / "late.pdf").exists()
    for kind in kinds:
        pdf = folder / f"notices-{fy}-{kind}.pdf"
        args = ["notices", "--db", str(path), "--fy", str(fy), "--kind", kind, "--pdf", str(pdf), "--mark-notified"]
        assert main(args) == 0
        with db.session() as session:
            letters = [a for a in list_audits(session, fy) if a.kind == kind]
            text = pdf_text(pdf)
            assert text.count("以上") == len(letters)
    with db.session() as session:
        audits = list_audits(session, fy)
        assert {a.status for a in audits} == {"notified"}
        for audit in audits:
            assert audit.notified_on <= audit.starts_at.date(), (audit.institution.name, audit.notified_on)
            assert audit.notified_on <= audit.starts_at.date() - dt.timedelta(days=14) or fy % 2 == 0
        return {a.id: a.notified_on for a in audits}


def carry_out_audits(db, fy: int) -> dict[str, list[Fraction]]:
    scores: dict[str, list[Fraction]] = {"internal": [], "external": []}
    with db.session() as session:
        audits = [(a.id, a.kind, a.institution_id) for a in list_audits(session, fy)]
    for n, (audit_id, kind, institution_id) in enumerate(audits):
        scores.setdefault(kind, []).append(fill(db, fy, kind, institution_id, lows=2 if n == 0 else 0))
        audit_actions.set_audit_status(db, audit_id, "done", today=dt.date(fy + 1, 3, 1))
        audit_actions.set_audit_status(db, audit_id, "reported", today=dt.date(fy + 1, 3, 1))
    return scores


def check_paper(db, fy: int, scores: dict[int, dict[str, list[Fraction]]]) -> None:
    with db.session() as session:
        document = build_shiryo2(session, fy)
        style = year_style(session)
        audited = {
            (year, kind): len(list_audits(session, year, kind=kind)) for year in range(fy - 6, fy + 7) for kind in KINDS[1:]
        }
    # every section has text, nothing left from a template
    for section in document.sections:
        assert paragraphs(section) and all(text.strip() for text in paragraphs(section)), (fy, section.heading)
    assert "{" not in all_text(document) and "None" not in all_text(document)
    # section ３: this year's results
    progress = list(document.tables())[1]
    rows = {row[0].text: row for row in progress.rows[1:]}
    for kind, label in (("self", "自己点検"), ("internal", "内部監査"), ("external", "外部監査")):
        if not scores[fy].get(kind):
            continue
        row = rows[label]
        assert number(row[1].text) == len(scores[fy][kind]), (fy, kind, row[1].text)
        assert points(row[3].text) == shown(sum(scores[fy][kind]) / len(scores[fy][kind])), (fy, kind, row[3].text)
    # the trend table: nine years, the report year among them, figures as entered
    trend = list(document.tables())[2]
    years = [cell.text for cell in trend.rows[1]]
    written = style.as_written_in(fy)  # the paper heads years in the eras known that year (H31 in FY2014)
    assert len(years) == 9 and written.short(fy) in years, (fy, years)
    shown_years = [fy + offset for offset in range(-8, 9) if written.short(fy + offset) in years]
    assert len(shown_years) == 9
    for r, kind in enumerate(KINDS):
        counts, averages = trend.rows[2 + 2 * r][2:], trend.rows[3 + 2 * r][1:]
        for year, count, average in zip(shown_years, counts, averages):
            if year in scores:  # a year of the walk: the figures entered
                entered = scores[year].get(kind, [])
                if entered:
                    assert number(count.text) == len(entered), (fy, year, kind, count.text)
                    assert points(average.text) == shown(sum(entered) / len(entered)), (fy, year, kind, average.text)
                else:
                    assert count.text == "―" and average.text == "―", (fy, year, kind)
            elif year > fy and kind != "self":  # the plan ahead: the audits planned, nothing else
                planned = audited[(year, kind)]
                assert (number(count.text) if count.text else 0) == planned, (fy, year, kind, count.text)
                assert average.text == ""


def test_ten_years_through_the_actions_and_the_command_line(demo_path, tmp_path, artifacts):
    db = open_database(demo_path)
    scores: dict[int, dict[str, list[Fraction]]] = {}
    try:
        for fy in range(FIRST, LAST + 1):
            folder = tmp_path / str(fy)
            folder.mkdir()
            # April: the registry, then 年度更新 (the checklists; a new cycle's plan)
            set_reference(db, dt.date(fy, 4, 1))
            registry_changes(db, fy)
            prepared = year_actions.prepare_year(db, fy).value
            assert prepared.created.get("self"), fy
            if fy > FIRST and (fy - 2008) % 3 == 0:  # a new cycle (the demo planned the 3rd)
                assert prepared.plan_added > 0 and not prepared.plan_problem, (fy, prepared.plan_problem)
            # the self-checks: every institution of the year, 3 points with a few 2s
            with db.session() as session:
                institutions = [i.id for i in list_institutions(session, fy)]
            scores[fy] = {"self": [fill(db, fy, "self", iid, lows=1 if (iid + fy) % 6 == 0 else 0) for iid in institutions]}
            # the audits: dated, notified, carried out, reported
            date_audits(db, fy)
            print_notices(db, demo_path, fy, folder)
            scores[fy].update(carry_out_audits(db, fy))
            # 資料2 through the command line, then its model checked against the figures entered
            set_reference(db, dt.date(fy + 1, 3, 31))
            assert main(["report", "shiryo2", "--db", str(demo_path), "--fy", str(fy), "--out", str(folder)]) == 0
            made = sorted(p.suffix for p in folder.glob("資料*"))
            assert made == [".pdf", ".xlsx"], made
            if fy in (2016, 2019):  # the manual's pages (resources/manual/images/shiryo2_FY*_p1.png)
                pdf = shutil.copy(next(folder.glob("資料*.pdf")), artifacts / f"ten-years-shiryo2-FY{fy}.pdf")
                if shutil.which("pdftoppm"):
                    stem = artifacts / f"shiryo2_FY{fy}_p1"
                    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", pdf, stem], check=True)
                    assert stem.with_suffix(".png").stat().st_size < 250_000
            check_paper(db, fy, scores)
            check_registry_and_cycles(db, fy)
        with db.session() as session:
            assert "令和元年度" in build_shiryo2(session, 2019).sections[2].heading
    finally:
        db.close()


def check_registry_and_cycles(db, fy: int) -> None:
    with db.session() as session:
        retired = session.scalars(select(Institution).where(Institution.code == RETIRED[0])).one()
        style = year_style(session)
        if fy > RETIRED[2]:
            # the retired institution: in no later plan, checklist or paper
            later = session.scalars(select(Audit).where(Audit.institution_id == retired.id, Audit.fy > RETIRED[2])).all()
            assert later == []
            checklists = session.scalars(
                select(Checklist).where(Checklist.institution_id == retired.id, Checklist.fy > RETIRED[2])
            ).all()
            assert checklists == []
            assert RETIRED[1] not in all_text(build_shiryo2(session, fy))
            assert retired.id not in {i.id for i in list_institutions(session, fy)}
        # every 事務利用機関 once per cycle: the cycle of the year, as planned and carried out
        cycle = style.cycle(fy)
        cycle_years = range(cycle.first_fy, cycle.first_fy + 3)
        audits = [a for year in cycle_years for a in list_audits(session, year) if a.kind in ("internal", "external")]
        per_institution: dict[int, int] = {}
        for audit in audits:
            per_institution[audit.institution_id] = per_institution.get(audit.institution_id, 0) + 1
        for institution in list_institutions(session):
            if institution.kind != "user":
                assert institution.id not in per_institution
                continue
            valid = [y for y in cycle_years if institution.valid_from_fy <= y <= (institution.valid_until_fy or 9999)]
            if len(valid) == 3:
                assert per_institution.get(institution.id) == 1, (fy, institution.name, per_institution.get(institution.id))
            else:
                assert per_institution.get(institution.id, 0) <= 1, (fy, institution.name)
