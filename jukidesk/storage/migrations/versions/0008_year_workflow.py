"""year workflow: events of the clerk's year and the imported workbook files

Revision ID: 0008
Revises: 0007

``year_event`` records what the home tab (今年度の進捗) cannot see in the data: the
self-inspection workbooks sent out, 資料2 generated and issued. ``imported_file`` keeps the
SHA-256 of every workbook the folder import took in, so a file is never imported twice.
"""

from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "year_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fy", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "action IN ('export', 'report_generated', 'report_issued')", name=op.f("ck_year_event_action")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_year_event")),
    )
    with op.batch_alter_table("year_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_year_event_fy"), ["fy"], unique=False)

    op.create_table(
        "imported_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("fy", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institution.id"],
            name=op.f("fk_imported_file_institution_id_institution"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_file")),
        sa.UniqueConstraint("sha256", name=op.f("uq_imported_file_sha256")),
    )
    with op.batch_alter_table("imported_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_imported_file_fy"), ["fy"], unique=False)
        batch_op.create_index(batch_op.f("ix_imported_file_institution_id"), ["institution_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("imported_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imported_file_institution_id"))
        batch_op.drop_index(batch_op.f("ix_imported_file_fy"))
    op.drop_table("imported_file")
    with op.batch_alter_table("year_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_year_event_fy"))
    op.drop_table("year_event")
