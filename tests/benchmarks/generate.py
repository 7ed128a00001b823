"""Write a synthetic jukidesk database of a given size (national scale by default).

    python tests/benchmarks/generate.py --institutions 2000 --years 20 --items 100 --seed 1 --db big.sqlite

What it holds, all deterministic for a seed (two runs with the same arguments give the same
rows, byte for byte in ``iterdump``):

* ``--institutions`` institutions (about 10 % operators; about 5 % join the registry late and
  about 5 % retire early, so the registry differs between years);
* one checklist template version with ``--items`` items in ten categories;
* for each of ``--years`` fiscal years from ``--first-fy``: a completed self-inspection of
  every institution valid that year, and audits of all three kinds with their completed
  checklists — internal audits visit each institution once in six years, external audits
  once in twenty, follow-ups once in forty. With the defaults that is about 4.7 million
  answers (3.8 million self-inspection, the rest audits).

Scores: 3 for about 85 % of the items, 2 for 9 %, 1 for 2 %, 該当なし for 4 %; scores under 3
carry a remark. Findings, checklist events and the edit history are not generated.

How: the file is created with ``jukidesk.storage.database.open_database`` (so the schema is
the migrated one) and the template goes through ``core.templates.create_template``; the bulk
rows are then written with ``executemany`` in one transaction per table, bypassing the ORM
(and therefore the edit history, which records user edits, not synthetic data).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CATEGORIES = 10
# Audit rotation: kind → (every how many years an institution is visited, phase offset).
AUDIT_ROTATION = {"internal": (6, 0), "external": (20, 3), "followup": (40, 7)}
SCORE_CHOICES = (3, 2, 1, None)  # None = 該当なし
SCORE_WEIGHTS = (85, 9, 2, 4)
REMARKS = {2: "一部未実施のため、次年度までに手順書を改訂する。", 1: "未実施。担当者を指名して今年度中に実施する。"}
CATEGORY_NAMES = (
    "組織体制", "規程の整備", "教育・研修", "入退室管理", "端末の管理",
    "操作者の管理", "アクセスログ", "媒体の管理", "委託の管理", "緊急時の対応",
)
METHODS = {
    "internal": "hearing,documents,site_visit",
    "external": "hearing,site_visit,log_analysis",
    "followup": "site_visit,documents",
}
AUDITORS = {"internal": "監査担当 甲、監査担当 乙", "external": "外部監査法人", "followup": "監査担当 甲"}


def _timestamp(fy: int, month: int, day: int, hour: int = 17) -> str:
    """SQLAlchemy's storage format for DateTime on SQLite."""
    year = fy if month >= 4 else fy + 1
    return f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:00:00.000000"


def _date(fy: int, month: int, day: int) -> str:
    year = fy if month >= 4 else fy + 1
    return f"{year:04d}-{month:02d}-{day:02d}"


def template_definition(items: int):
    from jukidesk.core.templates import CategoryDefinition, ItemDefinition, TemplateDefinition

    categories = []
    per_category, extra = divmod(items, CATEGORIES)
    for c in range(CATEGORIES):
        count = per_category + (1 if c < extra else 0)
        if count == 0:
            continue
        code = str(c + 1)
        cat = CategoryDefinition(code, CATEGORY_NAMES[c])
        for n in range(count):
            cat.items.append(
                ItemDefinition(
                    number=f"{code}-{n + 1}",
                    text=f"{CATEGORY_NAMES[c]}について、規程に定める手順 {n + 1} を実施し、記録を保存しているか。",
                    guidance="関係書類と記録を照合して確認する。",
                    important=(n == 0),
                )
            )
        categories.append(cat)
    return TemplateDefinition("合成チェックリスト（性能測定用）", categories)


def institution_rows(rng: random.Random, count: int, first_fy: int, years: int) -> list[tuple]:
    last_fy = first_fy + years - 1
    rows = []
    for i in range(1, count + 1):
        valid_from, valid_until = first_fy, None
        roll = rng.random()
        if roll < 0.05 and years > 1:
            valid_from = rng.randint(first_fy + 1, last_fy)
        elif roll < 0.10 and years > 1:
            valid_until = rng.randint(first_fy, last_fy - 1)
        kind = "operator" if rng.random() < 0.10 else "user"
        rows.append(
            (
                i,
                f"{i:05d}",
                f"合成機関{i:05d}",
                f"機関{i:05d}",
                kind,
                int(rng.random() < 0.6),
                "所長",
                f"合成県合成市{i}番地",
                valid_from,
                valid_until,
                i,
            )
        )
    return rows


def generate(
    db_path: Path,
    *,
    institutions: int = 2000,
    years: int = 20,
    items: int = 100,
    seed: int = 1,
    first_fy: int = 2005,
    force: bool = False,
    quiet: bool = False,
) -> dict[str, int]:
    """Write the database; returns row counts per table."""
    from jukidesk.core.settings import SPEC_BY_KEY
    from jukidesk.core.templates import create_template
    from jukidesk.storage.database import open_database

    db_path = Path(db_path)
    if db_path.exists():
        if not force:
            raise SystemExit(f"{db_path} は既に存在します（--force で上書き）")
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    rng = random.Random(seed)

    db = open_database(db_path)  # creates the file and migrates it to the current schema
    try:
        with db.transaction() as session:
            template = create_template(session, template_definition(items), first_fy)
            template_id = template.id
            item_ids = [item.id for item in template.items]
    finally:
        db.close()

    con = sqlite3.connect(db_path, isolation_level=None)
    counts: dict[str, int] = {}
    try:
        # One big transaction: a rollback journal holds only the few pages that existed before,
        # where WAL would write every new page twice (log, then checkpoint). Back to WAL after.
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("PRAGMA cache_size=-200000")
        con.execute("BEGIN")
        # Fixed timestamps where the application writes "now", so a seed gives the same file.
        con.execute("UPDATE checklist_template SET created_at = ?", (_timestamp(first_fy, 4, 1, 9),))
        # Settings as rows (not save_settings, whose edit history would carry today's date).
        settings = {"org_name": "合成県（性能測定用）", "org_short_name": "県", "cycle_first_fy": first_fy}
        unknown = [key for key in settings if key not in SPEC_BY_KEY]
        if unknown:
            raise SystemExit(f"core.settings has no setting {unknown} any more: update generate.py")
        con.executemany("INSERT INTO setting (key, value) VALUES (?, ?)", [(k, str(v)) for k, v in settings.items()])
        inst = institution_rows(rng, institutions, first_fy, years)
        con.executemany(
            "INSERT INTO institution (id, code, name, short_name, kind, has_terminal, head_title, address, "
            "valid_from_fy, valid_until_fy, sort_order) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            inst,
        )
        counts["institution"] = len(inst)

        checklist_id = 0
        answers = 0
        audits = []
        checklists = []
        n_items = len(item_ids)
        answer_sql = (
            "INSERT INTO answer (id, checklist_id, item_id, score, not_applicable, remark, updated_at) "
            "VALUES (?,?,?,?,?,?,?)"
        )
        for fy in range(first_fy, first_fy + years):
            valid = [row for row in inst if row[8] <= fy and (row[9] is None or fy <= row[9])]
            for kind in ("self", "internal", "external", "followup"):
                if kind == "self":
                    targets = valid
                else:
                    every, phase = AUDIT_ROTATION[kind]
                    targets = [row for row in valid if (row[0] + fy + phase) % every == 0]
                    for row in targets:
                        month, day = (4 + row[0] % 9) % 12 + 1, 1 + row[0] % 28  # May to January
                        starts = _timestamp(fy, month, day, 10)
                        audits.append(
                            (
                                fy, kind, row[0], "reported", starts, _timestamp(fy, month, day, 12),
                                row[7], AUDITORS[kind], METHODS[kind], _date(fy, month, 1), "", 0,
                                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                            )
                        )
                stamp = _timestamp(fy, 9, 30)
                batch = []
                for row in targets:
                    checklist_id += 1
                    checklists.append(
                        (checklist_id, fy, kind, row[0], template_id, "complete", f"{row[3]} 担当者",
                         _date(fy, 9, 30), stamp)
                    )
                    scores = rng.choices(SCORE_CHOICES, SCORE_WEIGHTS, k=n_items)
                    base = answers
                    batch.extend(
                        (base + k + 1, checklist_id, item_ids[k], s, int(s is None), REMARKS.get(s, ""), stamp)
                        for k, s in enumerate(scores)
                    )
                    answers += n_items
                con.executemany(
                    "INSERT INTO checklist (id, fy, kind, institution_id, template_id, status, filled_by, "
                    "filled_on, completed_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    checklists,
                )
                checklists.clear()
                con.executemany(answer_sql, batch)
        con.executemany(
            'INSERT INTO "audit" (fy, kind, institution_id, status, starts_at, ends_at, place, auditors, '
            "methods, notified_on, note, pinned, uid) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            audits,
        )
        con.execute("COMMIT")
        counts["checklist"] = checklist_id
        counts["answer"] = answers
        counts["audit"] = len(audits)
        con.execute("PRAGMA journal_mode=WAL")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    counts["seconds"] = round(time.perf_counter() - started, 1)
    if not quiet:
        print(
            f"{db_path}: {counts['institution']} 機関, {counts['checklist']} チェックリスト, "
            f"{counts['answer']} 回答, {counts['audit']} 監査 ({counts['seconds']} 秒)",
            file=sys.stderr,
        )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="性能測定用の合成データベースを作る")
    parser.add_argument("--institutions", type=int, default=2000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--first-fy", type=int, default=2005)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--force", action="store_true", help="既存のファイルを上書きする")
    args = parser.parse_args(argv)
    if args.institutions < 1 or args.years < 1 or args.items < 1:
        parser.error("--institutions, --years, --items は 1 以上")
    generate(
        args.db,
        institutions=args.institutions,
        years=args.years,
        items=args.items,
        seed=args.seed,
        first_fy=args.first_fy,
        force=args.force,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
