"""The table model of a register: ordered row ids plus a lazy cache of plain display rows.

Filtering, searching and sorting happen in SQL (``RegisterService.ids``). The ids come a
page at a time (``canFetchMore``/``fetchMore``, asked by the view when it scrolls near
the end) and display values only for the rows a view paints, a block at a time. So a
register of 500,000 activities opens with one page, and the total is counted in a
background thread (``count_changed``) without holding up the window.

The ids of a query run in a worker thread. The model waits for them up to ``patience``
seconds, which covers nearly every query (an indexed sort or a search takes milliseconds),
and then shows them at once, exactly as if it had run the SQL itself. A query that takes
longer (sorting 500,000 activities by a column no index serves, about a second) finishes
in the background: the window stays usable, ``busy_changed`` lets the view show that
it is working, and the new rows replace the old ones when they are there
(``query_applied``). A newer query makes an older one's result void. Pages after a slow
query are fetched ten times bigger, since each page costs the whole sort again.
A row that cannot be loaded (deleted meanwhile) is shown greyed out and disabled instead
of raising inside ``data()``.

On a database server (``ui.background``) each query is a network round trip: the worker
then also loads the display values of the first rows, in the same read transaction as
the ids, so painting them costs nothing, and the window waits for it with its event
loop running (painting, timers), never blocking its GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from partnerdesk.domain import sdg
from partnerdesk.i18n import current_language
from partnerdesk.services.registers import ColumnSpec, KeyFactCell, Money, RegisterQuery, RegisterRow, RegisterService
from partnerdesk.services.workspace import once_more_if_dropped
from partnerdesk.ui import background
from partnerdesk.ui.formatting import format_date, format_money, ui_locale

log = logging.getLogger(__name__)

#: Custom roles, in one place.
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record id (str)
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2  # the plain value (date, int, Money, tuple of goals)

# data() runs for every painted cell and role, so it compares plain ints.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_ID = int(ID_ROLE)
_VALUE = int(VALUE_ROLE)
_ANSWERED = frozenset({_DISPLAY, _ALIGNMENT, _FOREGROUND, _TOOLTIP, _DECORATION, _ID, _VALUE})

BLOCK = 64  # rows whose display values are loaded together (a screenful and a bit)
PAGE = 500
BIG_PAGE = 5_000  # pages of a query that proved slow: each page costs the whole sort again
CACHE_LIMIT = 5_000
PATIENCE = 0.1  # seconds the window waits for a query before it finishes in the background

_Index = QModelIndex | QPersistentModelIndex
_ENABLED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

#: A result that finishes while the program is closing must not post anything: Qt's
#: objects are being destroyed then, and a queued signal from another thread crashed
#: the program (seen when the window was closed right after opening a huge register).
_delivery = threading.Lock()
_application_closing = False


def stop_delivering_counts() -> None:
    """From now on background counts and queries are dropped (call it when the application closes)."""
    global _application_closing
    with _delivery:
        _application_closing = True


class _Post(QObject):
    """Carries a worker thread's result to the main thread, for a model that may be gone by then.

    A worker must never emit a signal of the model itself: the model can be deleted in the
    main thread (its register closed, another database opened, a test ending) at the very
    moment the worker emits, and that crashed the program. This object lives as long as the
    program; the main thread then checks that the model still exists before handing it over.
    """

    posted = Signal(object, object)  # the model, a function taking the model

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def _deliver(model: Any, hand_over: Any) -> None:
        if isValid(model):
            hand_over(model)


_post: _Post | None = None  # made in the main thread by the first model


def _post_to_main_thread(model: Any, hand_over: Any) -> None:
    """From a worker: run ``hand_over(model)`` in the main thread, if the model and program live on."""
    with _delivery:
        if not _application_closing and _post is not None:
            _post.posted.emit(model, hand_over)


@dataclass(eq=False)
class _IdsJob:
    """One query of ids, run in a worker thread."""

    query: RegisterQuery
    offset: int
    limit: int | None
    append: bool  # a further page (fetchMore) rather than a new query
    done: threading.Event = field(default_factory=threading.Event)
    ids: list[str] = field(default_factory=list)
    error: BaseException | None = None
    seconds: float = 0.0
    handled: bool = False
    rows: list[RegisterRow] | None = None  # the first rows' display values (a server: same transaction)


class RegisterTableModel(QAbstractTableModel):
    """One register's rows. ``set_query`` re-runs the SQL; ``refresh`` reloads what is loaded."""

    #: The number of records the query selects, once the background count is done.
    count_changed = Signal(int)
    #: True while a query or a further page is still running in the background.
    busy_changed = Signal(bool)
    #: A query requested with ``request_query`` that ran in the background is now shown.
    query_applied = Signal()
    #: A query that ran in the background failed (the exception); the old rows stay.
    query_failed = Signal(object)
    #: Further rows that were loading in the background (``fetchMore``, ``load_rest``) are in.
    rows_appended = Signal()

    #: Seconds to wait for a query before letting it finish in the background.
    patience = PATIENCE

    def __init__(self, service: RegisterService, parent: Any = None) -> None:
        super().__init__(parent)
        self.service = service
        self.columns: list[ColumnSpec] = service.columns()
        self.query: RegisterQuery = service.default_query()
        self._ids: list[str] = []
        self._positions: dict[str, int] = {}
        self._exhausted = True
        self._cache: dict[str, RegisterRow | None] = {}  # None: the record is gone
        self._texts: dict[str, list[str]] = {}  # the display texts of the rows in _cache
        self._alignments = [int(_alignment(c)) for c in self.columns]
        self._gone_texts = ["—"] + [""] * (len(self.columns) - 1)
        self._locale = ui_locale()
        self._generation = 0
        self.total: int | None = None
        self.loaded = False
        self._page = PAGE
        self._job: _IdsJob | None = None  # the one running job whose result is still wanted
        global _post
        if _post is None:
            _post = _Post()  # in the main thread, where its deliveries run

    @property
    def kind(self) -> str:
        return self.service.kind

    # Loading -------------------------------------------------------------------------------

    @property
    def wanted_query(self) -> RegisterQuery:
        """The query the user asked for last: the one shown, or the one still running."""
        if self._job is not None and not self._job.append:
            return self._job.query
        return self.query

    @property
    def busy(self) -> bool:
        return self._job is not None

    def set_query(self, query: RegisterQuery, *, rows: int = 0) -> None:
        """Show ``query``'s records now, loading the first ``rows`` (at least a page) of them.

        Waits for the SQL however long it takes; an error is raised and leaves the model as it
        was. The window's own searches and sorts use ``request_query``.
        """
        self._drop_job()
        limit = max(rows, PAGE)
        if self._remote:  # in a worker, the window painting meanwhile
            job = self._start(_IdsJob(query, 0, limit, append=False))
            background.wait_for(job.done)
            self._complete(job, raise_error=True)
            return
        started = time.perf_counter()
        ids = self.service.ids(query, 0, limit)  # before the reset: an error leaves the model as it was
        self._show(query, ids, limit, time.perf_counter() - started)

    @property
    def _remote(self) -> bool:
        return background.is_remote(self.service.db)

    def request_query(self, query: RegisterQuery, *, rows: int = 0) -> bool:
        """Show ``query``'s records: now if the SQL answers within ``patience``, else later.

        True: the rows are shown (an error is raised, the model unchanged). False: the query
        runs on in the background; ``query_applied`` or ``query_failed`` follows, unless a
        newer query comes first (on a server it may already have come during the wait).
        """
        return self._run(_IdsJob(query, 0, max(rows, PAGE), append=False))

    def refresh(self) -> None:
        """Reload with the same query, as many rows as were loaded (so the selection stays)."""
        self.set_query(self.wanted_query, rows=len(self._ids))

    def _show(
        self, query: RegisterQuery, ids: list[str], limit: int, seconds: float, rows: list[RegisterRow] | None = None
    ) -> None:
        self.beginResetModel()
        self.query = query
        self._set_ids(ids)
        self._exhausted = len(ids) < limit
        self._page = BIG_PAGE if seconds > self.patience / 2 else PAGE
        self._cache.clear()
        self._texts.clear()
        if rows is not None:
            self._keep(rows)
        self.loaded = True
        self.endResetModel()
        self._count()

    # Queries in a worker thread ----------------------------------------------------------------

    def _run(self, job: _IdsJob) -> bool:
        """Start ``job``; True if it finished within ``patience`` and is shown (errors raised),
        False if it goes on in the background (busy until ``_take_job`` gets its result)."""
        self._start(job)
        if background.wait_for(job.done, self.patience) if self._remote else job.done.wait(self.patience):
            if job.handled:
                # On a server the wait keeps the event loop running, and the worker's result can
                # arrive through ``_take_job`` inside it: shown already, with ``query_applied``.
                # Completing it again reset the model and read the relationships a second time.
                return False
            self._complete(job, raise_error=True)
            return True
        self.busy_changed.emit(True)
        return False

    def _start(self, job: _IdsJob) -> _IdsJob:
        was_busy = self._job is not None
        self._job = job
        service = self.service

        remote = self._remote

        def work() -> None:
            started = time.perf_counter()
            try:
                if remote:
                    job.ids, job.rows = once_more_if_dropped(_ids_and_rows, service, job)
                else:
                    job.ids = service.ids(job.query, job.offset, job.limit)
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which reports it
                job.error = exc
            job.seconds = time.perf_counter() - started
            job.done.set()
            _post_to_main_thread(self, lambda model: model._take_job(job))

        threading.Thread(target=work, name=f"ids {self.kind}", daemon=True).start()
        if was_busy:
            self.busy_changed.emit(False)  # the older job is void; the caller says if it waits
        return job

    def _drop_job(self) -> None:
        if self._job is not None:
            self._job = None
            self.busy_changed.emit(False)

    def _take_job(self, job: _IdsJob) -> None:
        """A worker's result arrives in the main thread (if nobody waited for it)."""
        if job.handled or job is not self._job:
            return
        self._job = None
        self.busy_changed.emit(False)
        try:
            self._complete(job, raise_error=False)
        except Exception as exc:  # noqa: BLE001 - reported; the rows shown stay as they were
            self.query_failed.emit(exc)
            return
        if job.append:
            self.rows_appended.emit()
        else:
            self.query_applied.emit()

    def _complete(self, job: _IdsJob, *, raise_error: bool) -> None:
        job.handled = True
        if self._job is job:
            self._job = None
        if job.error is not None:
            if raise_error:
                raise job.error
            self.query_failed.emit(job.error)
            return
        if job.append:
            self._append(job.ids, job.limit)
        else:
            assert job.limit is not None
            self._show(job.query, job.ids, job.limit, job.seconds, job.rows)

    def _set_ids(self, ids: list[str]) -> None:
        self._ids = ids
        self._positions = {record_id: row for row, record_id in enumerate(ids)}

    def _count(self) -> None:
        self._generation += 1
        self.total = len(self._ids) if self._exhausted else None
        if self.total is not None:
            self.count_changed.emit(self.total)
            return
        generation, service, query = self._generation, self.service, self.query

        def work() -> None:
            try:
                count = service.count(query)
            except Exception:  # the count is a nicety; the rows are already shown
                log.warning("counting %s failed", service.kind, exc_info=True)
                return
            _post_to_main_thread(self, lambda model: model._take_count(generation, count))

        threading.Thread(target=work, name=f"count {self.kind}", daemon=True).start()

    def _take_count(self, generation: int, count: int) -> None:
        if generation == self._generation:
            self.total = count
            self.count_changed.emit(count)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt override
        return not parent.isValid() and self.loaded and not self._exhausted and self._job is None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802 - Qt override
        if parent.isValid() or self._exhausted or self._job is not None:
            return
        self._run(_IdsJob(self.query, len(self._ids), self._page, append=True))

    @property
    def exhausted(self) -> bool:
        """Every row the query selects is loaded."""
        return self._exhausted

    def load_rest(self) -> bool:
        """Load every remaining id (to reach a record far down the list).

        True: they are all loaded now (an error is raised). False: they come in the background
        (``rows_appended`` follows), or a new query is still running (``query_applied``
        follows; the rest is not loaded then). A further page still running is replaced: the
        rest includes it. On a huge register the SQL takes seconds (it sorts every row).
        """
        if self._job is not None and not self._job.append:
            return False
        if self._exhausted:
            return True
        return self._run(_IdsJob(self.query, len(self._ids), None, append=True))

    def _append(self, more: list[str], limit: int | None) -> None:
        self._exhausted = limit is None or len(more) < limit
        more = [record_id for record_id in more if record_id not in self._positions]
        if more:
            start = len(self._ids)
            self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
            for offset, record_id in enumerate(more):
                self._positions[record_id] = start + offset
            self._ids.extend(more)
            self.endInsertRows()

    def ids(self) -> list[str]:
        """The ids loaded so far, in order."""
        return list(self._ids)

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: str) -> int:
        """The row of ``record_id``, -1 if not (yet) loaded."""
        return self._positions.get(record_id, -1)

    def record_row(self, row: int) -> RegisterRow | None:
        """The plain display row at ``row`` (loaded on demand), ``None`` if it is gone."""
        record_id = self.id_at(row)
        if record_id is None:
            return None
        if record_id not in self._cache:
            self._load_block(row)
        return self._cache.get(record_id)

    def _row_texts(self, row: int) -> list[str]:
        """The display texts of the (valid) row ``row``, loaded with their block on demand."""
        record_id = self._ids[row]
        texts = self._texts.get(record_id)
        if texts is None:
            self._load_block(row)
            texts = self._texts[record_id]
        return texts

    def _load_block(self, row: int) -> None:
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
            self._texts.clear()
        start = max(0, row - row % BLOCK)
        wanted = [i for i in self._ids[start : start + BLOCK] if i not in self._cache]
        try:
            found = self.service.rows(wanted)
        except Exception:  # never raise inside data(); show the rows as unavailable
            log.exception("loading rows of %s failed", self.kind)
            found = []
        self._keep(found, wanted)

    def _keep(self, found: list[RegisterRow], wanted: list[str] | None = None) -> None:
        """Cache the display rows ``found``; ids of ``wanted`` not among them are gone."""
        by_id = {r.id: r for r in found}
        columns = self.columns
        for record_id in (wanted if wanted is not None else list(by_id)):
            record = by_id.get(record_id)
            self._cache[record_id] = record
            if record is None:
                self._texts[record_id] = self._gone_texts
            else:
                # Formatted once per load, not at every paint (hover and selection repaint often).
                self._texts[record_id] = [self._format(c, record.values.get(c.key)) for c in columns]

    def replace_rows(self, rows: list[RegisterRow]) -> list[str]:
        """Show the fresh display values ``rows`` in the rows already loaded (a colleague's change):
        no reset, so the selection and the scroll position stay. Returns the ids replaced."""
        replaced = []
        for record in rows:
            row = self._positions.get(record.id, -1)
            if row < 0:
                continue
            self._keep([record])
            replaced.append(record.id)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        return replaced

    def mark_gone(self, ids: list[str]) -> None:
        """Show the loaded rows of ``ids`` as deleted (greyed out, not selectable) until the next
        reload: a colleague's deletion does not move the rows under the user's eyes."""
        for record_id in ids:
            row = self._positions.get(record_id, -1)
            if row >= 0:
                self._keep([], [record_id])
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    # Qt model interface ------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.label
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_alignment(column))
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        row = index.row()
        if not 0 <= row < len(self._ids) or not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._row_texts(row) is self._gone_texts:
            return Qt.ItemFlag.NoItemFlags
        return _ENABLED

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        # The hot path of every repaint: plain int comparisons and list look-ups first.
        if role not in _ANSWERED:
            return None
        row, col = index.row(), index.column()
        if not 0 <= row < len(self._ids) or not 0 <= col < len(self._alignments) or not index.isValid():
            return None
        if role == _DISPLAY:
            return self._row_texts(row)[col]
        if role == _ALIGNMENT:
            return self._alignments[col]
        if role == _ID:
            return self._ids[row]
        gone = self._row_texts(row) is self._gone_texts
        if role == _FOREGROUND:
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text) if gone else None
        if gone:
            return None
        column = self.columns[col]
        record = self._cache[self._ids[row]]
        assert record is not None
        value = record.values.get(column.key)
        if role == _VALUE:
            return value
        if role == _TOOLTIP:
            if column.type == "goals" and value:
                lang = current_language()
                return "\n".join(f"{g} – {sdg.goal(g).short(lang)}" for g in value)
            if isinstance(value, KeyFactCell):  # every value of the key fact with its source and date
                return value.hover
            text = self._row_texts(row)[col]
            return text if len(text) > 40 else None
        if role == _DECORATION and column.type == "goals" and value:
            return QColor(sdg.goal(value[0]).colour)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        query = self.sorted_query(column, order)
        # A click on a header asks twice (the panel's indicator slot, then the view): one query.
        if query is not None and not (self.loaded and query == self.wanted_query):
            self.request_query(query)

    def sorted_query(self, column: int, order: Qt.SortOrder) -> RegisterQuery | None:
        """The wanted query sorted by ``column`` (None if that column cannot sort)."""
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return None
        wanted = self.wanted_query
        return RegisterQuery(
            wanted.kind,
            wanted.search,
            dict(wanted.filters),
            self.columns[column].key,
            order == Qt.SortOrder.DescendingOrder,
            wanted.search_columns,
        )

    # Formatting ------------------------------------------------------------------------------

    def _format(self, column: ColumnSpec, value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, date):
            return format_date(value, self._locale)
        if isinstance(value, Money):
            return format_money(value.amount, value.currency, self._locale)
        if column.type == "int" and isinstance(value, int):
            # Years are numbers but read without a thousands separator.
            return str(value) if column.key.endswith("year") else self._locale.toString(value)
        if column.type == "goals":
            return ", ".join(str(g) for g in value)
        if isinstance(value, KeyFactCell) and value.number is not None:
            return self._locale.toString(value.number)
        return str(value)


def _ids_and_rows(service: RegisterService, job: _IdsJob) -> tuple[list[str], list[RegisterRow] | None]:
    """A job's ids and (a new query) its first block's display rows: on a server one statement,
    one round trip, no transaction of its own (``RegisterService.first_rows``)."""
    if job.append or job.limit is None:
        return background.in_one_read(service.db, service.ids, job.query, job.offset, job.limit), None
    return service.first_rows(job.query, job.limit, BLOCK)


def _alignment(column: ColumnSpec) -> Qt.AlignmentFlag:
    horizontal = Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
    return horizontal | Qt.AlignmentFlag.AlignVCenter
