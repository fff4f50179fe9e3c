"""Backups of the embedded SQLite database, taken and restored while Linli may be running.

A plain file copy misses what is still in the write-ahead log (`-wal`): every change since
the last checkpoint. SQLite's online backup API copies pages through a connection, so it
sees the WAL and yields one consistent snapshot even while other processes write (a page
changed mid-copy makes it start the pass again). PostgreSQL has its own tools for this
(`pg_dump`), which also keep roles, extensions and large objects that an SQL copy would not.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup or restore that cannot be done; `code` names the reason for the message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class BackupInfo:
    path: Path
    revision: str
    tables: int


def sqlite_path(url: str) -> Path:
    """The file behind an SQLite URL; PostgreSQL and in-memory databases are refused."""
    parsed = make_url(url)
    if not parsed.get_backend_name().startswith("sqlite"):
        raise BackupError("not-sqlite")
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("no-file")
    return Path(parsed.database)


def _connect(path: Path, *, write: bool = False) -> sqlite3.Connection:
    mode = "rwc" if write else "ro"
    connection = sqlite3.connect(f"file:{path}?mode={mode}", uri=True, timeout=30)
    connection.execute("PRAGMA busy_timeout=30000")
    return connection


def _check(connection: sqlite3.Connection) -> BackupInfo:
    """The file is a whole Linli database: intact pages and a schema revision."""
    try:
        (state,) = connection.execute("PRAGMA quick_check").fetchone()
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        (tables,) = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()
    except sqlite3.DatabaseError:
        raise BackupError("not-linli") from None
    if state != "ok":
        raise BackupError("damaged")
    if revision is None:
        raise BackupError("not-linli")
    return BackupInfo(
        path=Path(connection.execute("PRAGMA database_list").fetchone()[2]),
        revision=revision[0],
        tables=tables,
    )


def backup(url: str, destination: Path) -> BackupInfo:
    """Copy the live database at `url` into `destination` (which must not exist yet)."""
    source_path = sqlite_path(url)
    if not source_path.exists():
        raise BackupError("no-database")
    if destination.exists():
        raise BackupError("exists")
    destination.parent.mkdir(parents=True, exist_ok=True)
    source = _connect(source_path)
    target = sqlite3.connect(destination)
    try:
        # Pages in steps, so writers are not held off for the whole copy.
        source.backup(target, pages=256)
        # One self-contained file: no -wal beside it to lose when it is copied on.
        target.execute("PRAGMA journal_mode=DELETE")
        info = _check(target)
    except BaseException:
        target.close()
        destination.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    target.close()
    info.path = destination
    return info


def restore(url: str, source_file: Path) -> BackupInfo:
    """Replace the database at `url` with the backup in `source_file`, checked first.

    Through the backup API again, not a file copy: a process that still has the database
    open sees the restored pages (not a file replaced under it), and the WAL is reset.
    """
    target_path = sqlite_path(url)
    if not source_file.exists():
        raise BackupError("no-backup")
    source = _connect(source_file)
    try:
        info = _check(source)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        target = _connect(target_path, write=True)
        try:
            source.backup(target)
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            target.close()
    finally:
        source.close()
    info.path = target_path
    return info
