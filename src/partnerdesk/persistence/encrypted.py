"""Encrypted database files (travel copies) through SQLCipher.

Choice of protection, and why
-----------------------------
A travel copy holds contacts (personal data) on a laptop that may get lost, and it is
*edited* there, so it must stay encrypted while in use: whole-file encryption
(AES-GCM, age) would need a plaintext working copy on the laptop. SQLCipher encrypts
every page (AES-256-CBC) and authenticates it (HMAC-SHA512 over page and page number),
including the write-ahead log, and refuses a wrong key or a changed byte.

Key derivation: Argon2id from the ``cryptography`` package (memory-hard, RFC 9106's
second recommended setting: 64 MiB, 3 passes, 4 lanes; about 0.2 s here) turns the
passphrase into a raw 256-bit key, which is handed to SQLCipher as ``x'…'`` so
SQLCipher's own (weaker, PBKDF2) derivation is skipped. Argon2id needs a salt before
the file can be decrypted; we use the 16 random bytes SQLCipher itself keeps in
plaintext at the start of every encrypted file (its per-file salt). So a travel file
is one self-contained file: no sidecar, no plaintext header of our own, and nothing
in it but random-looking bytes. ``KDF_VERSION`` names the parameter set in the
travel metadata (readable only after decryption) so a later PartnerDesk can try newer
settings first and still open old files.

The one SQLite library rule: a file is opened either by Python's ``sqlite3`` or by
``sqlcipher3`` (which bundles its own SQLite), never by both in one process at once,
because two SQLite libraries in one process break each other's POSIX file locks.
Travel files (encrypted or not) always go through ``sqlcipher3``; office databases
through ``sqlite3``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from partnerdesk.domain.errors import CorruptDatabaseError, DatabaseFileError
from partnerdesk.i18n import _, ngettext

#: SQLite's result code for a file that is not (or not readably) a database.
NOT_A_DATABASE = 26
#: SQLite's result code for a page that fails its check (a changed or missing page).
CORRUPT = 11
SALT_BYTES = 16
KEY_BYTES = 32
KDF_VERSION = "argon2id-v1"
#: Argon2id parameters (RFC 9106, second recommended option).
class _KdfParameters(TypedDict):
    memory_cost: int
    iterations: int
    lanes: int


KDF_PARAMETERS: _KdfParameters = {"memory_cost": 64 * 1024, "iterations": 3, "lanes": 4}


class WrongKeyError(DatabaseFileError):
    """The passphrase does not open the file (or its first page was changed)."""


@dataclass(frozen=True, repr=False)
class Cipher:
    """How to open a file through SQLCipher: ``key`` is the raw key, ``None`` for no encryption."""

    key: bytes | None
    salt: bytes | None = None

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def pragma(self) -> str | None:
        if self.key is None:
            return None
        # Raw key plus the file's salt: SQLCipher uses both as given and skips its PBKDF2.
        return f"PRAGMA key = \"x'{self.key.hex()}{(self.salt or b'').hex()}'\""

    def __repr__(self) -> str:  # never print key material
        return f"Cipher(encrypted={self.encrypted})"


def dbapi() -> Any:
    import sqlcipher3.dbapi2 as module

    _silence_sqlcipher_log(module)
    return module


_silenced = False


def _silence_sqlcipher_log(module: Any) -> None:
    """SQLCipher logs every failed page check to stderr; our messages say it better."""
    global _silenced
    if not _silenced:
        conn = module.connect(":memory:")
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
        finally:
            conn.close()
        _silenced = True


def derive_key(passphrase: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    return Argon2id(salt=salt, length=KEY_BYTES, **KDF_PARAMETERS).derive(passphrase.encode("utf-8"))


def new_cipher(passphrase: str | None) -> Cipher:
    """A cipher for a new file: a fresh random salt (``None`` passphrase = unencrypted)."""
    if passphrase is None:
        return Cipher(None)
    salt = os.urandom(SALT_BYTES)
    return Cipher(derive_key(passphrase, salt), salt)


def _file_size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        raise DatabaseFileError(_("The file {name} does not exist.").format(name=path)) from None
    except OSError as exc:
        raise DatabaseFileError(
            _("The file {name} cannot be read: {reason}").format(name=path, reason=exc.strerror)
        ) from exc


def _read_only(path: Path) -> Any:
    from partnerdesk.persistence.open_files import refuse_if_open_as_office

    refuse_if_open_as_office(path)
    module = dbapi()
    try:
        return module.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except module.Error as exc:
        raise DatabaseFileError(
            _("The file {name} cannot be opened: {reason}").format(name=path, reason=exc)
        ) from exc


def is_encrypted_file(path: Path) -> bool:
    """True if ``path`` does not start like a plain SQLite file (so it may be SQLCipher's).

    The file is looked at through SQLCipher, never with Python's ``open()``: closing such a
    descriptor would drop the locks of any connection this process has open on the file.
    """
    size = _file_size(path)
    if size == 0:
        raise CorruptDatabaseError(_("{name} is empty or cut short; it is no travel copy.").format(name=path))
    if size < SALT_BYTES:
        raise CorruptDatabaseError(_cut_short_message(path))
    from partnerdesk.persistence import leftovers

    module = dbapi()
    sides_before = leftovers.has_side_files(path)
    conn = _read_only(path)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except module.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) == NOT_A_DATABASE:
            return True
        raise CorruptDatabaseError(_("{name} is damaged or not a PartnerDesk file.").format(name=path)) from exc
    finally:
        conn.close()
        if not sides_before:
            leftovers.tidy_side_files(path, lambda: connect(path, Cipher(None)))
    return False


def file_salt(path: Path) -> bytes:
    """The salt SQLCipher keeps at the start of the encrypted file ``path``, read by SQLCipher."""
    conn = _read_only(path)
    try:
        conn.execute(f"PRAGMA key = \"x'{'00' * KEY_BYTES}'\"")  # any key: the salt is read from the file
        salt = bytes.fromhex(conn.execute("PRAGMA cipher_salt").fetchone()[0])
    finally:
        conn.close()
    if len(salt) != SALT_BYTES:  # pragma: no cover - SQLCipher's salt has a fixed size
        raise CorruptDatabaseError(_("{name} is damaged or not a PartnerDesk file.").format(name=path))
    return salt


def cipher_for_file(path: Path, passphrase: str | None) -> Cipher:
    """The cipher that opens the existing file ``path`` with ``passphrase``."""
    if not is_encrypted_file(path):
        return Cipher(None)
    if not passphrase:
        raise WrongKeyError(_("{name} is encrypted; a passphrase is needed to open it.").format(name=path))
    salt = file_salt(path)
    return Cipher(derive_key(passphrase, salt), salt)


def connect(path: Path | str, cipher: Cipher, **kwargs: Any) -> Any:
    """A raw SQLCipher DB-API connection with the key applied (nothing read yet)."""
    from partnerdesk.persistence.open_files import refuse_if_open_as_office

    if isinstance(path, Path):
        refuse_if_open_as_office(path)
    module = dbapi()
    conn = module.connect(str(path), check_same_thread=False, **kwargs)
    pragma = cipher.pragma()
    if pragma:
        conn.execute(pragma)
    return conn


def check_file(path: Path, cipher: Cipher) -> tuple[int, str | None]:
    """Open ``path`` read-only with ``cipher`` and check every page.

    Returns ``(application_id, alembic revision)``; raises ``WrongKeyError`` if the key
    does not fit and ``CorruptDatabaseError`` if any page fails its check.
    """
    from partnerdesk.persistence import leftovers

    module = dbapi()
    sides_before = leftovers.has_side_files(path)
    from partnerdesk.persistence.open_files import refuse_if_open_as_office

    refuse_if_open_as_office(path)
    conn = connect(f"{path.resolve().as_uri()}?mode=ro", cipher, uri=True)
    try:
        if cipher.encrypted and _cut_short(path, conn):  # whatever the passphrase: the end is missing
            raise CorruptDatabaseError(_cut_short_message(path))
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except module.DatabaseError as exc:
            if cipher.encrypted and getattr(exc, "sqlite_errorcode", None) == CORRUPT:
                # The key opened the first page (a wrong key cannot), but later pages fail.
                raise CorruptDatabaseError(
                    _("{name} is damaged or incomplete ({detail}). Use another copy of the file.").format(
                        name=path, detail=exc
                    )
                ) from exc
            if cipher.encrypted:
                raise WrongKeyError(
                    _(
                        "{name} cannot be opened: the passphrase is wrong, or the file was changed "
                        "or damaged after it was written."
                    ).format(name=path)
                ) from exc
            raise CorruptDatabaseError(
                _("{name} is damaged or not a PartnerDesk file.").format(name=path)
            ) from exc
        try:
            if cipher.encrypted:
                bad = conn.execute("PRAGMA cipher_integrity_check").fetchall()
                if bad:
                    raise CorruptDatabaseError(
                        ngettext(
                            "{name} was changed or damaged after it was written ({count} page fails "
                            "its check). Use another copy of the file.",
                            "{name} was changed or damaged after it was written ({count} pages fail "
                            "their check). Use another copy of the file.",
                            len(bad),
                        ).format(name=path, count=len(bad))
                    )
            quick = conn.execute("PRAGMA quick_check").fetchone()[0]
            if quick != "ok":
                raise CorruptDatabaseError(
                    _("{name} is damaged or incomplete ({detail}). Use another copy of the file.").format(
                        name=path, detail=quick
                    )
                )
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            try:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            except module.OperationalError:
                row = None
        except module.DatabaseError as exc:
            raise CorruptDatabaseError(
                _("{name} is damaged or incomplete ({detail}). Use another copy of the file.").format(
                    name=path, detail=exc
                )
            ) from exc
    finally:
        conn.close()
        if not sides_before:  # a look leaves no -wal/-shm behind (a refused file least of all)
            leftovers.tidy_side_files(path, lambda: connect(path, cipher))
    return application_id, (row[0] if row else None)


def _cut_short(path: Path, conn: Any) -> bool:
    """Whether the encrypted file ends inside a page (a whole SQLCipher file is whole pages)."""
    try:
        page = int(conn.execute("PRAGMA cipher_page_size").fetchone()[0])
    except Exception:  # noqa: BLE001 - without the page size there is no evidence of a cut
        return False
    size = _file_size(path)
    return page > 0 and (size < page or size % page != 0)


def _cut_short_message(path: Path) -> str:
    return _(
        "{name} is incomplete: the file was cut short (for example by an interrupted copy or a full "
        "disk). Use another copy of the file."
    ).format(name=path)


def check_new_file(path: Path, cipher: Cipher, *, name: Path | None = None) -> None:
    """SQLCipher's page check of a file just written (a travel copy before it is renamed into place)."""
    module = dbapi()
    conn = connect(path, cipher)
    try:
        bad = conn.execute("PRAGMA quick_check").fetchone()[0]
    except module.Error as exc:
        from partnerdesk.persistence.errors import target_write_problem

        raise target_write_problem(exc, name or path) from exc
    finally:
        conn.close()
    if bad != "ok":
        raise DatabaseFileError(_("The travel copy failed its check ({detail}).").format(detail=bad))


def backup_to(source: Path, target: Path, cipher: Cipher) -> Path:
    """A whole, equally encrypted copy of ``source`` (before migrating a travel copy).

    Its temporary file is remembered until it is renamed (``leftovers``); a failed write names
    ``target`` and the cause.
    """
    from partnerdesk.persistence import leftovers
    from partnerdesk.persistence.errors import target_write_problem

    module = dbapi()
    temporary = target.with_name(f".{target.name}.{os.getpid()}.partial")
    with leftovers.pending(temporary):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary.unlink(missing_ok=True)
            conn = connect(source, cipher)
            try:
                conn.isolation_level = None
                conn.execute("VACUUM INTO ?", (str(temporary),))
            finally:
                conn.close()
            os.replace(temporary, target)
        except (OSError, module.Error) as exc:
            raise target_write_problem(exc, target) from exc
    return target
