"""checklist templates versions, reopen records

Revision ID: 0003
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Completion, reopening and import replacements of a checklist, recorded (issue 4).
    op.create_table(
        "checklist_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checklist_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "action IN ('complete', 'reopen', 'import')", name=op.f("ck_checklist_event_action")
        ),
        sa.ForeignKeyConstraint(
            ["checklist_id"],
            ["checklist.id"],
            name=op.f("fk_checklist_event_checklist_id_checklist"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_event")),
    )
    with op.batch_alter_table("checklist_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checklist_event_checklist_id"), ["checklist_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("checklist_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_event_checklist_id"))
    op.drop_table("checklist_event")
