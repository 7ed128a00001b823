"""Every ORM model, imported so that ``Base.metadata`` knows all tables (Alembic's env and
the schema test import this). Each area keeps its models in its own module."""

from jukidesk.storage import models_city, models_evidence, models_history, models_municipal, models_past, models_survey  # noqa: F401
from jukidesk.storage.models import Base  # noqa: F401
