"""calendar sources, series and event instances (issue 12)

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("username", sa.String(length=320), nullable=True),
        sa.Column("payload_hash", sa.String(length=64), nullable=True),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner", "kind", "url", name="uq_calsrc_owner_url"),
    )
    op.create_index("ix_calendar_sources_owner", "calendar_sources", ["owner"])
    op.create_table(
        "calendar_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=1000), nullable=False),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("one_on_one", sa.Boolean(), nullable=False),
        sa.Column("other_email", sa.String(length=320), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("match", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["calendar_sources.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "uid", name="uq_calseries_source_uid"),
    )
    op.create_index("ix_calendar_series_owner", "calendar_series", ["owner"])
    op.create_index("ix_calendar_series_source_id", "calendar_series", ["source_id"])
    op.create_table(
        "calendar_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("instance_key", sa.String(length=64), nullable=False),
        sa.Column("original_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["series_id"], ["calendar_series.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("series_id", "instance_key", name="uq_calevent_series_instance"),
    )
    op.create_index("ix_calendar_events_owner", "calendar_events", ["owner"])
    op.create_index("ix_calendar_events_series_id", "calendar_events", ["series_id"])
    op.create_index("ix_calevent_owner_start", "calendar_events", ["owner", "start"])


def downgrade() -> None:
    op.drop_table("calendar_events")
    op.drop_table("calendar_series")
    op.drop_table("calendar_sources")
