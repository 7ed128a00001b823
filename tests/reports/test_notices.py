"""監査実施通知 for the demo: FY2014 internal audits (3 planned: 職員課 102, 税務課 103, 建築指導課 106)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from sqlalchemy import select

from jukidesk.base.errors import JukideskError
from jukidesk.cli import main
from jukidesk.core.settings import save_settings
from jukidesk.reports.notices import build_notices
from jukidesk.storage.models import Audit, Institution
from tests.conftest import sql_dump

DATE = dt.date(2014, 10, 1)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_letter_for_shokuinka(demo_db):
    with demo_db.session() as session:
        (letter,) = build_notices(session, 2014, "internal", institution_code="102", date=DATE, first_number=7)
    assert letter.number == "２６市第７号"
    assert letter.date == "平成２６年１０月１日"
    assert letter.addressee == "職員課長　様"
    assert (letter.sender, letter.seal) == ("長野県市町村課長", "（公印省略）")
    assert letter.subject == "住民基本台帳ネットワークシステムの内部監査の実施について（通知）"
    assert letter.body[0].startswith("平成２６年度の住民基本台帳ネットワークシステム")
    assert [(item.number, item.label) for item in letter.items] == [
        ("１", "日時"),
        ("２", "場所"),
        ("３", "監査の種類と方法"),
        ("４", "準備していただく書類"),
        ("５", "監査人"),
    ]
    when, place, kind, documents, auditors = (item.lines for item in letter.items)
    assert when == ["平成２６年１０月２１日（火）", "午後１時３０分から午後３時３０分まで"]
    assert place == ["長野県庁"]
    assert kind == ["内部監査（聞き取り・書類確認・現地調査）"]
    assert documents[0] == "（１）住基ネットに関する規程及び手順書" and len(documents) == 5
    assert auditors == ["市町村課・情報システム推進室"]
    assert letter.contact[0] == "（担当）長野県企画部市町村課 行政係"
    assert any(line.startswith("電話　026-232-0111") for line in letter.contact)


def test_wording_comes_from_settings(demo_db):
    with demo_db.transaction() as session:
        save_settings(
            session,
            {
                "fullwidth_digits": False,
                "notice_number_format": "{org_short}監第{number}号",
                "notice_honorific": "殿",
                "notice_subject": "{kind}の実施について",
                "notice_documents": "操作者名簿",
            },
        )
    with demo_db.session() as session:
        (letter,) = build_notices(session, 2014, "internal", institution_code="103", date=DATE)
    assert letter.number == "県監第　　号"  # no number given: left blank for the clerk
    assert letter.date == "平成26年10月1日" and letter.addressee == "税務課長　殿"
    assert letter.subject == "内部監査の実施について"
    assert letter.items[0].lines[0] == "平成26年10月28日（火）"
    assert letter.items[3].lines == ["（1）操作者名簿"]


def test_pdf_has_one_page_per_audit_and_searchable_text(demo_path, tmp_path, artifacts):
    target = tmp_path / "notices.pdf"
    before = sql_dump(demo_path)
    args = ["notices", "--db", str(demo_path), "--fy", "2014", "--kind", "internal", "--date", "2014-10-01"]
    assert main(args + ["--pdf", str(target)]) == 0
    assert sql_dump(demo_path) == before
    text = pdf_text(target)
    assert text.count("\f") == 3  # three pages
    pages = text.split("\f")
    first = re.sub(r"\s+", "", pages[0])  # pdftotext turns the full-width spaces into gaps
    for needle in ["２６市第", "平成２６年１０月１日", "職員課長様", "長野県市町村課長（公印省略）",
                   "住民基本台帳ネットワークシステムの内部監査の実施について（通知）", "記１日時平成２６年１０月２１日（火）",
                   "午後１時３０分から午後３時３０分まで２場所長野県庁３監査の種類と方法内部監査（聞き取り・書類確認・現地調査）",
                   "４準備していただく書類（１）住基ネットに関する規程及び手順書", "５監査人市町村課・情報システム推進室以上"]:
        assert needle in first, needle
    assert "税務課長" in pages[1] and "建築指導課長" in pages[2]
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)
    one = tmp_path / "one.pdf"
    assert main(args + ["--pdf", str(one), "--institution", "102"]) == 0
    if shutil.which("pdftoppm"):
        for old in artifacts.glob("notice-FY2014-internal-102*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(one), str(artifacts / "notice-FY2014-internal-102")], check=True)


def test_mark_notified_sets_status_and_date(demo_db, demo_path, tmp_path):
    assert main(["notices", "--db", str(demo_path), "--fy", "2014", "--kind", "external", "--date", "2014-11-20",
                 "--pdf", str(tmp_path / "n.pdf"), "--mark-notified"]) == 0
    with demo_db.session() as session:
        audits = session.scalars(select(Audit).where(Audit.fy == 2014, Audit.kind == "external")).all()
        assert {(a.status, a.notified_on) for a in audits} == {("notified", dt.date(2014, 11, 20))}
        untouched = session.scalars(select(Audit).where(Audit.fy == 2014, Audit.kind == "internal")).all()
        assert {a.status for a in untouched} == {"planned"}


def test_user_mistakes_are_clear_and_write_nothing(demo_db, demo_path, tmp_path, capsys):
    target = tmp_path / "n.pdf"
    assert main(["notices", "--db", str(demo_path), "--fy", "2014", "--kind", "internal", "--pdf", str(target),
                 "--institution", "999"]) == 1
    assert "999" in capsys.readouterr().err
    assert main(["notices", "--db", str(demo_path), "--fy", "2020", "--kind", "internal", "--pdf", str(target)]) == 1
    assert "登録されていません" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["notices", "--db", str(demo_path), "--fy", "2014", "--kind", "self", "--pdf", str(target)])
    assert exit_info.value.code == 2
    with demo_db.transaction() as session:
        audit = session.scalars(
            select(Audit).join(Institution).where(Audit.fy == 2014, Audit.kind == "internal", Institution.code == "103")
        ).one()
        audit.starts_at = None
        audit.ends_at = None
    with demo_db.session() as session, pytest.raises(JukideskError) as error:
        build_notices(session, 2014, "internal")
    assert "税務課" in str(error.value) and "日時が未定" in str(error.value)
    assert not target.exists()
