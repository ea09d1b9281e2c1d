"""index_versions: one counter per owner, bumped with every change to its vectors

Revision ID: 0007
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('index_versions',
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('owner')
    )


def downgrade() -> None:
    op.drop_table('index_versions')
