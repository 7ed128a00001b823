"""papers: the change-log position of a year event; issued papers of any registered paper

Revision ID: 0010
Revises: 0009

Issue 15. ``year_event.change_id`` keeps the newest ``change_log.id`` when the event was
recorded, so "data changed since 資料2 was generated" compares ids instead of timestamps
cut to whole seconds (events recorded before have NULL: the timestamps decide for them).
``issued_paper.paper`` loses its check: which papers exist is decided by the registry
``reports.papers`` alone (one registration per paper). Batch mode copies the table, which
drops its triggers, so the append-only triggers of 0009 are created again.
"""

from alembic import op
import sqlalchemy as sa

from jukidesk.storage.dialects import create_append_only_triggers, drop_append_only_triggers

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_TRIGGERS = {
    "issued_paper_no_update": "UPDATE",
    "issued_paper_no_delete": "DELETE",
}


def _create_triggers() -> None:
    create_append_only_triggers(op, "issued_paper", _TRIGGERS, "issued papers are never changed")


def _drop_triggers() -> None:
    drop_append_only_triggers(op, "issued_paper", _TRIGGERS)


def upgrade() -> None:
    with op.batch_alter_table("year_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change_id", sa.Integer(), nullable=True))

    _drop_triggers()
    with op.batch_alter_table("issued_paper", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_issued_paper_paper"), type_="check")
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table("issued_paper", schema=None) as batch_op:
        batch_op.create_check_constraint("paper", "paper IN ('shiryo2', 'committee')")
    _create_triggers()

    with op.batch_alter_table("year_event", schema=None) as batch_op:
        batch_op.drop_column("change_id")
