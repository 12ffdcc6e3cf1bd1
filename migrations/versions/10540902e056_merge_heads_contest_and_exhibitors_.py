"""merge heads: the contest and exhibitors branches (both grew from the same base in parallel)

Revision ID: 10540902e056
Revises: 13d9e91b1229, 77c034df592d
Create Date: 2026-11-29 14:43:32.467692

"""

# revision identifiers, used by Alembic.
revision = '10540902e056'
down_revision = ('13d9e91b1229', '77c034df592d')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
