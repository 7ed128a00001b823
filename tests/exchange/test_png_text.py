"""Captions read back from PNG text chunks, on files jukidesk did not write too."""

import struct
import zlib

from jukidesk.exchange.png_text import SIGNATURE, png_text


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(*chunks: bytes) -> bytes:
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    return SIGNATURE + header + b"".join(chunks) + _chunk(b"IEND", b"")


def test_latin1_compressed_and_utf8_texts_are_read():
    data = _png(
        _chunk(b"tEXt", b"Author\0clerk"),
        _chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"made elsewhere")),
        _chunk(b"iTXt", b"Title\0\0\0ja\0\0" + "自己点検の平均点の推移".encode()),
        _chunk(b"iTXt", b"Description\0\x01\0\0\0" + zlib.compress("注: 軸は2.5から".encode())),
    )
    assert png_text(data) == {
        "Author": "clerk",
        "Comment": "made elsewhere",
        "Title": "自己点検の平均点の推移",
        "Description": "注: 軸は2.5から",
    }


def test_damaged_or_foreign_files_give_no_text_and_no_error():
    good = _png(_chunk(b"iTXt", b"Title\0\0\0\0\0" + "推移".encode()))
    assert png_text(b"GIF89a...") == {}
    assert png_text(good[:30]) == {}  # cut inside the text chunk
    assert png_text(_png(_chunk(b"iTXt", b"Title\0\0\0\0\0\xff\xfe"))) == {}  # not UTF-8
    assert png_text(_png(_chunk(b"zTXt", b"Comment\0\0not zlib"))) == {}
    bomb = zlib.compress(b"x" * 1_000_000)  # a caption's worth is read, no more
    assert png_text(_png(_chunk(b"zTXt", b"Comment\0\0" + bomb))) == {}
