"""Run by test_crash.py in a child process that the test kills (SIGKILL) mid-way.

    python crash_worker.py import DB   — one large transaction (a fake import), flushing
                                         in chunks and printing "flushed N" after each;
    python crash_worker.py stream DB   — many small transactions, printing "committed N".
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import select

from jukidesk.core.settings import save_settings
from jukidesk.storage.database import open_database
from jukidesk.storage.models import Answer, YearNote

IMPORT_REMARK = "取込みで書き換えた備考" * 5
IMPORT_NOTES = 2000
IMPORT_FY = 2099
STREAM_ANSWERS = 100


def fake_import(db) -> None:
    with db.transaction() as session:
        answers = list(session.scalars(select(Answer).order_by(Answer.id)))
        for index, answer in enumerate(answers, 1):
            answer.remark = IMPORT_REMARK
            if index % 500 == 0:
                session.flush()
                print(f"flushed {index}", flush=True)
        for index in range(IMPORT_NOTES):
            session.add(YearNote(fy=IMPORT_FY, key=f"import-{index:05d}", text="取込み行 " * 20))
            if index % 500 == 499:
                session.flush()
                print(f"flushed notes {index}", flush=True)
    print("committed", flush=True)


def stream(db) -> None:
    for i in range(1_000_000):
        with db.transaction() as session:
            answer = session.get(Answer, i % STREAM_ANSWERS + 1)
            answer.remark = f"edit {i}"
            save_settings(session, {"contact_person": str(i)})
        print(f"committed {i}", flush=True)


if __name__ == "__main__":
    mode, path = sys.argv[1], Path(sys.argv[2])
    database = open_database(path)
    try:
        {"import": fake_import, "stream": stream}[mode](database)
    finally:
        database.close()
