"""audit records and findings additions

Adds to ``audit``: ``pinned`` (the rotation planner keeps pinned audits when it recomputes a
cycle) and ``uid`` (a stable identity for calendar exports: the .ics UID must not change
when an audit moves to another day or year). Existing audits get a fresh uid each.

Revision ID: 0004
Revises: 0003
"""

import uuid

from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pinned", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("uid", sa.String(length=36), nullable=True))
    connection = op.get_bind()
    ids = [row[0] for row in connection.execute(sa.text("SELECT id FROM audit"))]
    for audit_id in ids:
        connection.execute(sa.text("UPDATE audit SET uid = :uid WHERE id = :id"), {"uid": str(uuid.uuid4()), "id": audit_id})
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.alter_column("uid", existing_type=sa.String(length=36), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_audit_uid"), ["uid"])


def downgrade() -> None:
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_uid"), type_="unique")
        batch_op.drop_column("uid")
        batch_op.drop_column("pinned")
