"""outbox attachments may be rendered at sending time

Revision ID: 8e29b76b3a54
Revises: 1ed2bed76fc0
Create Date: 2026-11-29 14:25:55.958467

"""
from alembic import op
import sqlalchemy as sa

import fairapp.core.db


# revision identifiers, used by Alembic.
revision = '8e29b76b3a54'
down_revision = '1ed2bed76fc0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('renderer', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('renderer_arg', sa.String(length=64), nullable=True))
        batch_op.alter_column('data',
               existing_type=sa.LargeBinary(),
               nullable=True)
        batch_op.create_check_constraint(op.f("ck_outbox_attachments_data_or_renderer"),
                                         "data IS NOT NULL OR renderer IS NOT NULL")


def downgrade():
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outbox_attachments_data_or_renderer"), type_="check")
        batch_op.alter_column('data',
               existing_type=sa.LargeBinary(),
               nullable=False)
        batch_op.drop_column('renderer_arg')
        batch_op.drop_column('renderer')

