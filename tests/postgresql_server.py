"""A throwaway PostgreSQL server for the tests (the PostgreSQL lane, see README).

``PARTNERDESK_TEST_POSTGRESQL_URL`` names an existing server instead (a URL whose user
may create databases); otherwise ``initdb`` + ``pg_ctl start`` make one in a temporary
folder, listening only on a Unix socket there, and ``stop`` ends exactly that server.
PostgreSQL refuses to run as root: as root the server runs as the ``postgres`` user
(which the Debian package creates), in a folder that user owns.

Every test gets a database of its own, copied from a template that ``server init`` set
up once (``CREATE DATABASE ... TEMPLATE``: milliseconds instead of a migration each),
with the group roles and their grants.

The TCP lane: the server this module starts also listens on 127.0.0.1 (a free port) with
``scram-sha-256`` password authentication (``pg_hba.conf``: the socket trusts its
superuser, TCP asks every login for its password). ``login_role`` creates a real login
role that is a member of given group roles; ``tcp_url`` is its address over TCP.
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

ENV_URL = "PARTNERDESK_TEST_POSTGRESQL_URL"
USER = "partnerdesk"
#: Migrated to head once per session; each test's database is a copy.
TEMPLATE = "partnerdesk_template"
#: Members of this group log in with a password (scram-sha-256) even over the socket, which
#: trusts everyone else (``Server.password_login``; the "door" lane's minimal password lane).
PASSWORD_GROUP = "partnerdesk_password_logins"
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
        #: The TCP port with scram-sha-256 logins (only on a server this module started).
        self.tcp_port: int | None = None
        self._logins: set[str] = set()
        self.options = ""  # the server's options (pg_ctl start -o)

    def tcp_address(self, url: str) -> tuple[str, int]:
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

    def _admin(self, database: str = "postgres"):
        """A connection as the server's superuser (autocommit)."""
        import psycopg

        params = {k: v for k, v in self.base.query.items() if isinstance(v, str)}
        return psycopg.connect(
            host=params.get("host", self.base.host), port=self.base.port, user=self.base.username,
            password=self.base.password, dbname=database, autocommit=True,
        )

    def sql(self, url: str, *statements: str) -> list[tuple]:
        """Run ``statements`` in the database of ``url`` as the superuser; the last one's rows."""
        from sqlalchemy.engine import make_url

        rows: list[tuple] = []
        with self._admin(make_url(url).database or "postgres") as conn:
            for statement in statements:
                cursor = conn.execute(statement)
                rows = cursor.fetchall() if cursor.description else []
        return rows

    def create(self, *, migrated: bool = True) -> str:
        """A new database: set up at head (copied from the template made by ``server init``,
        with the group roles' grants, and an identity of its own) or empty."""
        if migrated:
            self._prepare_template()
        name = f"pd_{uuid.uuid4().hex[:12]}"
        template = TEMPLATE if migrated else "template0"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\'')
        if migrated:
            with self._admin(name) as conn:
                conn.execute("INSERT INTO database_info (key, value) VALUES ('database_id', %s)", [str(uuid.uuid4())])
        return self.url(name)

    def ensure_group_roles(self) -> None:
        """The group roles exist (``server init`` of the template creates them; roles belong to the server)."""
        self._prepare_template()

    def login_role(self, name: str, password: str, *groups: str) -> None:
        """Create (or reset) the login role ``name`` with ``password``, a member of ``groups`` only."""
        with self._admin() as conn:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone()
            if exists:
                for (group,) in conn.execute(
                    "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                    " JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s", [name]
                ).fetchall():
                    conn.execute(f'REVOKE "{group}" FROM "{name}"')
            verb = "ALTER" if exists else "CREATE"
            conn.execute(f"{verb} ROLE \"{name}\" LOGIN PASSWORD '{password}'")
            for group in groups:
                conn.execute(f'GRANT "{group}" TO "{name}"')
        self._logins.add(name)

    def tcp_url(self, url: str, user: str, password: str) -> str:
        """The database of ``url`` over TCP on 127.0.0.1, logging in as ``user`` with ``password`` (scram)."""
        from sqlalchemy.engine import make_url

        if self.tcp_port is None:
            raise Unavailable("this server has no TCP lane (it was not started by the tests)")
        parsed = make_url(url)
        return parsed.set(host="127.0.0.1", port=self.tcp_port, username=user, password=password, query={}
                          ).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _prepare_template(self) -> None:
        if self._template_ready:
            return
        from partnerdesk.persistence.server_admin import init_server

        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE template0 ENCODING \'UTF8\'')
        init_server(self.url(TEMPLATE))  # as IT does: schema, group roles, grants
        with self._admin(TEMPLATE) as conn:  # each copy gets an identity of its own (create)
            conn.execute("DELETE FROM database_info WHERE key = 'database_id'")
        self._template_ready = True

    def password_login(self, url: str, name: str, password: str, *, valid_until: str | None = None) -> str:
        """A login role ``name`` that must give ``password`` (scram) to reach the database of ``url``,
        with every right on its tables; returns the database's URL for that role, without the
        password. Only on a server this module started (its pg_hba.conf asks the group for one)."""
        from sqlalchemy.engine import make_url

        if self.folder is None:
            raise Unavailable("password logins need the throwaway server (its pg_hba.conf)")
        database = make_url(url).database
        expiry = f" VALID UNTIL '{valid_until}'" if valid_until else ""
        with self._admin() as conn:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (PASSWORD_GROUP,)).fetchone()
            if not exists:
                conn.execute(f'CREATE ROLE "{PASSWORD_GROUP}" NOLOGIN')
            conn.execute(f'DROP ROLE IF EXISTS "{name}"')
            conn.execute(f'CREATE ROLE "{name}" LOGIN IN ROLE "{PASSWORD_GROUP}"{expiry}')
            conn.execute(f"ALTER ROLE \"{name}\" PASSWORD '{password}'")
        import psycopg

        params = {k: v for k, v in self.base.query.items() if isinstance(v, str)}
        with psycopg.connect(host=params.get("host", self.base.host), port=self.base.port, user=self.base.username,
                             dbname=database, autocommit=True) as conn:
            conn.execute(f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{name}"')
            conn.execute(f'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "{name}"')
        return self.base.set(database=database, username=name).render_as_string(hide_password=False)

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
        common = ["-D", data, "-U", USER, "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8",
                  "--no-sync", "--no-instructions"]
        try:  # a German ICU default collation, as an office server would have: the sort keys must not care
            _run(server, "initdb", *common, "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=de-DE")
        except Unavailable:  # a server without ICU: the C locale, never the machine's LANG (a
            # non-UTF-8 one would refuse --encoding=UTF8, and each LANG would sort differently)
            shutil.rmtree(data, ignore_errors=True)
            _run(server, "initdb", *common, "--locale=C")
        hba = Path(data) / "pg_hba.conf"  # first match wins: these lines before initdb's own
        if f"+{PASSWORD_GROUP}" not in hba.read_text():
            # The password group logs in with scram even over the socket; the test superuser is
            # trusted over TCP too, so the delay and fault proxy (tests/network_proxy.py) can sit
            # between it and the server; every other login over TCP gives its password (scram).
            hba.write_text(f"local all +{PASSWORD_GROUP} scram-sha-256\nhost all {USER} 127.0.0.1/32 trust\n"
                           + hba.read_text())
        port = _free_port()
        server.tcp_port = port
        server.base = server.base.set(port=port)  # the socket's name carries the port too
        options = f"-k {folder} -p {port} -c listen_addresses=127.0.0.1 -c password_encryption=scram-sha-256 {FAST}"
        _run(server, "pg_ctl", "start", "-D", data, "-w", "-t", "60", "-l", str(folder / "server.log"), "-o", options)
        server.options = options
        server.watch_test_process()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return server
