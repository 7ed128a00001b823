"""Helpers shared by the reliability tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def sql_dump(path: Path, *, without: tuple[str, ...] = ()) -> str:
    """Every row of the file (as in tests/conftest.py), optionally without some tables."""
    con = sqlite3.connect(path)
    try:
        lines = con.iterdump()
        if without:
            lines = (line for line in lines if not any(f'"{name}"' in line.split("VALUES")[0] for name in without))
        return "\n".join(lines)
    finally:
        con.close()


def scalar(path: Path, sql: str, *params):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchone()[0]
    finally:
        con.close()
