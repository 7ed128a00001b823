"""Contents for test attachments that are what their names claim (core.evidence checks the
content against the extension): the type's signature, then random bytes up to ``size``."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

SIGNATURES = {
    ".pdf": b"%PDF-1.4\n",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".jpg": b"\xff\xd8\xff\xe0",
    ".jpeg": b"\xff\xd8\xff\xe0",
    ".gif": b"GIF89a",
    ".bmp": b"BM" + bytes(24),
    ".tif": b"II*\x00",
    ".tiff": b"II*\x00",
    ".doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    ".xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    ".ppt": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
}
OFFICE = {
    ".docx": "wordprocessingml.document",
    ".xlsx": "spreadsheetml.sheet",
    ".pptx": "presentationml.presentation",
    ".docm": "ms-word.document.macroEnabled",
    ".xlsm": "ms-excel.sheet.macroEnabled",
    ".pptm": "ms-powerpoint.presentation.macroEnabled",
}


def _office(suffix: str, padding: int) -> bytes:
    kind = OFFICE[suffix]
    prefix = "application/vnd.openxmlformats-officedocument." if not kind.startswith("ms-") else "application/vnd."
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/main.xml" ContentType="{prefix}{kind}.main+xml"/></Types>',
        )
        archive.writestr("pad.bin", os.urandom(padding))
    return buffer.getvalue()


def sample(name: str, size: int) -> bytes:
    """``size`` bytes whose content matches the extension of ``name`` (random bytes when the
    extension claims no particular type)."""
    suffix = Path(name).suffix.lower()
    if suffix in OFFICE:
        overhead = len(_office(suffix, 0))
        return _office(suffix, max(size - overhead, 0))
    if suffix in (".txt", ".csv"):
        return ("あ" * size).encode("utf-8")[:size].decode("utf-8", "ignore").encode("utf-8").ljust(size, b" ")
    head = SIGNATURES.get(suffix, b"")
    return head + os.urandom(max(size - len(head), 0))
