"""several clerks: a row version on answers, the PC of each change in the history

Revision ID: 0014
Revises: 0011

Issue 19. ``answer.version`` counts the changes of an answer (SQLAlchemy's
``version_id_col``): an UPDATE or DELETE based on a version another clerk has changed meanwhile
matches no row and is refused with a message naming who changed it, instead of silently
overwriting their answer. ``change_log.host`` records the computer of each change beside the
OS user (NULL for the records made before).
"""

from alembic import op
import sqlalchemy as sa

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    # change_log keeps its append-only triggers: a plain ADD COLUMN (no table copy) on both
    # engines; SQLite allows it without batch mode for a nullable column.
    op.add_column("change_log", sa.Column("host", sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column("change_log", "host")
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_column("version")
