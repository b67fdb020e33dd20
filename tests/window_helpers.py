"""What several window tests share: closing their windows, and an office of two editors on the server."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest


def close_windows(windows: Iterable[Any]) -> None:
    """Close test windows and their databases; an edited form is let go first, so closing does not
    ask "save the changes?" (a modal nobody answers)."""
    for window in windows:
        panel = window.editor_panel
        if panel is not None and panel.form is not None:
            panel.form.dirty = False
        window.close()
        window.db.close()


def shown_and_active(qtbot: Any, window: Any) -> Any:
    """``window`` shown and the active window (its shortcuts work, keys reach it)."""
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def example_office_with_editors(request: pytest.FixtureRequest, password: str, *logins: str) -> tuple[str, list[str]]:
    """The example data in a new database on the tests' PostgreSQL server, and each of ``logins`` an
    editor logging in over TCP with ``password`` (scram), as colleagues on two machines would.
    Returns the owner's URL and the logins' URLs; skips where the server has no TCP port."""
    from partnerdesk.persistence.server import open_server_database
    from partnerdesk.persistence.server_roles import EDITOR
    from partnerdesk.services.example_data import add_example_data

    server = request.getfixturevalue("postgresql_server")
    if server.tcp_port is None:
        pytest.skip("two logins over TCP need a server started by the tests")
    url = request.getfixturevalue("server_database_url")
    db = open_server_database(url)
    try:
        add_example_data(db)
    finally:
        db.close()
    for login in logins:
        server.login_role(login, password, EDITOR)
    return url, [server.tcp_url(url, login, password) for login in logins]
