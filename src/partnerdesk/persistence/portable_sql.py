"""SQL whose spelling differs between SQLite and PostgreSQL, for the services to use unchanged.

The services build their queries with SQLAlchemy; the few expressions that have no
common spelling are made here, so no service names a dialect.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Integer, String, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class text_position(FunctionElement[int]):  # noqa: N801 - named like the SQL function it stands for
    """1-based position of the second argument in the first, 0 if absent (``instr`` / ``strpos``)."""

    type = Integer()
    name = "text_position"
    inherit_cache = True


@compiles(text_position)
def _instr(element: text_position, compiler: Any, **kw: Any) -> str:
    return f"instr({compiler.process(element.clauses, **kw)})"


@compiles(text_position, "postgresql")
def _strpos(element: text_position, compiler: Any, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)})"


def row_order(table: Any, dialect: str) -> ColumnElement[Any]:
    """A stable last sort key of ``table`` (a table or an alias of it).

    SQLite: the ``rowid`` (insertion order, and the key every index ends with, so a sort
    by an indexed column plus rowid still walks that index). Elsewhere: the primary key
    ``id`` (PostgreSQL has no rowid; a UUID gives a stable if arbitrary tiebreak).
    """
    if dialect == "sqlite":
        return literal_column(f"{table.name}.rowid")
    return table.c.id  # type: ignore[no-any-return]


def sort_direction(expr: Any, *, descending: bool, dialect: str, main: Any = None) -> Any:
    """``expr`` ascending or descending, empty values (NULL) first when ascending and last
    when descending on every database -- SQLite's own order, which PostgreSQL reverses.

    A NOT NULL column of ``main`` (the queried table itself, not an outer-joined one,
    whose columns are NULL where nothing joins) keeps the plain direction, so PostgreSQL
    can still walk its index (an index's order is ASC NULLS LAST).
    """
    ordered = expr.desc() if descending else expr.asc()
    never_null = main is not None and getattr(expr, "table", None) is main and getattr(expr, "nullable", True) is False
    if dialect == "sqlite" or never_null:
        return ordered
    return ordered.nulls_last() if descending else ordered.nulls_first()


class code_points(FunctionElement[str]):  # noqa: N801 - named like an SQL function, as it is used
    """A text compared by its code points on every database (for an id as the last sort key):
    SQLite's own BINARY collation, ``COLLATE "C"`` on PostgreSQL, whatever the server's default."""

    type = String()
    name = "code_points"
    inherit_cache = True


@compiles(code_points)
def _as_is(element: code_points, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(code_points, "postgresql")
def _collate_c(element: code_points, compiler: Any, **kw: Any) -> str:
    return f'({compiler.process(element.clauses, **kw)}) COLLATE "C"'


def broken_references(connection: Any) -> list[Any]:
    """Rows whose foreign key points nowhere, checked before a big write commits.

    SQLite: ``PRAGMA foreign_key_check`` (its table, rowid, target, constraint). PostgreSQL
    checks every foreign key at each statement (they are not deferrable), so nothing
    broken can remain in an open transaction: always empty.
    """
    if connection.dialect.name == "sqlite":
        return list(connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall())
    return []


def integrity(connection: Any) -> str:
    """"ok", or what the database's own full check of every page and index finds wrong.

    SQLite: ``PRAGMA integrity_check`` (reads the whole file; seconds on a big one). A
    server keeps its pages consistent itself and has no such check to run: "ok".
    """
    if connection.dialect.name == "sqlite":
        return str(connection.exec_driver_sql("PRAGMA integrity_check").scalar())
    return "ok"


def sorted_list_of(column: Any, *, where: ColumnElement[bool], dialect: str) -> ColumnElement[Any] | None:
    """A correlated subquery giving ``column``'s values where ``where`` holds, ascending, as one list.

    PostgreSQL: ``array_agg(... ORDER BY ...)``, so a register's rows carry their SDG goals in
    the same query (one round trip fewer over the network). ``None`` elsewhere: SQLite has no
    list value, and its second query costs no round trip.
    """
    if dialect != "postgresql":
        return None
    from sqlalchemy import func, select
    from sqlalchemy.dialects.postgresql import aggregate_order_by

    return select(func.array_agg(aggregate_order_by(column, column.asc()))).where(where).scalar_subquery()
