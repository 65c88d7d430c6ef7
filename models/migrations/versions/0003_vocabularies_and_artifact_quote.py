"""closed vocabularies checked by the database; artifact_quote instead of artifact.quote_ids

- quote.kind, participant.consent_status and local_name.kind get a CHECK constraint listing
  their values (models.quote.QuoteKind, models.participant.ConsentStatus,
  models.local_name.LocalNameKind), as VARCHAR(32), no native PostgreSQL ENUM. SQLite cannot add
  a constraint to a table, so batch mode copies each table (one batch per table: a second copy
  of the same table would be made from a reflection and must not lose the first one's change).
- quote gets AUTOINCREMENT on SQLite, so the id of a deleted quote is never given to a new one:
  artifact_quote keeps naming deleted quotes (see models/artifact_quote.py).
- artifact_quote (artifact_id, quote_id) replaces the JSON list artifact.quote_ids; the lists are
  moved into it row by row and the column is dropped.

Written for SQLite and PostgreSQL alike: the data move uses the migration's own connection and
SQLAlchemy Core. On SQLite, bikva.store.engine.migrate runs the migrations with foreign keys off
(a table copy drops the table that other tables refer to) and checks them before committing.
The values are written out here rather than imported from the models, so this migration keeps
doing what it did when the models change.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 10:00:00.000000

"""
import json
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ENUM_LENGTH = 32
# (table, column, CHECK constraint name, values)
VOCABULARIES = [
    ('quote', 'kind', 'ck_quote_kind', ('statement', 'advice')),
    ('participant', 'consent_status', 'ck_participant_consent_status', ('unknown', 'given', 'withdrawn')),
    ('local_name', 'kind', 'ck_local_name_kind', ('place', 'organisation', 'person')),
]


def _vocabulary(name: str, values: tuple[str, ...]) -> sa.Enum:
    # A new object for each use: an Enum attaches its CHECK constraint to the table it is put on.
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=ENUM_LENGTH)


def _artifact_table(*columns: sa.Column) -> sa.TableClause:
    return sa.table('artifact', sa.column('id', sa.Integer()), *columns)


_LINK = sa.table('artifact_quote', sa.column('artifact_id', sa.Integer()), sa.column('quote_id', sa.Integer()))


def upgrade() -> None:
    bind = op.get_bind()

    op.create_table('artifact_quote',
    sa.Column('artifact_id', sa.Integer(), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['artifact_id'], ['artifact.id'], ),
    sa.PrimaryKeyConstraint('artifact_id', 'quote_id')
    )
    with op.batch_alter_table('artifact_quote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_artifact_quote_quote_id'), ['quote_id'], unique=False)

    artifact = _artifact_table(sa.column('quote_ids', sa.Text()))
    links = [
        {'artifact_id': artifact_id, 'quote_id': quote_id}
        for artifact_id, quote_ids in bind.execute(sa.select(artifact.c.id, artifact.c.quote_ids).order_by(artifact.c.id))
        for quote_id in sorted({int(value) for value in json.loads(quote_ids or '[]')})
    ]
    if links:
        bind.execute(_LINK.insert(), links)
    with op.batch_alter_table('artifact', schema=None) as batch_op:
        batch_op.drop_column('quote_ids')

    for table, column, name, values in VOCABULARIES:
        table_kwargs = {'sqlite_autoincrement': True} if table == 'quote' else {}
        with op.batch_alter_table(table, schema=None, table_kwargs=table_kwargs) as batch_op:
            batch_op.alter_column(column, existing_type=sqlmodel.sql.sqltypes.AutoString(),
                                  type_=_vocabulary(name, values), existing_nullable=False)

    if bind.dialect.name == 'sqlite':
        # A quote deleted before this upgrade may still be named in artifact_quote: start the
        # AUTOINCREMENT counter above every id in use or logged (the copy set it to the highest
        # id still in quote). PostgreSQL's sequence is above every id it ever gave out.
        sequence = sa.table('sqlite_sequence', sa.column('name', sa.String()), sa.column('seq', sa.Integer()))
        highest = max(bind.scalar(sa.select(sa.func.max(_LINK.c.quote_id))) or 0,
                      bind.scalar(sa.text('SELECT max(id) FROM quote')) or 0)
        if highest:
            bind.execute(sequence.delete().where(sequence.c.name == 'quote'))
            bind.execute(sequence.insert().values(name='quote', seq=highest))


def downgrade() -> None:
    bind = op.get_bind()

    for table, column, name, values in reversed(VOCABULARIES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=_vocabulary(name, values),
                                  type_=sqlmodel.sql.sqltypes.AutoString(), existing_nullable=False)

    with op.batch_alter_table('artifact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quote_ids', sa.Text(), nullable=False, server_default='[]'))
    artifact = _artifact_table(sa.column('quote_ids', sa.Text()))
    held: dict[int, list[int]] = {}
    for artifact_id, quote_id in bind.execute(sa.select(_LINK.c.artifact_id, _LINK.c.quote_id)):
        held.setdefault(artifact_id, []).append(quote_id)
    for artifact_id, quote_ids in sorted(held.items()):
        bind.execute(artifact.update().where(artifact.c.id == artifact_id).values(quote_ids=json.dumps(sorted(quote_ids))))

    with op.batch_alter_table('artifact_quote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_artifact_quote_quote_id'))
    op.drop_table('artifact_quote')
