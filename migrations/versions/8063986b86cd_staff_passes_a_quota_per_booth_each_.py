"""staff passes: a quota per booth, each pass a ticket

Revision ID: 8063986b86cd
Revises: 10540902e056
Create Date: 2026-11-29 14:59:07.935601

"""
from alembic import op
import sqlalchemy as sa

import fairapp.core.db


# revision identifiers, used by Alembic.
revision = '8063986b86cd'
down_revision = '10540902e056'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staff_passes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('created_at', fairapp.core.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('slot >= 1', name=op.f('ck_staff_passes_slot')),
    sa.ForeignKeyConstraint(['application_id'], ['exhibitor_applications.id'], name=op.f('fk_staff_passes_application_id_exhibitor_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_staff_passes_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_passes')),
    sa.UniqueConstraint('application_id', 'slot', name=op.f('uq_staff_passes_application_id_slot')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_staff_passes_ticket_id'))
    )
    with op.batch_alter_table('staff_passes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_passes_application_id'), ['application_id'], unique=False)

    with op.batch_alter_table('fair_terms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('staff_passes_per_booth', sa.Integer(), server_default='3', nullable=False))
        batch_op.create_check_constraint(op.f("ck_fair_terms_staff_passes"), "staff_passes_per_booth BETWEEN 0 AND 50")



def downgrade():
    with op.batch_alter_table('fair_terms', schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_fair_terms_staff_passes"), type_="check")
        batch_op.drop_column('staff_passes_per_booth')

    with op.batch_alter_table('staff_passes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_passes_application_id'))

    op.drop_table('staff_passes')
