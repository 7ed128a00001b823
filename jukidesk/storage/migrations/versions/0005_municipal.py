"""municipal operations: roster, training, drills, inspections, meetings, rules, contracts

Revision ID: 0005
Revises: 0004
"""

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # reserved slot: filled by the municipal work


def downgrade() -> None:
    pass
