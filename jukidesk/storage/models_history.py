"""ORM models for the history area (tables are created by their own Alembic migration)."""

from jukidesk.storage.models import Base  # noqa: F401
