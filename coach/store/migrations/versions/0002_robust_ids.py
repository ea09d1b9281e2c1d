"""items: never reuse ids on SQLite (AUTOINCREMENT)

The FAISS index is keyed by item ids. Without AUTOINCREMENT, SQLite gives a new row
max(id)+1, so replacing a meeting's newest items hands their ids to the new lines; an index
that missed the update (a kill after the commit) then still "matches" the store by count and
max id while holding the old vectors. PostgreSQL sequences never reuse ids: nothing to do.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # coach.store.db runs this with foreign keys off, so copying the table keeps the rows
    # that point at items (item_vectors) instead of cascading deletes.
    with op.batch_alter_table(
        "items", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ):
        pass


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("items", recreate="always"):
        pass
