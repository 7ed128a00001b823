"""past results: yearly figures from before jukidesk

Revision ID: 0011
Revises: 0010

Issue 16. ``past_result`` holds one row per fiscal year and kind imported from the
organisation's own file (``jukidesk results import``): institutions counted, the average
as exact decimal text, the institutions and findings as typed, and the source (file name,
SHA-256, row, when, by whom). ``core.summary`` uses them for a year and kind without
checklists or audits of its own.
"""

from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "past_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fy", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("institutions", sa.Integer(), nullable=False),
        sa.Column("average", sa.String(length=20), nullable=True),
        sa.Column("performed_by", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("source_file", sa.String(length=255), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "kind IN ('self', 'internal', 'external', 'followup')", name=op.f("ck_past_result_kind")
        ),
        sa.CheckConstraint("institutions >= 0", name=op.f("ck_past_result_institutions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_past_result")),
        sa.UniqueConstraint("fy", "kind", name=op.f("uq_past_result_fy_kind")),
    )


def downgrade() -> None:
    op.drop_table("past_result")
