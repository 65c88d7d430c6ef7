"""The evaluation's tables (SQLModel). Import the modules here so SQLModel.metadata is complete
for Alembic. One table per module, named after it; code imports each class (and the closed
vocabulary of its columns) from its own module (`from models.quote import Quote, QuoteKind`).
"""

from models import (  # noqa: F401
    artifact,
    artifact_quote,
    audit_event,
    evaluation,
    interview_group,
    level,
    local_name,
    participant,
    participant_identity,
    quote,
    quote_carry,
    redaction,
    statement_support,
    theme,
    transcript,
    turn,
    web_account,
    web_login_failure,
    web_session,
)
