"""The rows of one evaluation across every table: copying them to another database, deleting them.

Several evaluations may share one PostgreSQL database (`BIKVA_DATABASE_URL`), so "the
evaluation" is not a file but the rows reached from its `evaluation` row: a table with an
`evaluation_id` belongs by that column, any other through its first required foreign key to a
table that belongs (turn → transcript → interview_group → level → evaluation). The tables are
walked in foreign-key order from the models' metadata, so a table added by a later migration is
covered without a change here.

`copy_evaluation` copies an evaluation between databases at the same schema: with its ids kept
(into an empty database: the SQLite file of an export) or with new ids (into a database that
holds other evaluations: restoring into PostgreSQL), every foreign key following its row.
`delete_evaluation` removes every row of one evaluation (the demo rebuilt in PostgreSQL).
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, ColumnElement, Connection, Table, delete, insert, select, update
from sqlmodel import SQLModel

import models  # noqa: F401  (registers every table in SQLModel.metadata)

EVALUATION = "evaluation"


def tables() -> list[Table]:
    """Every table, parents before children (the migrations' own table is not in the models)."""
    return list(SQLModel.metadata.sorted_tables)


def _owner(table: Table) -> Column | None:
    """The column that ties a row of `table` to an evaluation (None for `evaluation` itself)."""
    if table.name == EVALUATION:
        return None
    if "evaluation_id" in table.c:
        return table.c.evaluation_id
    for column in table.c:
        for key in column.foreign_keys:
            if not column.nullable and key.column.table is not table:
                return column
    raise LookupError(f"table {table.name} is not tied to an evaluation")


def belongs(table: Table, evaluation_id: int) -> ColumnElement[bool]:
    """The condition that selects the evaluation's rows of `table`."""
    column = _owner(table)
    if column is None:
        return table.c.id == evaluation_id
    if column.name == "evaluation_id":
        return column == evaluation_id
    parent = next(iter(column.foreign_keys)).column.table
    return column.in_(select(parent.c.id).where(belongs(parent, evaluation_id)))


def _self_references(table: Table) -> list[Column]:
    return [c for c in table.c for key in c.foreign_keys if key.column.table is table]


def copy_evaluation(source: Connection, target: Connection, evaluation_id: int, *, new_ids: bool) -> int:
    """Copy every row of the evaluation from `source` to `target` (both at the same schema);
    the evaluation's id in `target`. With `new_ids`, `target` gives each row a new id and every
    reference is rewritten to it; otherwise the ids stay as they are."""
    mapping: dict[str, dict[int, int]] = {}  # table → old id → new id
    for table in tables():
        rows = [{name: _in_utc(value) for name, value in row._mapping.items()} for row in
                source.execute(select(table).where(belongs(table, evaluation_id)).order_by(*table.primary_key.columns))]
        own = _self_references(table)
        # A row may point at a row of its own table that comes later (a theme's parent): such
        # references are filled in once all the table's rows are in.
        later = [{c.name: row[c.name] for c in own} for row in rows]
        for row in rows:
            for column in own:
                row[column.name] = None
            for column in table.c:
                if column in own or row.get(column.name) is None:
                    continue
                for key in column.foreign_keys:
                    if new_ids:
                        row[column.name] = mapping[key.column.table.name][row[column.name]]
        renumbered = new_ids and "id" in table.c and list(table.primary_key.columns) == [table.c.id]
        if renumbered:
            old_ids = [row.pop("id") for row in rows]
            new = [r.id for r in target.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)] if rows else []
            mapping[table.name] = dict(zip(old_ids, new))
        else:
            if rows:
                target.execute(insert(table), rows)
            if "id" in table.c:
                mapping[table.name] = {row["id"]: row["id"] for row in rows}
        if own:
            ids = mapping[table.name]
            for old_id, refs in zip(mapping[table.name], later):
                values = {name: ids[value] if value is not None else None for name, value in refs.items()}
                if any(value is not None for value in values.values()):
                    target.execute(update(table).where(table.c.id == ids[old_id]).values(**values))
    return mapping[EVALUATION][evaluation_id]


def _in_utc(value: object) -> object:
    """Times as UTC with their zone: SQLite keeps bikva's UTC times without one, and PostgreSQL
    would read a time without a zone in the server's own."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    return value


def delete_evaluation(connection: Connection, evaluation_id: int) -> None:
    """Delete every row of the evaluation, children first."""
    for table in reversed(tables()):
        own = _self_references(table)
        if own:  # break the table's references to itself first (a quote answering another)
            connection.execute(update(table).where(belongs(table, evaluation_id)).values({c.name: None for c in own}))
        connection.execute(delete(table).where(belongs(table, evaluation_id)))
