"""web app: accounts, server-side sessions and failed logins

- web_account: who may use `bikva serve` for this evaluation, with a role (evaluator,
  interviewer, commissioner; CHECK ck_web_account_role), an argon2 hash and, for an
  interviewer, the rounds they run. Names are unique per evaluation: on a team server every
  evaluation keeps its own accounts.
- web_session: a login; the browser holds a random token, the table only its SHA-256, with the
  session's CSRF token and when it expires.
- web_login_failure: failed logins by name and address, for throttling.

New tables only, so evaluations upgrade in place on SQLite and PostgreSQL alike. The role
values are written out here, not imported from the models.

Revision ID: 0005
Revises: 0004
Create Date: 2027-01-10 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ENUM_LENGTH = 32
ROLES = ('evaluator', 'interviewer', 'commissioner')


def upgrade() -> None:
    op.create_table('web_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sa.Enum(*ROLES, name='ck_web_account_role', native_enum=False, create_constraint=True,
                              length=ENUM_LENGTH), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('evaluation_id', 'name')
    )
    with op.batch_alter_table('web_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_account_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('web_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('csrf_token', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['web_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('web_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_session_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_web_session_token_hash'), ['token_hash'], unique=True)

    op.create_table('web_login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('web_login_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_login_failure_evaluation_id'), ['evaluation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_web_login_failure_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_web_login_failure_address'), ['address'], unique=False)


def downgrade() -> None:
    """Back to 0004: the web app's accounts and sessions go; nothing else changes."""
    op.drop_table('web_login_failure')
    op.drop_table('web_session')
    op.drop_table('web_account')
