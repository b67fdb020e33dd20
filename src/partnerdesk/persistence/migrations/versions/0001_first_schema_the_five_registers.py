"""First schema: the five registers and their link tables.

Column types here are plain SQLAlchemy types on purpose: a migration must not change
when the application's type decorators change (amounts are integers of ten-thousandths,
timestamps naive UTC).

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 17:30:41.052940
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('database_info',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_database_info'))
    )
    op.create_table('organisations',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('short_name', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('city', sa.String(length=200), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('population_year', sa.Integer(), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('municipality', 'city_unit', 'municipal_company', 'ngo', 'university', 'company', 'hospital', 'other')", name=op.f('ck_organisations_kind')),
    sa.CheckConstraint('latitude IS NULL OR (latitude BETWEEN -90 AND 90)', name=op.f('ck_organisations_latitude')),
    sa.CheckConstraint('longitude IS NULL OR (longitude BETWEEN -180 AND 180)', name=op.f('ck_organisations_longitude')),
    sa.CheckConstraint('population IS NULL OR population >= 0', name=op.f('ck_organisations_population')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_name'), ['name'], unique=False)

    op.create_table('contacts',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('organisation_id', sa.String(length=36), nullable=True),
    sa.Column('function', sa.String(length=300), nullable=False),
    sa.Column('email', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=100), nullable=False),
    sa.Column('preferred_language', sa.String(length=2), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_contacts_organisation_id_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('partnerships',
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('partner_id', sa.String(length=36), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('mou_status', sa.String(length=32), nullable=False),
    sa.Column('mou_signed_on', sa.Date(), nullable=True),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.CheckConstraint("mou_status IN ('none', 'in_preparation', 'signed', 'expired')", name=op.f('ck_partnerships_mou_status')),
    sa.CheckConstraint("status IN ('exploring', 'active', 'dormant', 'ended')", name=op.f('ck_partnerships_status')),
    sa.CheckConstraint("type IN ('twinning', 'project_partnership', 'climate_partnership', 'friendship', 'project_cooperation')", name=op.f('ck_partnerships_type')),
    sa.ForeignKeyConstraint(['partner_id'], ['organisations.id'], name=op.f('fk_partnerships_partner_id_organisations'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnerships'))
    )
    with op.batch_alter_table('partnerships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnerships_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnerships_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnerships_title'), ['title'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnerships_type'), ['type'], unique=False)

    op.create_table('partnership_coordinators',
    sa.Column('partnership_id', sa.String(length=36), nullable=False),
    sa.Column('organisation_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_partnership_coordinators_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], name=op.f('fk_partnership_coordinators_partnership_id_partnerships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partnership_id', 'organisation_id', name=op.f('pk_partnership_coordinators'))
    )
    with op.batch_alter_table('partnership_coordinators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_coordinators_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('partnership_sdg_goals',
    sa.Column('partnership_id', sa.String(length=36), nullable=False),
    sa.Column('goal', sa.Integer(), nullable=False),
    sa.CheckConstraint('goal BETWEEN 1 AND 17', name=op.f('ck_partnership_sdg_goals_goal')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], name=op.f('fk_partnership_sdg_goals_partnership_id_partnerships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partnership_id', 'goal', name=op.f('pk_partnership_sdg_goals'))
    )
    with op.batch_alter_table('partnership_sdg_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_sdg_goals_goal'), ['goal'], unique=False)

    op.create_table('projects',
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('partnership_id', sa.String(length=36), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('budget_amount', sa.BigInteger(), nullable=True),
    sa.Column('budget_currency', sa.String(length=3), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('idea', 'planned', 'running', 'completed', 'cancelled')", name=op.f('ck_projects_status')),
    sa.CheckConstraint('budget_amount IS NULL OR budget_amount >= 0', name=op.f('ck_projects_budget_amount')),
    sa.CheckConstraint('end_date IS NULL OR start_date IS NULL OR end_date >= start_date', name=op.f('ck_projects_dates')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], name=op.f('fk_projects_partnership_id_partnerships'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_partnership_id'), ['partnership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_start_date'), ['start_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_title'), ['title'], unique=False)

    op.create_table('activities',
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('partnership_id', sa.String(length=36), nullable=True),
    sa.Column('project_id', sa.String(length=36), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('meeting', 'delegation_trip', 'workshop', 'donation', 'call', 'other')", name=op.f('ck_activities_kind')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], name=op.f('fk_activities_partnership_id_partnerships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_activities_project_id_projects'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activities'))
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activities_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_partnership_id'), ['partnership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_project_id'), ['project_id'], unique=False)

    op.create_table('funding_sources',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount IS NULL OR amount >= 0', name=op.f('ck_funding_sources_amount')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_funding_sources_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_sources'))
    )
    with op.batch_alter_table('funding_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_sources_project_id'), ['project_id'], unique=False)

    op.create_table('project_contacts',
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('contact_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_project_contacts_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_contacts_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'contact_id', name=op.f('pk_project_contacts'))
    )
    with op.batch_alter_table('project_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_contacts_contact_id'), ['contact_id'], unique=False)

    op.create_table('project_participants',
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('organisation_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('lead', 'partner', 'implementer', 'funder', 'advisor')", name=op.f('ck_project_participants_role')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_project_participants_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_participants_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'organisation_id', name=op.f('pk_project_participants'))
    )
    with op.batch_alter_table('project_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_participants_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('project_sdg_goals',
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('goal', sa.Integer(), nullable=False),
    sa.CheckConstraint('goal BETWEEN 1 AND 17', name=op.f('ck_project_sdg_goals_goal')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_sdg_goals_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'goal', name=op.f('pk_project_sdg_goals'))
    )
    with op.batch_alter_table('project_sdg_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_sdg_goals_goal'), ['goal'], unique=False)

    op.create_table('project_sdg_targets',
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('target', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_sdg_targets_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'target', name=op.f('pk_project_sdg_targets'))
    )
    op.create_table('activity_contacts',
    sa.Column('activity_id', sa.String(length=36), nullable=False),
    sa.Column('contact_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_activity_contacts_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_activity_contacts_contact_id_contacts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('activity_id', 'contact_id', name=op.f('pk_activity_contacts'))
    )
    with op.batch_alter_table('activity_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_contacts_contact_id'), ['contact_id'], unique=False)

    op.create_table('activity_organisations',
    sa.Column('activity_id', sa.String(length=36), nullable=False),
    sa.Column('organisation_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_activity_organisations_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_activity_organisations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('activity_id', 'organisation_id', name=op.f('pk_activity_organisations'))
    )
    with op.batch_alter_table('activity_organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_organisations_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('follow_ups',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('activity_id', sa.String(length=36), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_follow_ups_activity_id_activities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_ups'))
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_ups_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_ups_due_date'), ['due_date'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_ups_due_date'))
        batch_op.drop_index(batch_op.f('ix_follow_ups_activity_id'))

    op.drop_table('follow_ups')
    with op.batch_alter_table('activity_organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_organisations_organisation_id'))

    op.drop_table('activity_organisations')
    with op.batch_alter_table('activity_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_contacts_contact_id'))

    op.drop_table('activity_contacts')
    op.drop_table('project_sdg_targets')
    with op.batch_alter_table('project_sdg_goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_sdg_goals_goal'))

    op.drop_table('project_sdg_goals')
    with op.batch_alter_table('project_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_participants_organisation_id'))

    op.drop_table('project_participants')
    with op.batch_alter_table('project_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_contacts_contact_id'))

    op.drop_table('project_contacts')
    with op.batch_alter_table('funding_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_sources_project_id'))

    op.drop_table('funding_sources')
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activities_project_id'))
        batch_op.drop_index(batch_op.f('ix_activities_partnership_id'))
        batch_op.drop_index(batch_op.f('ix_activities_kind'))
        batch_op.drop_index(batch_op.f('ix_activities_date'))

    op.drop_table('activities')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_title'))
        batch_op.drop_index(batch_op.f('ix_projects_status'))
        batch_op.drop_index(batch_op.f('ix_projects_start_date'))
        batch_op.drop_index(batch_op.f('ix_projects_partnership_id'))

    op.drop_table('projects')
    with op.batch_alter_table('partnership_sdg_goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_sdg_goals_goal'))

    op.drop_table('partnership_sdg_goals')
    with op.batch_alter_table('partnership_coordinators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_coordinators_organisation_id'))

    op.drop_table('partnership_coordinators')
    with op.batch_alter_table('partnerships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnerships_type'))
        batch_op.drop_index(batch_op.f('ix_partnerships_title'))
        batch_op.drop_index(batch_op.f('ix_partnerships_status'))
        batch_op.drop_index(batch_op.f('ix_partnerships_partner_id'))

    op.drop_table('partnerships')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_contacts_name'))

    op.drop_table('contacts')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_name'))
        batch_op.drop_index(batch_op.f('ix_organisations_kind'))
        batch_op.drop_index(batch_op.f('ix_organisations_country'))

    op.drop_table('organisations')
    op.drop_table('database_info')

