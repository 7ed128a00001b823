"""Bad days (issue 22), evidence side: an attachment is judged by its content, not only by
its name — a program renamed .pdf is refused, a file whose content is not what its
extension claims is refused with what it really is — a file name that is not valid UTF-8
is stored readably, and a content stored as TEXT gives a Japanese message instead of a
traceback. Each test failed on the tree before the fix."""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import sqlite3
import sys
import zipfile

import pytest

from jukidesk.base.errors import ValidationError
from jukidesk.cli import main

from .support import sql_dump

DAY = dt.date(2013, 10, 2)

PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(44) + b"\x80\x00\x00\x00" + bytes(64) + b"PE\x00\x00" + bytes(200)
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(300)
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n" + bytes(range(256))
PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100)
GIF = b"GIF89a" + bytes(100)
TIFF = b"II*\x00" + bytes(100)
BMP = b"BM" + bytes(100)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)

OOXML_MAIN = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
}


def ooxml(kind: str, *, content_types: bool = True) -> bytes:
    part, content_type = OOXML_MAIN[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if content_types:
            archive.writestr(
                "[Content_Types].xml",
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>',
            )
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def _id(value) -> str | None:
    """Readable test ids: the file name, and the size of the content."""
    return f"{len(value)}B" if isinstance(value, bytes) else None


def _add(demo_db, tmp_path, name: str, data: bytes):
    from jukidesk.actions.evidence import add_attachments
    from jukidesk.core import evidence

    path = tmp_path / name
    path.write_bytes(data)
    with demo_db.session() as session:
        owner = evidence.audit_owner(session, 2013, "internal", "101")
    return add_attachments(demo_db, owner, [path], evidence_date=DAY).value


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("議事録.pdf", PE),
        ("写真.jpg", ELF),
        ("メモ.txt", b"#!/bin/sh\nrm -rf ~\n"),
        ("一覧.csv", b"@echo off\r\ndel /q *.*\r\n"),
        ("記録", PE),  # no extension at all
        ("説明.docx", b"\xcf\xfa\xed\xfe" + bytes(100)),  # Mach-O
    ],
    ids=_id,
)
def test_a_program_is_refused_by_its_content_whatever_its_name(demo_db, demo_path, tmp_path, name, data):
    before = sql_dump(demo_path)
    with pytest.raises(ValidationError, match="プログラム"):
        _add(demo_db, tmp_path, name, data)
    assert sql_dump(demo_path) == before


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("議事録.pdf", random.Random(22).randbytes(2000), "PDF"),
        ("写真.jpg", PNG, "PNG"),
        ("写真.png", b"plain words", "PNG"),
        ("報告.docx", ooxml("docx", content_types=False), "Word"),
        ("報告.docx", ooxml("xlsx"), "Word"),
        ("集計.xlsx", b"PK\x03\x04" + bytes(100), "Excel"),
        ("資料.pptx", ooxml("docx"), "PowerPoint"),
        ("旧形式.doc", PDF, "Word"),
        ("一覧.csv", "機関,点数\n".encode() + b"\x00\x00", "テキスト"),
        ("メモ.txt", b"\xff\xfe\xfd\xfc\x80\x81", "テキスト"),
    ],
    ids=_id,
)
def test_a_content_that_is_not_what_the_extension_claims_is_refused(demo_db, demo_path, tmp_path, name, data, expected):
    before = sql_dump(demo_path)
    with pytest.raises(ValidationError, match=expected) as refused:
        _add(demo_db, tmp_path, name, data)
    assert name in str(refused.value)
    assert sql_dump(demo_path) == before


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("議事録.pdf", PDF),
        ("写真.png", PNG),
        ("写真.JPG", JPEG),
        ("図.gif", GIF),
        ("スキャン.tif", TIFF),
        ("画面.bmp", BMP),
        ("報告.docx", ooxml("docx")),
        ("集計.xlsx", ooxml("xlsx")),
        ("資料.pptx", ooxml("pptx")),
        ("旧形式.xls", OLE2),
        ("一覧.csv", "機関,点数\r\n消防課,3\r\n".encode("cp932")),
        ("メモ.txt", "鍵の管理簿を確認した。\n".encode()),
        ("空.txt", b""),
    ],
    ids=_id,
)
def test_documents_and_images_that_are_what_they_claim_are_stored(demo_db, tmp_path, name, data):
    [info] = _add(demo_db, tmp_path, name, data)
    assert info.file_name == name and info.size == len(data)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are always Unicode there")
def test_a_file_name_that_is_not_utf8_is_stored_readably_without_a_traceback(demo_path, tmp_path, capsys):
    raw = os.path.join(os.fsencode(tmp_path), "議事録_".encode() + b"\x82\xa0.pdf")
    with open(raw, "wb") as stream:
        stream.write(PDF)
    program = os.path.join(os.fsencode(tmp_path), b"setup_\x82\xa0.pdf")
    with open(program, "wb") as stream:
        stream.write(PE)
    db = str(demo_path)
    owner = ["--audit", "2013", "internal", "101", "--date", "2013-10-02"]
    assert main(["attach", "add", "--db", db, *owner, os.fsdecode(raw)]) == 0, capsys.readouterr().err
    assert "議事録_\ufffd\ufffd.pdf" in capsys.readouterr().out
    before = sql_dump(demo_path)
    assert main(["attach", "add", "--db", db, *owner, os.fsdecode(program)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "setup_\ufffd\ufffd.pdf" in err and "プログラム" in err
    assert sql_dump(demo_path) == before


@pytest.mark.parametrize("data", [PDF, "鍵の管理簿\n".encode()], ids=["pdf", "text"])
def test_a_content_stored_as_text_gives_a_japanese_message_not_a_traceback(demo_db, demo_path, tmp_path, capsys, data):
    from jukidesk.base.errors import JukideskError
    from jukidesk.core import evidence

    [info] = _add(demo_db, tmp_path, "記録.txt" if data[:1] != b"%" else "記録.pdf", data)
    con = sqlite3.connect(demo_path)
    con.execute("UPDATE attachment_content SET data = CAST(data AS TEXT)")
    con.commit()
    con.close()
    capsys.readouterr()
    assert main(["attach", "extract", "--db", str(demo_path), "--id", str(info.id), "--out", str(tmp_path / "copy.bin")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "証拠資料" in err and "文字列" in err
    assert not (tmp_path / "copy.bin").exists()
    with demo_db.session() as session:
        with pytest.raises(JukideskError, match="文字列"):
            evidence.extract_for_viewing(session, info.id, tmp_path / "view")
