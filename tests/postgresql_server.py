"""A throwaway PostgreSQL server for the tests (the PostgreSQL lane, see README).

``PARTNERDESK_TEST_POSTGRESQL_URL`` names an existing server instead (a URL whose user
may create databases); otherwise ``initdb`` + ``pg_ctl start`` make one in a temporary
folder, listening only on a Unix socket there, and ``stop`` ends exactly that server.
PostgreSQL refuses to run as root: as root the server runs as the ``postgres`` user
(which the Debian package creates), in a folder that user owns.

Every test gets a database of its own, copied from a template that the migrations set
up once (``CREATE DATABASE ... TEMPLATE``: milliseconds instead of a migration each).
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

ENV_URL = "PARTNERDESK_TEST_POSTGRESQL_URL"
USER = "partnerdesk"
#: Migrated to head once per session; each test's database is a copy.
TEMPLATE = "partnerdesk_template"
#: A test server need not survive a power loss: no fsync makes CREATE DATABASE quick.
FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


class Unavailable(Exception):
    """No server could be started (the reason is the message)."""


def find_bindir() -> Path:
    """The folder with ``initdb`` and ``pg_ctl`` (Debian keeps them out of PATH)."""
    candidates: list[str] = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        if out:
            candidates.append(out)
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True)
    for found in (shutil.which("initdb"), shutil.which("pg_ctl")):
        if found:
            candidates.append(str(Path(found).resolve().parent))
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    raise Unavailable("no PostgreSQL server programs (initdb, pg_ctl) found; install the Debian package postgresql")


class Server:
    """A running server: database URLs, creating and dropping test databases."""

    def __init__(self, base_url: str, *, folder: Path | None = None, bindir: Path | None = None,
                 as_postgres: bool = False) -> None:
        from sqlalchemy.engine import make_url

        self.base = make_url(base_url)
        if self.base.drivername == "postgresql":
            self.base = self.base.set(drivername="postgresql+psycopg")
        self.folder = folder  # set only for a server this module started
        self.bindir = bindir
        self.as_postgres = as_postgres
        self._template_ready = False
        self._watcher: subprocess.Popen[bytes] | None = None
        #: The TCP port on 127.0.0.1 this module's server also listens on (None: Unix socket only).
        self.tcp_port: int | None = None
        self.options = ""  # the server's options (pg_ctl start -o)

    def tcp_url(self, url: str) -> tuple[str, int]:
        """``url``'s database reached over TCP instead: (the URL, its host's port).

        A delay or fault proxy (tests/network_proxy.py) goes between a program and this address.
        """
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if self.tcp_port is not None:
            query = {k: v for k, v in parsed.query.items() if k != "host"}
            parsed = parsed.set(host="127.0.0.1", port=self.tcp_port, query=query)
        return parsed.render_as_string(hide_password=False), parsed.port or 5432

    def restart_immediately(self) -> None:
        """``pg_ctl restart -m immediate``: every connection breaks, as when the server crashes."""
        assert self.folder is not None, "only a server this module started can be restarted"
        with self._admin() as conn:  # FAST turns synchronous_commit off: what was acknowledged must survive
            conn.execute("CHECKPOINT")
        _run(self, "pg_ctl", "restart", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "-t", "60",
             "-l", str(self.folder / "server.log"))  # a log file: else the server holds our output pipe

    def stop_for_a_while(self) -> None:
        """Stop the server (it is unreachable) until ``start_again``."""
        assert self.folder is not None, "only a server this module started can be stopped"
        with self._admin() as conn:
            conn.execute("CHECKPOINT")
        _run(self, "pg_ctl", "stop", "-D", str(self.folder / "data"), "-m", "immediate", "-w")

    def start_again(self) -> None:
        assert self.folder is not None
        _run(self, "pg_ctl", "start", "-D", str(self.folder / "data"), "-w", "-t", "60",
             "-l", str(self.folder / "server.log"), "-o", self.options)

    def url(self, database: str) -> str:
        return self.base.set(database=database).render_as_string(hide_password=False)

    def _admin(self):
        import psycopg

        params = {k: v for k, v in self.base.query.items() if isinstance(v, str)}
        return psycopg.connect(
            host=params.get("host", self.base.host), port=self.base.port, user=self.base.username,
            password=self.base.password, dbname="postgres", autocommit=True,
        )

    def create(self, *, migrated: bool = True) -> str:
        """A new database: at head (copied from the template) or empty."""
        if migrated:
            self._prepare_template()
        name = f"pd_{uuid.uuid4().hex[:12]}"
        template = TEMPLATE if migrated else "template0"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\'')
        return self.url(name)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _prepare_template(self) -> None:
        if self._template_ready:
            return
        from partnerdesk.persistence.server import open_server_database

        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE template0 ENCODING \'UTF8\'')
        db = open_server_database(self.url(TEMPLATE))
        try:
            with db.write() as session:  # each copy gets an identity of its own when opened
                session.connection().exec_driver_sql("DELETE FROM database_info")
        finally:
            db.close()
        self._template_ready = True

    def stop(self) -> None:
        """Stop the server this module started (never one named by ``ENV_URL``) and remove its folder."""
        if self.folder is None:
            if self._template_ready:
                with self._admin() as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
            return
        _run(self, "pg_ctl", "stop", "-D", str(self.folder / "data"), "-m", "fast", "-w")
        shutil.rmtree(self.folder, ignore_errors=True)
        if self._watcher is not None:
            self._watcher.kill()  # the watcher this module started, by its own handle
            self._watcher.wait()

    def watch_test_process(self) -> None:
        """Stop the server even if the test run dies without tearing down (killed, timed out):
        a small shell loop waits for this process to end, then stops the server and exits."""
        assert self.folder is not None
        stop = " ".join(shlex.quote(a) for a in _command(self, "pg_ctl", "stop", "-D", str(self.folder / "data"), "-m", "fast"))
        loop = (f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; "
                f"{stop} >/dev/null 2>&1; rm -rf {shlex.quote(str(self.folder))}")
        self._watcher = subprocess.Popen(["sh", "-c", loop], start_new_session=True, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _command(server: Server, program: str, *args: str) -> list[str]:
    assert server.bindir is not None
    command = [str(server.bindir / program), *args]
    if server.as_postgres:
        command = ["runuser", "-u", "postgres", "--", *command]
    return command


def _run(server: Server, program: str, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(_command(server, program, *args), capture_output=True, text=True, check=False, timeout=120)
    if result.returncode != 0:
        raise Unavailable(f"{program} failed ({result.returncode}): {(result.stderr or result.stdout).strip()[-800:]}")
    return result


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start() -> Server:
    """The server of ``ENV_URL``, or a new throwaway one; raises ``Unavailable`` with the reason."""
    try:
        import psycopg
    except ImportError as exc:
        raise Unavailable("the Python driver psycopg is not installed (pip install -e '.[test]')") from exc
    if os.environ.get(ENV_URL):
        server = Server(os.environ[ENV_URL])
        try:
            with server._admin():
                pass
        except psycopg.Error as exc:
            raise Unavailable(f"{ENV_URL} names a server that cannot be reached: {exc}") from exc
        return server
    bindir = find_bindir()
    as_postgres = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="pd-pg-"))  # short: a socket path has ~100 characters
    server = Server(f"postgresql+psycopg://{USER}@/postgres?host={folder}", folder=folder, bindir=bindir,
                    as_postgres=as_postgres)
    try:
        if as_postgres:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root, and there is no user postgres to run the server as") from None
            if not shutil.which("runuser"):
                raise Unavailable("running as root, and runuser is missing")
            os.chown(folder, owner.pw_uid, owner.pw_gid)
        data = str(folder / "data")
        common = ["-D", data, "-U", USER, "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"]
        try:  # a German ICU default collation, as an office server would have: the sort keys must not care
            _run(server, "initdb", *common, "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=de-DE")
        except Unavailable:
            shutil.rmtree(data, ignore_errors=True)
            _run(server, "initdb", *common)
        port = _free_port()  # TCP on 127.0.0.1 too: a delay or fault proxy can go in between
        options = f"-k {folder} -c listen_addresses='127.0.0.1' -p {port} {FAST}"
        _run(server, "pg_ctl", "start", "-D", data, "-w", "-t", "60", "-l", str(folder / "server.log"), "-o", options)
        server.tcp_port, server.options = port, options
        server.base = server.base.set(port=port)  # the socket's name carries the port
        server.watch_test_process()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return server
