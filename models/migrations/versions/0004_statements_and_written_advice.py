"""group statements, written advice and prompt tones

- quote.kind gains 'group_statement': a statement the group agreed on at the read-back, in its
  own wording. It has no turn, so quote.start and quote.end become nullable (None: no turn holds
  it; 0/0 would pretend to point into a turn), and quote.group_id names the interview group it
  was agreed in (also used by written advice).
- quote.written: good advice typed in from the writing sheets, never said aloud.
- quote.prompt_tone (critical | positive | open, CHECK ck_quote_prompt_tone) chooses the
  questions the next group is asked about a statement; existing quotes get 'critical', the
  questions every guide asked until now, so their guides read as before.
- quote.own_prompts: the evaluator's own questions about a statement (a JSON list).
- statement_support (statement_id, quote_id): the verbatim quotes backing a group statement.

SQLite cannot change a CHECK constraint or a column's NULL rule in place: batch mode copies the
quote table once, with AUTOINCREMENT kept (see 0003). On PostgreSQL the old CHECK is dropped and
the new one created by name. The values are written out here, not imported from the models.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ENUM_LENGTH = 32
KINDS_BEFORE = ('statement', 'advice')
KINDS = ('statement', 'advice', 'group_statement')
TONES = ('critical', 'positive', 'open')


def _vocabulary(name: str, values: tuple[str, ...]) -> sa.Enum:
    # A new object for each use: an Enum attaches its CHECK constraint to the table it is put on.
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=ENUM_LENGTH)


def _check(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


_SEQUENCE = sa.table('sqlite_sequence', sa.column('name', sa.String()), sa.column('seq', sa.Integer()))


def _counter(bind) -> int:
    return bind.scalar(sa.select(_SEQUENCE.c.seq).where(_SEQUENCE.c.name == 'quote')) or 0


def _set_counter(bind, value: int) -> None:
    bind.execute(_SEQUENCE.delete().where(_SEQUENCE.c.name == 'quote'))
    bind.execute(_SEQUENCE.insert().values(name='quote', seq=max(value, _counter(bind))))


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == 'sqlite'

    if not sqlite:
        op.drop_constraint('ck_quote_kind', 'quote', type_='check')
        op.create_check_constraint('ck_quote_kind', 'quote', _check('kind', KINDS))
    # The table copy restarts SQLite's AUTOINCREMENT counter at the highest id still in quote;
    # a removed quote's id, still named in artifact_quote, must stay unused (see 0003).
    highest = _counter(bind) if sqlite else 0
    with op.batch_alter_table('quote', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        if sqlite:
            batch_op.alter_column('kind', existing_type=_vocabulary('ck_quote_kind', KINDS_BEFORE),
                                  type_=_vocabulary('ck_quote_kind', KINDS), existing_nullable=False)
        batch_op.alter_column('start', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('end', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('written', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('prompt_tone', _vocabulary('ck_quote_prompt_tone', TONES), nullable=False,
                                      server_default='critical'))
        batch_op.add_column(sa.Column('own_prompts', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.create_index(batch_op.f('ix_quote_group_id'), ['group_id'], unique=False)
        batch_op.create_foreign_key('fk_quote_group_id_interview_group', 'interview_group', ['group_id'], ['id'])

    if highest:
        _set_counter(bind, highest)

    op.create_table('statement_support',
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['quote_id'], ['quote.id'], ),
    sa.ForeignKeyConstraint(['statement_id'], ['quote.id'], ),
    sa.PrimaryKeyConstraint('statement_id', 'quote_id')
    )
    with op.batch_alter_table('statement_support', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_support_quote_id'), ['quote_id'], unique=False)


def downgrade() -> None:
    """Back to 0003. Group statements and written advice have no place there: they are deleted
    (with their carries and support links); the rest of the quotes stay."""
    bind = op.get_bind()
    sqlite = bind.dialect.name == 'sqlite'
    quote = sa.table('quote', sa.column('id', sa.Integer()), sa.column('kind', sa.String()),
                     sa.column('written', sa.Boolean()))
    gone = sa.select(quote.c.id).where(sa.or_(quote.c.kind == 'group_statement', quote.c.written == sa.true()))
    carry = sa.table('quote_carry', sa.column('quote_id', sa.Integer()))
    bind.execute(carry.delete().where(carry.c.quote_id.in_(gone)))
    op.drop_table('statement_support')
    bind.execute(quote.delete().where(quote.c.id.in_(gone)))

    if not sqlite:
        op.drop_constraint('ck_quote_kind', 'quote', type_='check')
        op.create_check_constraint('ck_quote_kind', 'quote', _check('kind', KINDS_BEFORE))
    highest = _counter(bind) if sqlite else 0
    with op.batch_alter_table('quote', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_constraint('ck_quote_prompt_tone', type_='check')
        batch_op.drop_constraint('fk_quote_group_id_interview_group', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_quote_group_id'))
        batch_op.drop_column('own_prompts')
        batch_op.drop_column('prompt_tone')
        batch_op.drop_column('written')
        batch_op.drop_column('group_id')
        batch_op.alter_column('end', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('start', existing_type=sa.Integer(), nullable=False)
        if sqlite:
            batch_op.alter_column('kind', existing_type=_vocabulary('ck_quote_kind', KINDS),
                                  type_=_vocabulary('ck_quote_kind', KINDS_BEFORE), existing_nullable=False)
    if highest:
        _set_counter(bind, highest)
