"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 12:52:46.396443
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('checklist_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('valid_from_fy', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_template')),
    sa.UniqueConstraint('name', 'version', name=op.f('uq_checklist_template_name_version'))
    )
    op.create_table('institution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('has_terminal', sa.Boolean(), nullable=False),
    sa.Column('head_title', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('valid_from_fy', sa.Integer(), nullable=False),
    sa.Column('valid_until_fy', sa.Integer(), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('user', 'operator')", name=op.f('ck_institution_kind')),
    sa.CheckConstraint('valid_until_fy IS NULL OR valid_until_fy >= valid_from_fy', name=op.f('ck_institution_validity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institution')),
    sa.UniqueConstraint('code', name=op.f('uq_institution_code')),
    sa.UniqueConstraint('name', name=op.f('uq_institution_name'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('year_note',
    sa.Column('fy', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('fy', 'key', name=op.f('pk_year_note'))
    )
    op.create_table('audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fy', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=True),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('auditors', sa.Text(), nullable=False),
    sa.Column('methods', sa.String(length=200), nullable=False),
    sa.Column('notified_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('internal', 'external', 'followup')", name=op.f('ck_audit_kind')),
    sa.CheckConstraint("status IN ('planned', 'notified', 'done', 'reported')", name=op.f('ck_audit_status')),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_audit_institution_id_institution'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit')),
    sa.UniqueConstraint('fy', 'kind', 'institution_id', name=op.f('uq_audit_fy_kind_institution_id'))
    )
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_fy'), ['fy'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_institution_id'), ['institution_id'], unique=False)

    op.create_table('checklist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fy', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('filled_by', sa.String(length=200), nullable=False),
    sa.Column('filled_on', sa.Date(), nullable=True),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('self', 'internal', 'external', 'followup')", name=op.f('ck_checklist_kind')),
    sa.CheckConstraint("status IN ('open', 'complete')", name=op.f('ck_checklist_status')),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_checklist_institution_id_institution'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['template_id'], ['checklist_template.id'], name=op.f('fk_checklist_template_id_checklist_template'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist')),
    sa.UniqueConstraint('fy', 'kind', 'institution_id', name=op.f('uq_checklist_fy_kind_institution_id'))
    )
    with op.batch_alter_table('checklist', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_fy'), ['fy'], unique=False)
        batch_op.create_index(batch_op.f('ix_checklist_institution_id'), ['institution_id'], unique=False)

    op.create_table('template_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['checklist_template.id'], name=op.f('fk_template_category_template_id_checklist_template'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_template_category'))
    )
    op.create_table('template_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('important', sa.Boolean(), nullable=False),
    sa.Column('kinds', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['template_category.id'], name=op.f('fk_template_item_category_id_template_category'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['template_id'], ['checklist_template.id'], name=op.f('fk_template_item_template_id_checklist_template'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_template_item')),
    sa.UniqueConstraint('template_id', 'number', name=op.f('uq_template_item_template_id_number'))
    )
    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checklist_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('not_applicable', sa.Boolean(), nullable=False),
    sa.Column('remark', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('NOT (not_applicable AND score IS NOT NULL)', name=op.f('ck_answer_na_has_no_score')),
    sa.CheckConstraint('score IS NULL OR score IN (1, 2, 3)', name=op.f('ck_answer_score')),
    sa.ForeignKeyConstraint(['checklist_id'], ['checklist.id'], name=op.f('fk_answer_checklist_id_checklist'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['template_item.id'], name=op.f('fk_answer_item_id_template_item'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer')),
    sa.UniqueConstraint('checklist_id', 'item_id', name=op.f('uq_answer_checklist_id_item_id'))
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_checklist_id'), ['checklist_id'], unique=False)

    op.create_table('finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('audit_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('confirmed_by_audit_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_on', sa.Date(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'in_progress', 'confirmed')", name=op.f('ck_finding_status')),
    sa.ForeignKeyConstraint(['audit_id'], ['audit.id'], name=op.f('fk_finding_audit_id_audit'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['confirmed_by_audit_id'], ['audit.id'], name=op.f('fk_finding_confirmed_by_audit_id_audit'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['template_item.id'], name=op.f('fk_finding_item_id_template_item'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding'))
    )
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_audit_id'), ['audit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_audit_id'))

    op.drop_table('finding')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_checklist_id'))

    op.drop_table('answer')
    op.drop_table('template_item')
    op.drop_table('template_category')
    with op.batch_alter_table('checklist', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_institution_id'))
        batch_op.drop_index(batch_op.f('ix_checklist_fy'))

    op.drop_table('checklist')
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_institution_id'))
        batch_op.drop_index(batch_op.f('ix_audit_fy'))

    op.drop_table('audit')
    op.drop_table('year_note')
    op.drop_table('setting')
    op.drop_table('institution')
    op.drop_table('checklist_template')
