"""municipal operations: roster, training, drills, inspections, meetings, rules, contracts

Revision ID: 0005
Revises: 0004
"""

from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('committee_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('affiliation', sa.String(length=300), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=False),
    sa.Column('term_end', sa.Date(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.CheckConstraint("role IN ('chair', 'deputy', 'member')", name=op.f('ck_committee_member_role')),
    sa.CheckConstraint('term_end >= term_start', name=op.f('ck_committee_member_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_member'))
    )
    op.create_table('drill',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('scenario', sa.Text(), nullable=False),
    sa.Column('participants', sa.Text(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('follow_up', sa.Text(), nullable=False),
    sa.Column('follow_up_done', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drill'))
    )
    with op.batch_alter_table('drill', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drill_held_on'), ['held_on'], unique=False)

    op.create_table('emergency_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('revised_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('plan', 'contacts')", name=op.f('ck_emergency_document_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emergency_document'))
    )
    op.create_table('inspection_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('daily', 'monthly')", name=op.f('ck_inspection_template_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_template')),
    sa.UniqueConstraint('kind', 'version', name=op.f('uq_inspection_template_kind_version'))
    )
    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fy', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('time_text', sa.String(length=100), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('web', sa.Boolean(), nullable=False),
    sa.Column('written', sa.Boolean(), nullable=False),
    sa.Column('materials_sent_on', sa.Date(), nullable=True),
    sa.Column('opinions_due_on', sa.Date(), nullable=True),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('management', 'council')", name=op.f('ck_meeting_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_fy'), ['fy'], unique=False)

    op.create_table('outsourcing_contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vendor', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('privacy_mark_number', sa.String(length=100), nullable=False),
    sa.Column('privacy_mark_expires_on', sa.Date(), nullable=True),
    sa.Column('requirements_checked', sa.Boolean(), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_outsourcing_contract_period')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outsourcing_contract'))
    )
    op.create_table('role_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('person', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('section', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_role_assignment_period')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_assignment'))
    )
    op.create_table('rule_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('revised_on', sa.Date(), nullable=True),
    sa.Column('next_review_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('rule', 'procedure')", name=op.f('ck_rule_document_kind')),
    sa.CheckConstraint("status IN ('ready', 'missing')", name=op.f('ck_rule_document_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_document')),
    sa.UniqueConstraint('title', name=op.f('uq_rule_document_title'))
    )
    op.create_table('training_course',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fy', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('planned_from', sa.Date(), nullable=True),
    sa.Column('planned_until', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('elearning', 'practical', 'other')", name=op.f('ck_training_course_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_course')),
    sa.UniqueConstraint('fy', 'title', name=op.f('uq_training_course_fy_title'))
    )
    with op.batch_alter_table('training_course', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_course_fy'), ['fy'], unique=False)

    op.create_table('agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('report', sa.Text(), nullable=False),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_agenda_item_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item')),
    sa.UniqueConstraint('meeting_id', 'position', name=op.f('uq_agenda_item_meeting_id_position'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('inspection_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['inspection_template.id'], name=op.f('fk_inspection_item_template_id_inspection_template'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_item')),
    sa.UniqueConstraint('template_id', 'position', name=op.f('uq_inspection_item_template_id_position'))
    )
    op.create_table('inspection_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('inspector', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('daily', 'monthly')", name=op.f('ck_inspection_record_kind')),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_inspection_record_institution_id_institution'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['template_id'], ['inspection_template.id'], name=op.f('fk_inspection_record_template_id_inspection_template'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_record')),
    sa.UniqueConstraint('kind', 'institution_id', 'period', name=op.f('uq_inspection_record_kind_institution_id_period'))
    )
    with op.batch_alter_table('inspection_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_record_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_record_period'), ['period'], unique=False)

    op.create_table('meeting_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.String(length=200), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_attendance_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['committee_member.id'], name=op.f('fk_meeting_attendance_member_id_committee_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendance'))
    )
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendance_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_staff_period')),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_staff_institution_id_institution'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('code', name=op.f('uq_staff_code'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_institution_id'), ['institution_id'], unique=False)

    op.create_table('written_reply',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('has_opinion', sa.Boolean(), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_written_reply_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['committee_member.id'], name=op.f('fk_written_reply_member_id_committee_member'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_written_reply')),
    sa.UniqueConstraint('meeting_id', 'member_id', name=op.f('uq_written_reply_meeting_id_member_id'))
    )
    with op.batch_alter_table('written_reply', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_written_reply_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('inspection_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('remark', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['inspection_item.id'], name=op.f('fk_inspection_result_item_id_inspection_item'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['record_id'], ['inspection_record.id'], name=op.f('fk_inspection_result_record_id_inspection_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_result')),
    sa.UniqueConstraint('record_id', 'item_id', name=op.f('uq_inspection_result_record_id_item_id'))
    )
    with op.batch_alter_table('inspection_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_result_record_id'), ['record_id'], unique=False)

    op.create_table('training_completion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['training_course.id'], name=op.f('fk_training_completion_course_id_training_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_training_completion_staff_id_staff'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_completion')),
    sa.UniqueConstraint('course_id', 'staff_id', name=op.f('uq_training_completion_course_id_staff_id'))
    )
    with op.batch_alter_table('training_completion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_completion_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_completion_staff_id'), ['staff_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('training_completion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_completion_staff_id'))
        batch_op.drop_index(batch_op.f('ix_training_completion_course_id'))

    op.drop_table('training_completion')
    with op.batch_alter_table('inspection_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_result_record_id'))

    op.drop_table('inspection_result')
    with op.batch_alter_table('written_reply', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_written_reply_meeting_id'))

    op.drop_table('written_reply')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_institution_id'))

    op.drop_table('staff')
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attendance_meeting_id'))

    op.drop_table('meeting_attendance')
    with op.batch_alter_table('inspection_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_record_period'))
        batch_op.drop_index(batch_op.f('ix_inspection_record_institution_id'))

    op.drop_table('inspection_record')
    op.drop_table('inspection_item')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_meeting_id'))

    op.drop_table('agenda_item')
    with op.batch_alter_table('training_course', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_course_fy'))

    op.drop_table('training_course')
    op.drop_table('rule_document')
    op.drop_table('role_assignment')
    op.drop_table('outsourcing_contract')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_fy'))

    op.drop_table('meeting')
    op.drop_table('inspection_template')
    op.drop_table('emergency_document')
    with op.batch_alter_table('drill', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drill_held_on'))

    op.drop_table('drill')
    op.drop_table('committee_member')
