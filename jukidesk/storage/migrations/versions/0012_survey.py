"""survey: the yearly 調査票 to 総務省 (templates, questions, links to the rules register, answers)

Revision ID: 0012
Revises: 0011

Issue 18. ``survey_template`` / ``survey_question`` hold the versioned item list (chapters
and questions), ``survey_question_rule`` ties a question to procedures of the rules register
(``rule_document``), ``survey_answer`` one answer per question per fiscal year.
"""

from alembic import op
import sqlalchemy as sa

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "survey_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("valid_from_fy", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_template")),
        sa.UniqueConstraint("name", "version", name=op.f("uq_survey_template_name_version")),
    )
    op.create_table(
        "survey_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("chapter", sa.String(length=200), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"], ["survey_template.id"],
            name=op.f("fk_survey_question_template_id_survey_template"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_question")),
        sa.UniqueConstraint("template_id", "number", name=op.f("uq_survey_question_template_id_number")),
        sa.UniqueConstraint("template_id", "position", name=op.f("uq_survey_question_template_id_position")),
    )
    with op.batch_alter_table("survey_question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_question_template_id"), ["template_id"], unique=False)
    op.create_table(
        "survey_question_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"], ["survey_question.id"],
            name=op.f("fk_survey_question_rule_question_id_survey_question"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["rule_document.id"],
            name=op.f("fk_survey_question_rule_rule_id_rule_document"), ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_question_rule")),
        sa.UniqueConstraint("question_id", "rule_id", name=op.f("uq_survey_question_rule_question_id_rule_id")),
    )
    with op.batch_alter_table("survey_question_rule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_question_rule_question_id"), ["question_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_survey_question_rule_rule_id"), ["rule_id"], unique=False)
    op.create_table(
        "survey_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fy", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IS NULL OR status IN ('done', 'partial', 'missing', 'na')", name=op.f("ck_survey_answer_status")
        ),
        sa.ForeignKeyConstraint(
            ["question_id"], ["survey_question.id"],
            name=op.f("fk_survey_answer_question_id_survey_question"), ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer")),
        sa.UniqueConstraint("fy", "question_id", name=op.f("uq_survey_answer_fy_question_id")),
    )
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_answer_fy"), ["fy"], unique=False)
        batch_op.create_index(batch_op.f("ix_survey_answer_question_id"), ["question_id"], unique=False)


def downgrade() -> None:
    op.drop_table("survey_answer")
    op.drop_table("survey_question_rule")
    op.drop_table("survey_question")
    op.drop_table("survey_template")
