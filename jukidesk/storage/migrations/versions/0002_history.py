"""edit history and backups

Revision ID: 0002
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa

from jukidesk.storage.dialects import create_append_only_triggers, drop_append_only_triggers

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The history is append-only: the database itself refuses to change or delete a record.
_TRIGGERS = {
    "change_log_no_update": "UPDATE",
    "change_log_no_delete": "DELETE",
}


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("os_user", sa.String(length=200), nullable=False),
        sa.Column("table_name", sa.String(length=100), nullable=False),
        sa.Column("row_key", sa.String(length=200), nullable=False),
        sa.Column("row_label", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=True),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("institution_id", sa.Integer(), nullable=True),
        sa.Column("fy", sa.Integer(), nullable=True),
        sa.CheckConstraint("action IN ('insert', 'update', 'delete')", name=op.f("ck_change_log_action")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_log_fy"), ["fy"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_log_institution_id"), ["institution_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_log_table_name"), ["table_name"], unique=False)
    create_append_only_triggers(op, "change_log", _TRIGGERS, "change_log is append-only")


def downgrade() -> None:
    drop_append_only_triggers(op, "change_log", _TRIGGERS)
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_log_table_name"))
        batch_op.drop_index(batch_op.f("ix_change_log_institution_id"))
        batch_op.drop_index(batch_op.f("ix_change_log_fy"))
        batch_op.drop_index(batch_op.f("ix_change_log_at"))
    op.drop_table("change_log")
