"""A record's row with its link lists in one round trip on a PostgreSQL server.

A project carries five link lists (goals, targets, funding sources, participants, contacts),
each a table of its own that SQLAlchemy loads with one query after the row's ("selectin"):
on a server six round trips before a save can even begin to write. ``get_whole`` sends the
row's query and its lists' queries together as one text of several statements (one round trip) and
hands the session the row exactly as a query would have (clean, with its lists loaded), so
the services change it and flush as usual. Elsewhere (a file, a mapper with other kinds of
relationship, a row the session holds already) it is ``session.get``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

T = TypeVar("T")


def get_whole(session: Session, row_type: type[T], record_id: str) -> T | None:
    """``session.get(row_type, record_id)``, its link lists loaded in the same round trip on a server."""
    mapper = inspect(row_type)
    lists = list(mapper.relationships)
    if (
        session.get_bind().dialect.name != "postgresql"
        or not lists
        or any(rel.lazy != "selectin" or not rel.uselist or len(rel.local_remote_pairs or ()) != 1 for rel in lists)
        or any(inspect(rel.mapper.class_).relationships for rel in lists)
        or session.identity_map.get(mapper.identity_key_from_primary_key((record_id,))) is not None
        or "%" in record_id  # a literal in a text for a driver with %-placeholders would read doubled
    ):
        return session.get(row_type, record_id)
    statements = [select(*mapper.columns).where(mapper.primary_key[0] == record_id)]
    for rel in lists:
        child_column = list(rel.local_remote_pairs or ())[0][1]  # the list row's column naming its owner
        stmt = select(*rel.mapper.columns).where(child_column == record_id)
        if rel.order_by:
            stmt = stmt.order_by(*rel.order_by)
        statements.append(stmt)
    results = all_at_once(session, statements)
    main_rows, *list_rows = results
    if not main_rows:
        return None
    row = _as_loaded(session, mapper, main_rows[0])
    for rel, found in zip(lists, list_rows, strict=True):
        set_committed_value(row, rel.key, [_as_loaded(session, rel.mapper, values) for values in found])
    return row  # type: ignore[no-any-return]


def all_at_once(session: Session, statements: Sequence[Any]) -> list[list[tuple[Any, ...]]]:
    """The rows of each of ``statements``, read in ``session``: on a server in one round trip.

    One text of several statements, sent without parameters: psycopg sends it as one simple
    query and hands back one result per statement; the server runs them in one transaction
    (one snapshot) even on an autocommit connection. Their values are quoted by SQLAlchemy as
    literals, and every value is converted as a query's would be. Elsewhere (a file), and for a
    text with a percent sign in it (a driver with %-placeholders would read it doubled), one
    statement after the other.
    """
    connection = session.connection()
    dialect = connection.dialect
    texts = [str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True})) for stmt in statements]
    if dialect.name != "postgresql" or any("%" in text for text in texts):
        return [[tuple(row) for row in session.execute(stmt)] for stmt in statements]
    sql = ";\n".join(texts)
    raw: Any = connection.connection.dbapi_connection
    results: list[list[Any]] = []
    try:
        with raw.cursor() as cursor:
            cursor.execute(sql)
            results.append(cursor.fetchall())
            while cursor.nextset():
                results.append(cursor.fetchall())
    except dialect.loaded_dbapi.Error as exc:  # raised as SQLAlchemy raises the driver's errors
        dropped = dialect.is_disconnect(exc, raw, None)
        if dropped:
            connection.invalidate(exc)  # the pool starts afresh, as after any broken connection
        raise DBAPIError.instance(
            sql, None, exc, dialect.loaded_dbapi.Error, connection_invalidated=dropped, dialect=dialect
        ) from exc
    if len(results) != len(statements):
        raise RuntimeError(f"{len(statements)} statements gave {len(results)} results")
    converted = []
    for stmt, rows in zip(statements, results, strict=True):
        processors = [column.type.result_processor(dialect, None) for column in stmt.selected_columns]
        converted.append([
            tuple(process(value) if process else value for process, value in zip(processors, row, strict=True))
            for row in rows
        ])
    return converted


def _as_loaded(session: Session, mapper: Any, values: Any) -> Any:
    """An instance of ``mapper`` made of a row of its columns, in ``session`` as if a query had loaded it."""
    attributes = {}
    for column, value in zip(mapper.columns, values, strict=True):
        attributes[mapper.get_property_by_column(column).key] = value
    instance = mapper.class_(**attributes)
    make_transient_to_detached(instance)  # no history: what the database holds
    session.add(instance)  # persistent and clean, no SQL
    return instance
