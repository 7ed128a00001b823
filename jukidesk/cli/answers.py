"""answers import: past answers per item (過去の回答) from before jukidesk, through
``actions.past_answers``."""

from __future__ import annotations

from pathlib import Path

from jukidesk.cli.common import add_db_argument, open_existing


def register(subparsers) -> None:
    from jukidesk.cli import JapaneseArgumentParser

    answers = subparsers.add_parser("answers", help="過去の回答（jukidesk 導入前の項目ごとの評価）")
    commands = answers.add_subparsers(dest="answers_command", required=True, parser_class=JapaneseArgumentParser)
    imports = commands.add_parser(
        "import",
        help="過去の回答を Excel（.xlsx）または CSV から取り込む（年度・区分・機関・項目番号・評価・備考の一覧）",
    )
    add_db_argument(imports)
    imports.add_argument("file", type=Path, help="取り込むファイル（.xlsx / .csv）")
    imports.add_argument("--dry-run", action="store_true", help="取り込む内容を表示するだけで保存しない")
    imports.set_defaults(func=cmd_import)


def cmd_import(args) -> int:
    from jukidesk.actions.past_answers import import_answers

    with open_existing(args.db) as db:
        done = import_answers(db, args.file, dry_run=args.dry_run).value
    for line in done.lines:
        print(line)
    counts = f"チェックリスト {done.checklists}件、回答 {done.answers}件"
    if done.dry_run:
        print(f"確認のみ（保存していません）: {counts}")
    else:
        print(f"過去の回答を取り込みました（完了済みとして保存）: {counts}")
    return 0
