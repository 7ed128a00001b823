"""several clerks: row versions on findings, audits and the organisation's settings

Revision ID: 0015
Revises: 0014

Issue 19, after 0014 (answers). ``finding.version``, ``audit.version`` and ``setting.version``
count the changes of each row (SQLAlchemy's ``version_id_col``): an UPDATE or DELETE based on a
version another clerk has changed meanwhile matches no row and is refused with a message naming
who changed it (storage.conflicts), instead of silently overwriting their work. Existing rows
start at version 1.
"""

from alembic import op
import sqlalchemy as sa

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLES = ("finding", "audit", "setting")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
