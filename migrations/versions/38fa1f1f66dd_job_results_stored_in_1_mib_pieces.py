"""job results stored in 1 MiB pieces

Revision ID: 38fa1f1f66dd
Revises: 8063986b86cd
Create Date: 2026-11-29 15:11:05.272775

"""
from alembic import op
import sqlalchemy as sa

import fairapp.core.db


# revision identifiers, used by Alembic.
revision = '38fa1f1f66dd'
down_revision = '8063986b86cd'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_result_chunks',
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_result_chunks_job_id_jobs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('job_id', 'seq', name=op.f('pk_job_result_chunks'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_column('result')



def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('result', sa.LargeBinary(), nullable=True))

    op.drop_table('job_result_chunks')
