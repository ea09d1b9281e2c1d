"""The store: SQLAlchemy tables (SQLite by default, PostgreSQL for teams), the source of truth."""
