"""thread corrections, per-person state, derived-data version

Revision ID: 0003
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "thread_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("person_key", sa.String(length=200), nullable=False),
        sa.Column("source_key", sa.String(length=1000), nullable=False),
        sa.Column("quote_hash", sa.String(length=64), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner", "person_key", "source_key", "quote_hash",
                            name="uq_thread_corrections_key"),
    )
    with op.batch_alter_table("thread_corrections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_thread_corrections_owner"), ["owner"], unique=False)
    op.create_table(
        "person_state",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("engine_version", sa.String(length=40), nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.Column("last_meeting", sa.Date(), nullable=True),
        sa.Column("open_threads", sa.Integer(), nullable=False),
        sa.Column("warning_signs", sa.JSON(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id"),
    )
    with op.batch_alter_table("person_state", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_state_owner"), ["owner"], unique=False)
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("engine_version", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("engine_version")
    op.drop_table("person_state")
    op.drop_table("thread_corrections")
