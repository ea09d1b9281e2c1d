"""person_state.health: the warning signs' inputs kept at ingest (issue 10)

Revision ID: 0008
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Filled by the next ingest or re-derivation of each person; until then `coach people`
    # reads the history as before.
    with op.batch_alter_table("person_state") as batch:
        batch.add_column(sa.Column("health", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person_state") as batch:
        batch.drop_column("health")
