"""performance: a covering index for the score averages

Revision ID: 0007
Revises: 0006

The yearly summary and the 20-year trend read every answer's score per checklist
(``core.summary.institution_scores``). With an index on ``(checklist_id, score)`` SQLite
answers that from the index alone instead of visiting each answer row: on 4.7 million
answers the 20-year trend drops from about 1.2 s to 0.7 s (tests/benchmarks/README.md).
It replaces the index on ``checklist_id`` alone, which it makes redundant (same leading
column), so the file does not grow and inserts maintain no extra index.
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Index changes only: batch mode runs them in place (no table copy).
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index("ix_answer_checklist_id")
        batch_op.create_index("ix_answer_checklist_id_score", ["checklist_id", "score"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index("ix_answer_checklist_id_score")
        batch_op.create_index("ix_answer_checklist_id", ["checklist_id"], unique=False)
