"""Storage: the SQLite file, its ORM models and its Alembic migrations. Qt-free."""
