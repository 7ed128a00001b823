"""evidence: attachments with their content, issued papers, answer status

Revision ID: 0009
Revises: 0008

Issue 11. ``attachment`` + ``attachment_content`` keep evidence files inside the database
file (backups carry them); ``issued_paper`` keeps each 資料2 / committee summary marked
発行済 (append-only: triggers refuse UPDATE and DELETE); ``answer.status`` tells an answer
carried over from last year and not re-checked (``unconfirmed``, 未確認) from one given
this year (``answered``). Existing answers are all ``answered``.
"""

from alembic import op
import sqlalchemy as sa

from jukidesk.storage.dialects import create_append_only_triggers, drop_append_only_triggers

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_TRIGGERS = {
    "issued_paper_no_update": "UPDATE",
    "issued_paper_no_delete": "DELETE",
}


def upgrade() -> None:
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_type", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("evidence_date", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "owner_type IN ('answer', 'finding', 'audit', 'drill')", name=op.f("ck_attachment_owner_type")
        ),
        sa.CheckConstraint("size >= 0", name=op.f("ck_attachment_size")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index("ix_attachment_owner", ["owner_type", "owner_id", "item_id"], unique=False)

    op.create_table(
        "attachment_content",
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachment.id"],
            name=op.f("fk_attachment_content_attachment_id_attachment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("attachment_id", name=op.f("pk_attachment_content")),
    )

    op.create_table(
        "issued_paper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper", sa.String(length=20), nullable=False),
        sa.Column("fy", sa.Integer(), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("model_json", sa.Text(), nullable=False),
        sa.Column("model_sha256", sa.String(length=64), nullable=False),
        sa.Column("xlsx", sa.LargeBinary(), nullable=False),
        sa.Column("xlsx_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("paper IN ('shiryo2', 'committee')", name=op.f("ck_issued_paper_paper")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_paper")),
    )
    with op.batch_alter_table("issued_paper", schema=None) as batch_op:
        batch_op.create_index("ix_issued_paper_paper_fy", ["paper", "fy"], unique=False)
    create_append_only_triggers(op, "issued_paper", _TRIGGERS, "issued papers are never changed")

    # A new NOT NULL column with a default for the existing rows, and its check (the table
    # is copied once by batch mode; foreign keys are off while migrating).
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), server_default="answered", nullable=False)
        )
        batch_op.create_check_constraint("status", "status IN ('answered', 'unconfirmed')")


def downgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_constraint("ck_answer_status", type_="check")
        batch_op.drop_column("status")
    drop_append_only_triggers(op, "issued_paper", _TRIGGERS)
    with op.batch_alter_table("issued_paper", schema=None) as batch_op:
        batch_op.drop_index("ix_issued_paper_paper_fy")
    op.drop_table("issued_paper")
    op.drop_table("attachment_content")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index("ix_attachment_owner")
    op.drop_table("attachment")
