"""The registers' text-search index: SQLite FTS5 with the ``trigram`` tokenizer.

Each record table has a ``search_text`` column (folded by the services with
``domain.text.search_blob``: lower case, no accents, one apostrophe, dashes as spaces,
written-out umlauts appended; ``services.search_text`` makes it again when those rules change). Testing ``instr(search_text, word)`` on every row costs a third
of a second on 100,000 projects; this index answers "which rows contain this substring"
from its trigram lists instead, in about a millisecond.

* One FTS5 table per record table, ``<table>_search``, an **external-content** index
  (``content='<table>'``): it stores only the trigram lists, never a second copy of the
  text, and ``rebuild`` refills it from the table in one statement (the migration does
  that). A contentless table would be as small but could not be rebuilt from the data.
  External content is keyed by the table's ``rowid``; ``VACUUM``, ``VACUUM INTO`` and the
  backup API keep rowids (checked by a test), an Alembic batch migration that copies a
  table does not -- such a migration must call ``restore(execute)`` afterwards (like
  ``change_log.create_triggers``), and ``is_complete`` lets readers fall back to ``instr``
  when a trigger is missing.
* Triggers keep it in step inside the writing transaction (insert, delete, and an update
  of ``search_text`` only), so services, imports' bulk ``executemany``, travel merges and
  undo all stay in sync without knowing about it.
* ``case_sensitive 1``: the text is folded already, so the index compares exactly what
  ``instr`` compares and both paths give the same rows.
* Trigrams need words of 3 characters or more: shorter words use ``instr`` (correct, a
  scan). The user's word is passed as one quoted FTS5 string, so ``AND``, ``OR``,
  ``NEAR``, ``*``, ``"`` or ``%`` typed into the search field are plain text.

Every SQLite-specific statement of the search lives here; ``word_condition`` gives a
portable ``LIKE`` on other databases (PostgreSQL: a ``pg_trgm`` GIN index makes it fast).
"""

from __future__ import annotations

import weakref
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, column, func, literal_column, select, table

#: The record tables with a ``search_text`` column (table name = register name).
SEARCH_TABLES = ("organisations", "partnerships", "contacts", "projects", "activities", "decisions", "programmes",
                 "grants")
COLUMN = "search_text"
#: The shortest word the trigram index can answer.
MIN_WORD = 3
TOKENIZER = "trigram case_sensitive 1"


def index_table(table: str) -> str:
    return f"{table}_search"


def create_table_sql(table: str) -> str:
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {index_table(table)} USING fts5("
        f"{COLUMN}, content='{table}', tokenize='{TOKENIZER}')"
    )


def trigger_sql(table: str) -> dict[str, str]:
    """name -> CREATE TRIGGER statement of the three triggers that keep ``table``'s index."""
    idx = index_table(table)
    add = f"INSERT INTO {idx} (rowid, {COLUMN}) VALUES (new.rowid, new.{COLUMN});"
    remove = f"INSERT INTO {idx} ({idx}, rowid, {COLUMN}) VALUES ('delete', old.rowid, old.{COLUMN});"
    return {
        f"trg_{table}_search_insert": f"CREATE TRIGGER IF NOT EXISTS trg_{table}_search_insert "
        f"AFTER INSERT ON {table} BEGIN {add} END",
        f"trg_{table}_search_delete": f"CREATE TRIGGER IF NOT EXISTS trg_{table}_search_delete "
        f"AFTER DELETE ON {table} BEGIN {remove} END",
        f"trg_{table}_search_update": f"CREATE TRIGGER IF NOT EXISTS trg_{table}_search_update "
        f"AFTER UPDATE OF {COLUMN} ON {table} BEGIN {remove} {add} END",
    }


def trigger_names() -> list[str]:
    return [name for table in SEARCH_TABLES for name in trigger_sql(table)]


def supports_trigram(connection: Any) -> bool:
    """True if this SQLite has FTS5 with the trigram tokenizer (3.34 or newer, FTS5 built in)."""
    try:
        connection.exec_driver_sql(f"CREATE VIRTUAL TABLE temp.pd_trigram_probe USING fts5(x, tokenize='{TOKENIZER}')")
    except Exception:  # noqa: BLE001 - "no such module: fts5" or "no such tokenizer"; both mean no index
        return False
    connection.exec_driver_sql("DROP TABLE temp.pd_trigram_probe")
    return True


def restore(execute: Any) -> None:
    """(Re)create the triggers and refill every index from its table.

    Call after anything that copied a record table (an Alembic batch migration): the
    copy has new rowids and no triggers.
    """
    for name in SEARCH_TABLES:
        for sql in trigger_sql(name).values():
            execute(sql)
        execute(f"INSERT INTO {index_table(name)} ({index_table(name)}) VALUES ('rebuild')")


def present(connection: Any, tables: tuple[str, ...] = SEARCH_TABLES) -> bool:
    """Every register's index table exists (a SQLite without FTS5 has none). A migration names the
    registers its revision knows (a later revision's register has no index yet)."""
    names = [index_table(t) for t in tables]
    found = connection.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE name IN ({})".format(", ".join("?" * len(names))), tuple(names)
    ).scalar()
    return bool(found == len(names))


def is_complete(connection: Any) -> bool:
    """True if every index table and trigger exists (``connection``: SQLAlchemy)."""
    if connection.dialect.name != "sqlite":
        return False
    names = {
        row[0]
        for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
    }
    return {index_table(t) for t in SEARCH_TABLES} <= names and set(trigger_names()) <= names


def agrees_with_tables(connection: Any) -> bool:
    """FTS5's own check of every index against its table's current ``search_text`` (reads it all)."""
    for name in SEARCH_TABLES:
        idx = index_table(name)
        try:
            connection.exec_driver_sql(f"INSERT INTO {idx} ({idx}, rank) VALUES ('integrity-check', 1)")
        except Exception:  # noqa: BLE001 - SQLite reports a disagreement as "database disk image is malformed"
            return False
    return True


_READY: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def is_ready(engine: Any) -> bool:
    """``is_complete`` for a database, asked once per engine (the schema does not change while open)."""
    ready = _READY.get(engine)
    if ready is None:
        with engine.connect() as connection:
            ready = is_complete(connection)
        _READY[engine] = ready
    return ready


def phrase(word: str) -> str:
    """``word`` as one literal FTS5 string: quotes doubled, everything else plain text."""
    return '"' + word.replace('"', '""') + '"'


def word_condition(main: Any, word: str, *, dialect: str, indexed: bool) -> ColumnElement[bool]:
    """"This row's ``search_text`` contains ``word``" (``word`` folded, without whitespace).

    ``main``: the record table or an alias of it. On SQLite with a complete index
    (``indexed``) a word of ``MIN_WORD`` characters or more becomes "rowid is among the
    index's matches"; shorter words, or no index, test ``instr`` on every row. Other
    databases get a portable ``LIKE`` (escaped, so ``%`` and ``_`` are plain characters).
    """
    if dialect != "sqlite":
        portable: ColumnElement[bool] = main.c[COLUMN].contains(word, autoescape=True)
        return portable
    if not indexed or not indexable(word):
        return scan_condition(main, word)
    return matches(main, [word])


def indexable(word: str) -> bool:
    """Can the trigram index answer ``word``? (3 characters or more; FTS5 cannot take a NUL.)"""
    return len(word) >= MIN_WORD and "\x00" not in word


def scan_condition(main: Any, word: str) -> ColumnElement[bool]:
    """The index-free test of one word (SQLite's ``instr``; exact and accent/case-folded)."""
    return func.instr(main.c[COLUMN], word) > 0


def matches(main: Any, words: list[str], *, drive: bool = True) -> ColumnElement[bool]:
    """"rowid is among the index's rows containing all ``words``" (each ``MIN_WORD`` long or more).

    One FTS5 query with ``AND`` (it skips through the long lists of common words, so
    "vorhaben 4711" costs what "4711" costs). ``drive=False`` writes ``+rowid`` so SQLite
    does not start from the matches but walks the sort column's index and only tests
    membership: the right plan when thousands of rows match (see ``estimate``).
    """
    base = getattr(main, "element", main)  # an alias searches its table's index
    fts = table(index_table(base.name), column("rowid"), column(COLUMN))
    query = select(fts.c.rowid).where(fts.c[COLUMN].op("MATCH")(match_expression(words)))
    return literal_column(f"{'' if drive else '+'}{main.name}.rowid").in_(query)


def match_expression(words: list[str]) -> str:
    return " AND ".join(phrase(w) for w in words)


class Estimate(NamedTuple):
    """How many rows the words match, as far as a quick look shows."""

    matched: int  # capped at PROBE
    density: float  # matches per rowid up to the PROBE-th match (1.0: every row matches)

    @property
    def few(self) -> bool:
        return self.matched < PROBE


#: How many rows ``sample_density`` looks at (a millisecond).
SAMPLE = 2000

#: How many matches ``estimate`` looks at (fetching this many rowids costs about a millisecond).
PROBE = 5000


def estimate(connection: Any, table_name: str, words: list[str]) -> Estimate:
    """Count the first ``PROBE`` matches of ``words`` in ``table_name``'s index (rowid order)."""
    idx = index_table(table_name)
    count, last = connection.exec_driver_sql(
        f"SELECT count(*), max(rowid) FROM (SELECT rowid FROM {idx} WHERE {idx} MATCH ? LIMIT {PROBE})",
        (match_expression(words),),
    ).one()
    return Estimate(int(count), (count / last) if last else 0.0)


def sample_density(connection: Any, table_name: str, words: list[str]) -> float:
    """Share of the first ``SAMPLE`` rows whose text has all ``words`` (for words the index cannot answer)."""
    test = " AND ".join("instr(search_text, ?) > 0" for _ in words)
    share = connection.exec_driver_sql(
        f"SELECT avg({test}) FROM (SELECT search_text FROM {table_name} LIMIT {SAMPLE})", tuple(words)
    ).scalar()
    return float(share or 0.0)
