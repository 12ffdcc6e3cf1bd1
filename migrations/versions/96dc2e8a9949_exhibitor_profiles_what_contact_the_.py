"""exhibitor profiles: what contact the exhibitor agreed to publish

The public exhibitor page shows the phone or the e-mail only when the exhibitor ticked it
(Law 91/2025/QH15: explicit consent per purpose). Existing profiles publish nothing.

Revision ID: 96dc2e8a9949
Revises: c4a7e2d91f30
Create Date: 2026-12-01 21:43:19.788353

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '96dc2e8a9949'
down_revision = 'c4a7e2d91f30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('exhibitor_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('publish_phone', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('publish_email', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('exhibitor_profiles', schema=None) as batch_op:
        batch_op.drop_column('publish_email')
        batch_op.drop_column('publish_phone')
