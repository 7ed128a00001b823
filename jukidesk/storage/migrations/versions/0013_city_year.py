"""city year: 審議会 decisions, internal audit reports by method, vendor certificate kind

Revision ID: 0013
Revises: 0011

Issue 18. ``council_decision`` (one per fiscal year) and ``council_decision_reply`` record
the 審議会's 開催要否; ``internal_audit_report`` with ``internal_audit_method`` and
``internal_audit_proposal`` record the 内部監査報告書 (results by method, proposals followed
to done); ``outsourcing_contract.certificate_kind`` says whether the vendor's certificate
is a プライバシーマーク (``pmark``, every existing row) or ISMS (``isms``).
"""

from alembic import op
import sqlalchemy as sa

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outsourcing_contract") as batch:
        batch.add_column(sa.Column("certificate_kind", sa.String(length=20), nullable=False, server_default="pmark"))
        batch.create_check_constraint("certificate_kind", "certificate_kind IN ('pmark', 'isms')")
    op.create_table(
        "council_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fy", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False),
        sa.Column("opinions_due_on", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "decision IS NULL OR decision IN ('hold', 'not_hold')", name=op.f("ck_council_decision_decision")
        ),
        sa.CheckConstraint("opinions_due_on >= sent_on", name=op.f("ck_council_decision_due")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_decision")),
        sa.UniqueConstraint("fy", name=op.f("uq_council_decision_fy")),
    )
    op.create_table(
        "council_decision_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("answer", sa.String(length=20), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.CheckConstraint("answer IN ('hold', 'not_hold')", name=op.f("ck_council_decision_reply_answer")),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["council_decision.id"], name=op.f("fk_council_decision_reply_decision_id_council_decision"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["committee_member.id"], name=op.f("fk_council_decision_reply_member_id_committee_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_decision_reply")),
        sa.UniqueConstraint("decision_id", "member_id", name=op.f("uq_council_decision_reply_decision_id_member_id")),
    )
    op.create_index(op.f("ix_council_decision_reply_decision_id"), "council_decision_reply", ["decision_id"])
    op.create_table(
        "internal_audit_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("auditors", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audit.id"], name=op.f("fk_internal_audit_report_audit_id_audit"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internal_audit_report")),
        sa.UniqueConstraint("audit_id", name=op.f("uq_internal_audit_report_audit_id")),
    )
    op.create_table(
        "internal_audit_method",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=100), nullable=False),
        sa.Column("no_problem", sa.Boolean(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["internal_audit_report.id"],
            name=op.f("fk_internal_audit_method_report_id_internal_audit_report"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internal_audit_method")),
        sa.UniqueConstraint("report_id", "method", name=op.f("uq_internal_audit_method_report_id_method")),
    )
    op.create_index(op.f("ix_internal_audit_method_report_id"), "internal_audit_method", ["report_id"])
    op.create_table(
        "internal_audit_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=100), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("response", sa.Text(), nullable=False),
        sa.CheckConstraint("status IN ('open', 'in_progress', 'done')", name=op.f("ck_internal_audit_proposal_status")),
        sa.ForeignKeyConstraint(
            ["report_id"], ["internal_audit_report.id"],
            name=op.f("fk_internal_audit_proposal_report_id_internal_audit_report"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internal_audit_proposal")),
    )
    op.create_index(op.f("ix_internal_audit_proposal_report_id"), "internal_audit_proposal", ["report_id"])


def downgrade() -> None:
    op.drop_table("internal_audit_proposal")
    op.drop_table("internal_audit_method")
    op.drop_table("internal_audit_report")
    op.drop_table("council_decision_reply")
    op.drop_table("council_decision")
    with op.batch_alter_table("outsourcing_contract") as batch:
        batch.drop_constraint("certificate_kind", type_="check")
        batch.drop_column("certificate_kind")
