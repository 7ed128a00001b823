"""Test helpers for the organisation's own tables (CSV as Excel on a Japanese PC saves it)."""

from __future__ import annotations


def write_csv(path, rows, encoding="utf-8"):
    """``rows`` (lists of cell texts) as a CSV file with Excel's CRLF line ends."""
    text = "\r\n".join(",".join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path
