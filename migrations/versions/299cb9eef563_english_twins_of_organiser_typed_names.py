"""English twins of the names organisers type: fair name and venue, contest, halls, gates

Empty means "not translated": English pages then show the Vietnamese (core.i18n.localized).
Categories, rounds, criteria, criterion levels and ticket types already had theirs.

Revision ID: 299cb9eef563
Revises: 96dc2e8a9949
Create Date: 2026-12-01 21:49:12.807188

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '299cb9eef563'
down_revision = '96dc2e8a9949'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_en', sa.String(length=200), server_default='', nullable=False))

    with op.batch_alter_table('fairs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_en', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('venue_en', sa.String(length=200), server_default='', nullable=False))

    with op.batch_alter_table('gates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_en', sa.String(length=60), server_default='', nullable=False))

    with op.batch_alter_table('halls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_en', sa.String(length=120), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('halls', schema=None) as batch_op:
        batch_op.drop_column('name_en')

    with op.batch_alter_table('gates', schema=None) as batch_op:
        batch_op.drop_column('name_en')

    with op.batch_alter_table('fairs', schema=None) as batch_op:
        batch_op.drop_column('venue_en')
        batch_op.drop_column('name_en')

    with op.batch_alter_table('contests', schema=None) as batch_op:
        batch_op.drop_column('name_en')
