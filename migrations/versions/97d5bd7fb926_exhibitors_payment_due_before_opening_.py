"""exhibitors: payment due before opening, refund terms, pending profile photos

fair_terms.pay_before_opening_days: a payment request falls due payment_days after approval but
never later than this many days before the fair opens (7 for existing fairs).
fair_terms.refund_pct: share refunded on withdrawal; NULL = the organisers decide.
exhibitor_pending_photos: photos stored at upload, kept when the profile form fails.

Revision ID: 97d5bd7fb926
Revises: 299cb9eef563
Create Date: 2026-12-01 22:04:15.327038

"""
from alembic import op
import sqlalchemy as sa

import fairapp.core.db  # noqa: F401 (UTCDateTime)


# revision identifiers, used by Alembic.
revision = '97d5bd7fb926'
down_revision = '299cb9eef563'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exhibitor_pending_photos',
    sa.Column('image_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', fairapp.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['image_id'], ['stored_images.id'], name=op.f('fk_exhibitor_pending_photos_image_id_stored_images'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_exhibitor_pending_photos_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('image_id', name=op.f('pk_exhibitor_pending_photos'))
    )
    with op.batch_alter_table('exhibitor_pending_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exhibitor_pending_photos_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('fair_terms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pay_before_opening_days', sa.Integer(), server_default='7', nullable=False))
        batch_op.add_column(sa.Column('refund_pct', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_fair_terms_pay_before_opening'),
                                         'pay_before_opening_days BETWEEN 0 AND 120')
        batch_op.create_check_constraint(op.f('ck_fair_terms_refund_pct'),
                                         'refund_pct IS NULL OR refund_pct BETWEEN 0 AND 100')



def downgrade():
    with op.batch_alter_table('fair_terms', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_fair_terms_refund_pct'), type_='check')
        batch_op.drop_constraint(op.f('ck_fair_terms_pay_before_opening'), type_='check')
        batch_op.drop_column('refund_pct')
        batch_op.drop_column('pay_before_opening_days')

    with op.batch_alter_table('exhibitor_pending_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exhibitor_pending_photos_user_id'))

    op.drop_table('exhibitor_pending_photos')
