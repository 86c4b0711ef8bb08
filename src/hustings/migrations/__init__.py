"""Alembic migrations: versions/NNNN_slug.py, numbered and linear, for SQLite and PostgreSQL."""
