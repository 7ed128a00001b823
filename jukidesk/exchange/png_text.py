"""The text chunks of a PNG file (tEXt, zTXt, iTXt), read without a graphics library.

The グラフ tab writes each chart's title and note into the PNG it saves ("Title",
"Description", the PNG standard keywords), so a chart saved as a file and later placed on
資料2's sheet グラフ from the command line keeps its caption instead of its file name. The
file may come from anywhere: every length is checked and nothing is decompressed beyond a
caption's worth.
"""

from __future__ import annotations

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_TEXT = 4096  # a caption, not a document: larger texts are ignored


def _inflate(data: bytes) -> bytes | None:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_TEXT + 1)
    except zlib.error:
        return None
    return out if len(out) <= MAX_TEXT else None


def _chunk_text(kind: bytes, body: bytes) -> tuple[str, str] | None:
    keyword, sep, rest = body.partition(b"\0")
    if not sep or not keyword:
        return None
    key = keyword.decode("latin-1")
    if kind == b"tEXt":
        return key, rest.decode("latin-1")
    if kind == b"zTXt":
        text = _inflate(rest[1:]) if rest[:1] == b"\0" else None
        return (key, text.decode("latin-1")) if text is not None else None
    # iTXt: compression flag, method, language tag\0, translated keyword\0, UTF-8 text
    if len(rest) < 2:
        return None
    compressed, tail = rest[0], rest[2:]
    _language, _, tail = tail.partition(b"\0")
    _translated, _, text = tail.partition(b"\0")
    if compressed:
        text = _inflate(text)
        if text is None:
            return None
    try:
        return key, text.decode("utf-8")
    except UnicodeDecodeError:
        return None


def png_text(data: bytes) -> dict[str, str]:
    """Keyword → text of every readable text chunk before the image data; ``{}`` for a file
    that is not a PNG or has none."""
    if not data.startswith(SIGNATURE):
        return {}
    texts: dict[str, str] = {}
    pos = len(SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if len(body) < length or kind == b"IEND":
            break
        if kind in (b"tEXt", b"zTXt", b"iTXt") and length <= 4 * MAX_TEXT:
            found = _chunk_text(kind, body)
            if found and found[0] not in texts:
                texts[found[0]] = found[1]
        pos += 12 + length  # length, type, data, CRC
    return texts
