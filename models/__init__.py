"""The evaluation's tables (SQLModel). Import the modules here so SQLModel.metadata is complete
for Alembic; code imports the classes from their own modules (`from models.quote import Quote`).
"""

from models import audit, evaluation, quote, redaction, transcript  # noqa: F401
